"""Imports: an uploaded archive being brought in, and what it brought.

An `ImportJob` is one uploaded archive, imported in the background. Lifecycle: WAITING →
RUNNING → DONE, or → FAILED with a reason; a job killed while RUNNING is picked up again
and goes on where it stopped (`imports.runner`).

An `ImportedItem` is one thing an archive held (a post, a followed account, a hashtag, a
comment, a video link), unique per person, platform, kind and key: importing the same
archive twice, or a later export that overlaps, finds the item and creates nothing new.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.TextChoices):
    INSTAGRAM = "instagram", "Instagram"
    TIKTOK = "tiktok", "TikTok"


class ImportJob(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    platform = models.CharField(max_length=12, choices=Platform.choices)
    # The archive, under CROSSNOTE_IMPORTS_ROOT (deleted when the job ends).
    archive = models.CharField(max_length=200)
    original_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)  # the CLI resumes a job by it
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.CharField(max_length=300, blank=True)
    total = models.PositiveIntegerField(default=0)  # items found
    done = models.PositiveIntegerField(default=0)  # items handled (imported or skipped)
    attempts = models.PositiveSmallIntegerField(default=0)
    # {"imported": {kind: n}, "already": n, "skipped": [{"what", "reason", "message"}]}
    report = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Written with each item: a RUNNING job whose heartbeat stopped lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    MAX_ATTEMPTS = 5
    STALE_AFTER = timedelta(minutes=10)

    class Meta:
        indexes = [models.Index(fields=["user", "-id"], name="importjob_user_idx")]

    def __str__(self) -> str:
        return f"{self.platform} import {self.pk} ({self.state})"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class ImportedItem(models.Model):
    class Kind(models.TextChoices):
        POST = "post", _("Post")
        VIDEO = "video", _("Video")
        FOLLOWING = "following", _("Followed account")
        HASHTAG = "hashtag", _("Favourite hashtag")
        COMMENT = "comment", _("Comment")
        VIDEO_LINK = "video_link", _("Video link")
        PROFILE = "profile", _("Profile")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    job = models.ForeignKey(ImportJob, null=True, on_delete=models.SET_NULL, related_name="items")
    platform = models.CharField(max_length=12, choices=Platform.choices)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    key = models.CharField(max_length=200)
    # The draft note a post became (None once the person deleted it: it is not made again).
    note = models.ForeignKey("notes.Note", null=True, on_delete=models.SET_NULL, related_name="+")
    # What a history page shows: {"text", "link", "date", "username"}; never shown to others.
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "platform", "kind", "key"], name="unique_imported_item"
            )
        ]
        indexes = [models.Index(fields=["user", "kind", "-id"], name="importeditem_kind_idx")]

    def __str__(self) -> str:
        return f"{self.platform} {self.kind} {self.key}"


class LinkedAccount(models.Model):
    """The person's own account elsewhere, as their archive named it: how people who
    followed them there find them here (a suggestion only, never an automatic follow)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="linked_accounts"
    )
    platform = models.CharField(max_length=12, choices=Platform.choices)
    username = models.CharField(max_length=100)  # lower-cased

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "platform"], name="unique_linked_account")
        ]
        indexes = [models.Index(fields=["platform", "username"], name="linkedaccount_name_idx")]

    def __str__(self) -> str:
        return f"{self.platform}:{self.username}"
