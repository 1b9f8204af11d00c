"""A person's data exports, and the notes a Crossnote export brought in when imported."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models


class Export(models.Model):
    """One ZIP of everything a person owns (docs/EXPORT-FORMAT.md).

    Lifecycle: PENDING (queued or being built) → READY, or → FAILED. The archive is written
    under a temporary name and renamed to `file` only when complete, and `file` is set only
    then, so nothing half-written is ever served. A READY export is deleted (file and row)
    once `expires_at` has passed; a PENDING one a dead worker left is built again after
    RETRY_AFTER by the periodic sweep.
    """

    class State(models.TextChoices):
        PENDING = "pending"
        READY = "ready"
        FAILED = "failed"

    RETRY_AFTER = timedelta(minutes=30)
    MAX_ATTEMPTS = 3

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    # The archive's name inside CROSSNOTE_EXPORTS_ROOT, once complete (random: never guessed).
    file = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["owner", "-id"], name="export_owner_idx"),
            models.Index(fields=["state", "updated_at"], name="export_state_idx"),
        ]


class ImportedNote(models.Model):
    """A note made by importing a Crossnote export: `source` names the note it came from
    (the exporting site, account and note id, hashed), so importing again skips it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=64)
    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "source"], name="unique_imported_note")
        ]
