"""What a source reads an archive into: a `Plan` of posts to make into draft notes and
records to keep, plus what it skipped and why. Nothing here writes."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils.dateparse import parse_datetime


@dataclass
class Post:
    """A post to become a draft note: its photos (or one video) named as the archive names
    them (checked by the runner), its caption and when it was first posted."""

    key: str
    caption: str
    posted_at: datetime | None
    media: list[str]
    video: bool = False


@dataclass
class Record:
    """Something kept as it is (`ImportedItem.data`): a followed account, a hashtag, a
    comment, a link to a video."""

    kind: str
    key: str
    data: dict


@dataclass
class Skipped:
    what: str
    reason: str  # a stable code
    message: str


@dataclass
class Plan:
    platform: str
    posts: list[Post] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    # The person's own profile there: {"username", "display_name", "bio"} (any may be "").
    profile: dict = field(default_factory=dict)
    interests: list[str] = field(default_factory=list)  # Topic values, for Discover
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.posts) + len(self.records)


def when(value: object) -> datetime | None:
    """A time as exports write it: epoch seconds, ISO 8601, or "YYYY-MM-DD HH:MM:SS" (UTC)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if 0 < value < 32_503_680_000:  # before the year 3000
            return datetime.fromtimestamp(value, tz=UTC)
        return None
    if isinstance(value, str) and value.strip():
        text = value.strip()
        if text.isdigit():
            return when(int(text))
        try:
            parsed = parse_datetime(text.replace(" ", "T", 1))
        except ValueError:
            return None
        if parsed is None:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def basename(name: str) -> str:
    return posixpath.basename(name.replace("\\", "/"))
