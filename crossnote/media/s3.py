"""Media in an S3-compatible object store (django-storages), when CROSSNOTE_MEDIA_STORAGE_URL
or CROSSNOTE_S3_* is set (see `crossnote.media.s3config` and docs/STORAGE.md).

Objects are private. A browser never lists the bucket: it asks `/media/<name>`, Django makes
the same check as for a file on disk (`media.queries.access_photo`) and answers with a redirect
to a presigned URL that expires after CROSSNOTE_S3_SIGNED_URL_SECONDS (or, for public media
only, to CROSSNOTE_S3_PUBLIC_URL when the operator serves the `media/` prefix openly).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from storages.backends.s3 import S3Storage

from crossnote.media.s3config import ORIGINALS_PREFIX

# What we store, by ending; everything else we store (variants, posters) is WebP.
CONTENT_TYPES = {".mp4": "video/mp4", ".webp": "image/webp"}
IMMUTABLE = "public, max-age=31536000, immutable"


class MediaS3Storage(S3Storage):
    """django-storages' S3 storage, with our content types and the public address kept aside."""

    def __init__(self, public_url: str = "", **options: object) -> None:
        self.public_url = public_url
        super().__init__(**options)

    def get_object_parameters(self, name: str) -> dict:
        params = super().get_object_parameters(name)
        kind = next((t for end, t in CONTENT_TYPES.items() if name.endswith(end)), None)
        params["ContentType"] = kind or "application/octet-stream"
        # A name never changes its bytes (names are random, a retry rewrites the same bytes).
        params["CacheControl"] = IMMUTABLE
        return params

    def objects_older_than(self, prefix: str, cutoff: datetime) -> Iterator[str]:
        """Names under `prefix` last written before `cutoff`: one listing, no HEAD per file."""
        root = f"{self.location}/" if self.location else ""
        start = f"{root}{prefix.strip('/')}/" if prefix else root
        for entry in self.bucket.objects.filter(Prefix=start):
            if entry.last_modified < cutoff:
                yield entry.key.removeprefix(root)

    def signed_url(self, name: str, seconds: int | None = None) -> str:
        return self.url(name, expire=seconds)


def originals(options: dict) -> MediaS3Storage:
    """The private originals, in the same bucket under `originals/` (never served)."""
    return MediaS3Storage(**{**options, "location": ORIGINALS_PREFIX, "public_url": ""})
