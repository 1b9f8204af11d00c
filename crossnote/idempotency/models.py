"""Requests that must take effect once: an `Idempotency-Key` header on the API, a one-time
token in a web form. Each use of a key is a row, kept 24 hours."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class IdempotencyKey(models.Model):
    """A person's key and what the request that first sent it created.

    The row is written in the same transaction as the object it names, and the unique
    constraint decides between two requests sent at once: the second one's insert fails
    (on PostgreSQL it waits for the first to commit), so it answers with the first's object.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    kind = models.CharField(max_length=20)  # what was created: note, comment
    # SHA-256 of what the request asked for: the same key with other content is refused.
    fingerprint = models.CharField(max_length=64)
    object_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_use_per_idempotency_key")
        ]
