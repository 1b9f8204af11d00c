"""Photos: one row per uploaded image, with a declared processing lifecycle."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models


class Photo(models.Model):
    """An uploaded image and the variants made from it.

    Lifecycle: PROCESSING → READY, or → FAILED after MAX_ATTEMPTS. The original (which still
    carries its metadata) is deleted once the variants exist. A photo left PROCESSING longer
    than RETRY_AFTER (a worker died) is picked up again by `notes.tasks.retry_stuck_notes`;
    every step may run again (variants are overwritten under the same names). Files no row
    references (a worker killed between writing and recording) are deleted by
    `media.tasks.sweep_orphan_photo_files` once older than ORPHAN_GRACE, which is far longer than
    any upload's transaction, so a note still being created keeps its files.
    """

    class State(models.TextChoices):
        PROCESSING = "processing"
        READY = "ready"
        FAILED = "failed"

    MAX_ATTEMPTS = 3
    RETRY_AFTER = timedelta(minutes=10)
    ORPHAN_GRACE = timedelta(hours=1)

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=12, choices=State.choices, default=State.PROCESSING)
    source_format = models.CharField(max_length=8)
    original = models.CharField(max_length=200, blank=True)
    grid = models.CharField(max_length=200, blank=True)
    full = models.CharField(max_length=200, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    # Average colour as #rrggbb: what a card shows while the image loads.
    color = models.CharField(max_length=7, default="#d9d4cf")
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["state", "updated_at"], name="photo_state_idx"),
            # Every request for a file looks its photo up by name (media.queries).
            models.Index(fields=["grid"], name="photo_grid_idx"),
            models.Index(fields=["full"], name="photo_full_idx"),
        ]

    def url(self, variant: str) -> str:
        path = getattr(self, variant)
        return f"{settings.MEDIA_URL}{path}" if path else ""

    @property
    def grid_url(self) -> str:
        return self.url("grid")

    @property
    def full_url(self) -> str:
        return self.url("full")
