"""Photos: one row per uploaded image, with a declared processing lifecycle."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models


class MediaLifecycle(models.Model):
    """What photos and videos share: an owner, a private original, the processing lifecycle
    PROCESSING → READY, or → FAILED after MAX_ATTEMPTS (retried by
    `notes.tasks.retry_stuck_notes`), the size as shown and a placeholder colour."""

    class State(models.TextChoices):
        PROCESSING = "processing"
        READY = "ready"
        FAILED = "failed"

    MAX_ATTEMPTS = 3

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=12, choices=State.choices, default=State.PROCESSING)
    source_format = models.CharField(max_length=8)
    original = models.CharField(max_length=200, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    # Average colour as #rrggbb: what a card shows while the file loads.
    color = models.CharField(max_length=7, default="#d9d4cf")
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def url(self, name: str) -> str:
        """The public address of one of this row's files (a variant, rendition or poster)."""
        path = getattr(self, name)
        return f"{settings.MEDIA_URL}{path}" if path else ""


class Photo(MediaLifecycle):
    """An uploaded image and the variants made from it.

    Lifecycle: PROCESSING → READY, or → FAILED after MAX_ATTEMPTS. The original (which still
    carries its metadata) is deleted once the variants exist. A photo left PROCESSING longer
    than RETRY_AFTER (a worker died) is picked up again by `notes.tasks.retry_stuck_notes`;
    every step may run again (variants are overwritten under the same names). Files no row
    references (a worker killed between writing and recording) are deleted by
    `media.tasks.sweep_orphan_photo_files` once older than ORPHAN_GRACE, which is far longer than
    any upload's transaction, so a note still being created keeps its files.
    """

    RETRY_AFTER = timedelta(minutes=10)
    ORPHAN_GRACE = timedelta(hours=1)

    grid = models.CharField(max_length=200, blank=True)
    full = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["state", "updated_at"], name="photo_state_idx"),
            # Every request for a file looks its photo up by name (media.queries).
            models.Index(fields=["grid"], name="photo_grid_idx"),
            models.Index(fields=["full"], name="photo_full_idx"),
        ]

    @property
    def grid_url(self) -> str:
        return self.url("grid")

    @property
    def full_url(self) -> str:
        return self.url("full")


class Video(MediaLifecycle):
    """An uploaded video and the renditions made from it (a note's only media when it has one).

    Lifecycle: PROCESSING → READY, or → FAILED after MAX_ATTEMPTS, like `Photo`. The original
    (which may carry location and device metadata) stays in the private originals folder
    until the renditions exist. Rendition and poster names derive from the original's, so a
    retried job overwrites what a killed one left. RETRY_AFTER is longer than a job may run
    (its CPU limit, see settings), so a live job is never started twice.
    """

    RETRY_AFTER = timedelta(minutes=90)

    # source_format is "mp4" (MP4/MOV) or "mkv" (Matroska/WebM); width and height are as
    # shown (rotation applied), of the largest rendition.
    #
    # Renditions: H.264 + AAC in MP4, moov first. `hd` is ≤ 1080 on the short side, `sd` ≤ 480;
    # a source no bigger than 480 has only `sd` (never upscaled).
    hd = models.CharField(max_length=200, blank=True)
    sd = models.CharField(max_length=200, blank=True)
    poster = models.CharField(max_length=200, blank=True)
    duration = models.FloatField(default=0.0)  # seconds

    class Meta:
        indexes = [
            models.Index(fields=["state", "updated_at"], name="video_state_idx"),
            # Every request for a file looks its video up by name (media.queries).
            models.Index(fields=["hd"], name="video_hd_idx"),
            models.Index(fields=["sd"], name="video_sd_idx"),
            models.Index(fields=["poster"], name="video_poster_idx"),
        ]


class VideoUpload(models.Model):
    """A resumable upload in progress (tus 1.0 core + creation, see `media.uploads`).

    The bytes received so far are the file `name` in CROSSNOTE_UPLOADS_ROOT: its size *is*
    the offset, so a request cut off mid-way keeps what arrived and the client resumes from
    there. Used by at most one note; unused uploads are deleted after EXPIRES_AFTER.
    """

    EXPIRES_AFTER = timedelta(hours=24)

    token = models.CharField(max_length=40, unique=True)  # the upload's address, random
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    length = models.PositiveBigIntegerField()
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"], name="videoupload_created_idx")]
