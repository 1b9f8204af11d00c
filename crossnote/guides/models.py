"""Guides: members who volunteer to help newcomers between two languages."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class GuidePair(models.Model):
    """One language pair a member guides in, e.g. English ↔ Chinese. They read both.

    The two base language codes (see guides.languages) are stored in alphabetical order, so
    "en-zh" and "zh-en" are the same pair.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guide_pairs"
    )
    first_language = models.CharField(max_length=8)
    second_language = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "first_language", "second_language"], name="unique_guide_pair"
            ),
            models.CheckConstraint(
                condition=models.Q(first_language__lt=models.F("second_language")),
                name="guide_pair_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["first_language", "second_language"], name="guide_pair_idx")
        ]

    def __str__(self) -> str:
        return f"{self.user} guides {self.key}"

    @property
    def key(self) -> str:
        return f"{self.first_language}-{self.second_language}"
