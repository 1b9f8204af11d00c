"""Writing an export archive: documented JSON (docs/EXPORT-FORMAT.md), the media files,
and an `index.html` that shows it all in a browser, offline.

Media are copied into the ZIP in chunks from their storage (never read whole into memory)
and stored uncompressed (WebP, MP4 and JPEG are compressed already); JSON and HTML are
deflated. The writer only reads: it changes no row.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import datetime
from typing import IO, Any

from django.core.files.storage import Storage
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from crossnote.accounts.models import User
from crossnote.accounts.queries import email_language
from crossnote.engagement.models import Board, Collect, Comment, Like
from crossnote.guides.models import GuidePair
from crossnote.media.models import Photo, Video
from crossnote.media.storage import originals_storage, public_storage
from crossnote.moderation.models import KeywordFilter
from crossnote.notes.models import Note, NoteImage
from crossnote.relations.models import Follow, FollowRequest
from crossnote.relations.queries import blocks_and_mutes_of
from crossnote.tags.models import NoteTag
from crossnote.translation.models import Translation

FORMAT = "crossnote-export"
FORMAT_VERSION = 1
CHUNK = 1 << 20
SECTIONS = (
    "profile",
    "settings",
    "notes",
    "comments",
    "likes",
    "boards",
    "follows",
    "blocks",
    "guide_answers",
    "translations",
    "messages",
)


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _person(user: User) -> dict[str, str]:
    return {"username": user.username, "display_name": user.display_name}


def _note_ref(note: Note) -> dict[str, Any]:
    return {"id": note.pk, "title": note.title, "author": note.author.username}


class MediaList:
    """The files an archive carries: (path in the archive, storage, name in the storage)."""

    def __init__(self) -> None:
        self.files: list[tuple[str, Storage, str]] = []

    def add(self, arcname: str, storage: Storage, name: str) -> str | None:
        if not name:
            return None
        self.files.append((arcname, storage, name))
        return arcname


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else "bin"


def _photo(photo: Photo, base: str, media: MediaList) -> dict[str, Any]:
    return {
        "state": photo.state,
        "width": photo.width,
        "height": photo.height,
        "color": photo.color,
        "file": media.add(f"{base}.webp", public_storage(), photo.full),
        "grid_file": media.add(f"{base}-grid.webp", public_storage(), photo.grid),
        "original": media.add(
            f"{base}-original.{_extension(photo.original)}", originals_storage(), photo.original
        ),
    }


def _video(video: Video, base: str, media: MediaList) -> dict[str, Any]:
    return {
        "state": video.state,
        "width": video.width,
        "height": video.height,
        "duration": video.duration,
        "color": video.color,
        "file": media.add(f"{base}-hd.mp4", public_storage(), video.hd)
        or media.add(f"{base}-sd.mp4", public_storage(), video.sd),
        "poster": media.add(
            f"{base}-poster.{_extension(video.poster)}", public_storage(), video.poster
        ),
        "original": media.add(
            f"{base}-original.{_extension(video.original)}", originals_storage(), video.original
        ),
    }


def _notes(user: User, media: MediaList) -> list[dict[str, Any]]:
    notes = list(Note.objects.filter(author=user).select_related("video", "author").order_by("pk"))
    ids = [n.pk for n in notes]
    images: dict[int, list[NoteImage]] = {}
    for image in NoteImage.objects.filter(note_id__in=ids).select_related("photo"):
        images.setdefault(image.note_id, []).append(image)
    tags: dict[int, list[str]] = {}
    for note_id, name in NoteTag.objects.filter(note_id__in=ids).values_list(
        "note_id", "tag__name"
    ):
        tags.setdefault(note_id, []).append(name)
    out = []
    for note in notes:
        photos = []
        for image in sorted(images.get(note.pk, []), key=lambda i: i.position):
            item = _photo(image.photo, f"media/notes/{note.pk}/{image.position + 1}", media)
            photos.append({"position": image.position, "alt_text": image.alt_text, **item})
        out.append(
            {
                "id": note.pk,
                "title": note.title,
                "body": note.body,
                "topic": note.topic,
                "kind": note.kind,
                "place": note.place,
                "visibility": note.visibility,
                "state": note.state,
                "language": note.language,
                "hashtags": sorted(tags.get(note.pk, [])),
                "created_at": _time(note.created_at),
                "updated_at": _time(note.updated_at),
                "published_at": _time(note.published_at),
                "counts": {
                    "likes": note.like_count,
                    "collects": note.collect_count,
                    "comments": note.comment_count,
                    "views": note.view_count,
                },
                "photos": photos,
                "video": _video(note.video, f"media/notes/{note.pk}/video", media)
                if note.video
                else None,
            }
        )
    return out


def _comment(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "note": _note_ref(comment.note),
        "parent_id": comment.parent_id,
        "reply_to": comment.reply_to.username if comment.reply_to else None,
        "body": comment.body,
        "language": comment.language,
        "likes": comment.like_count,
        "is_answer": comment.is_answer,
        "created_at": _time(comment.created_at),
    }


def _comments(user: User, answers: bool = False) -> list[dict[str, Any]]:
    rows = Comment.objects.filter(author=user).select_related("note__author", "reply_to")
    if answers:
        rows = rows.filter(is_answer=True)
    return [_comment(c) for c in rows.order_by("pk").iterator(chunk_size=500)]


def _likes(user: User) -> list[dict[str, Any]]:
    rows = Like.objects.filter(user=user).select_related("note__author").order_by("pk")
    return [
        {"note": _note_ref(like.note), "created_at": _time(like.created_at)}
        for like in rows.iterator(chunk_size=500)
    ]


def _boards(user: User) -> list[dict[str, Any]]:
    collects: dict[int, list[dict[str, Any]]] = {}
    rows = Collect.objects.filter(user=user).select_related("note__author").order_by("pk")
    for collect in rows.iterator(chunk_size=500):
        collects.setdefault(collect.board_id, []).append(
            {
                "note": _note_ref(collect.note),
                "own": collect.note.author_id == user.pk,
                "created_at": _time(collect.created_at),
            }
        )
    return [
        {
            "id": board.pk,
            "name": board.name,
            "is_default": board.is_default,
            "is_private": board.is_private,
            "created_at": _time(board.created_at),
            "collects": collects.get(board.pk, []),
        }
        for board in Board.objects.filter(owner=user).order_by("pk")
    ]


def _edges(rows: Any, field: str) -> list[dict[str, Any]]:
    return [
        {**_person(getattr(row, field)), "since": _time(row.created_at)}
        for row in rows.select_related(field).order_by("pk").iterator(chunk_size=500)
    ]


def _follows(user: User) -> dict[str, Any]:
    return {
        "following": _edges(Follow.objects.filter(follower=user), "followee"),
        "followers": _edges(Follow.objects.filter(followee=user), "follower"),
        "requests_sent": _edges(FollowRequest.objects.filter(requester=user), "target"),
        "requests_received": _edges(FollowRequest.objects.filter(target=user), "requester"),
    }


def _blocks(user: User) -> dict[str, Any]:
    rows = blocks_and_mutes_of(user)
    return {"blocked": _edges(rows["blocked"], "blocked"), "muted": _edges(rows["muted"], "muted")}


def _profile(user: User, media: MediaList) -> dict[str, Any]:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "bio": user.bio,
        "email": user.email,
        "date_joined": _time(user.date_joined),
        "languages": user.languages,
        "reading_language": user.reading_language,
        "interests": user.interests,
        "is_private": user.is_private,
        "counts": {
            "notes": user.note_count,
            "followers": user.follower_count,
            "following": user.following_count,
        },
        "avatar": media.add("media/avatar.webp", public_storage(), user.avatar.full)
        if user.avatar
        else None,
    }


def _settings(user: User) -> dict[str, Any]:
    return {
        "auto_translate": user.auto_translate,
        "onboarded_at": _time(user.onboarded_at),
        "guidelines_accepted_at": _time(user.guidelines_accepted_at),
        "keyword_filters": [
            {"phrase": f.phrase, "action": f.action}
            for f in KeywordFilter.objects.filter(owner=user).order_by("pk")
        ],
        "guide_pairs": [
            p.key for p in GuidePair.objects.filter(user=user).order_by("first_language")
        ],
    }


def _translations(user: User) -> list[dict[str, Any]]:
    """Stored translations of the person's own text (nothing records who asked for a
    translation: they are stored per text, for every reader)."""
    note_ids = Note.objects.filter(author=user).values("pk")
    comment_ids = Comment.objects.filter(author=user).values("pk")
    rows = Translation.objects.filter(
        Q(kind="note", object_id__in=note_ids)
        | Q(kind="comment", object_id__in=comment_ids)
        | Q(kind="bio", object_id=user.pk)
    ).order_by("pk")
    return [
        {
            "kind": t.kind,
            "id": t.object_id,
            "target": t.target,
            "engine": t.engine,
            "parts": t.parts,
            "created_at": _time(t.created_at),
        }
        for t in rows.iterator(chunk_size=500)
    ]


def _messages(user: User, media: MediaList) -> dict[str, Any]:
    """The person's side of their conversations (crossnote.messaging decides what that is),
    with the photos they sent carried in the archive like their notes' photos."""
    from crossnote.messaging.models import Message
    from crossnote.messaging.queries import export_for

    data = export_for(user)
    sent = Message.objects.filter(sender=user, photo__isnull=False).select_related("photo")
    photos = {m.pk: m.photo for m in sent}
    for message in data["messages_sent"]:
        photo = photos.get(message["id"])
        message["photo"] = _photo(photo, f"messages/{message['id']}", media) if photo else None
    return data


def collect(user: User) -> tuple[dict[str, Any], MediaList]:
    """Every section of `user`'s export, and the media files it names."""
    media = MediaList()
    data = {
        "profile": _profile(user, media),
        "settings": _settings(user),
        "notes": _notes(user, media),
        "comments": _comments(user),
        "likes": _likes(user),
        "boards": _boards(user),
        "follows": _follows(user),
        "blocks": _blocks(user),
        "guide_answers": _comments(user, answers=True),
        "translations": _translations(user),
        "messages": _messages(user, media),
    }
    return data, media


def site_id() -> str:
    """A stable, opaque name for this server (derived from its secret key, revealing
    nothing of it): with the account id it tells an importer where a note came from."""
    return salted_hmac("crossnote.exports.site", "site", algorithm="sha256").hexdigest()[:20]


def _manifest(user: User, media: MediaList) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": _time(timezone.now()),
        "site": site_id(),
        "account": {"id": user.pk, "username": user.username},
        "files": {name: f"{name}.json" for name in SECTIONS},
        "media": [arcname for arcname, _storage, _name in media.files],
    }


def _copy(storage: Storage, name: str, target: zipfile.ZipFile, arcname: str) -> bool:
    """Stream one stored file into the archive; False when the file is missing."""
    try:
        source = storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        return False
    with source, target.open(arcname, "w", force_zip64=True) as sink:
        shutil.copyfileobj(source, sink, CHUNK)
    return True


def _json(target: zipfile.ZipFile, name: str, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False)
    target.writestr(name, text, compress_type=zipfile.ZIP_DEFLATED)


def write_archive(user: User, stream: IO[bytes]) -> None:
    """Write `user`'s export as a ZIP into `stream` (a file opened for writing)."""
    data, media = collect(user)
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as target:
        missing = set()
        for arcname, storage, name in media.files:
            if not _copy(storage, name, target, arcname):
                missing.add(arcname)
        manifest = _manifest(user, media)
        manifest["media"] = [name for name in manifest["media"] if name not in missing]
        manifest["missing_media"] = sorted(missing)
        _json(target, "manifest.json", manifest)
        for name in SECTIONS:
            _json(target, f"{name}.json", data[name])
        with translation.override(email_language(user)):
            page = render_to_string(
                "exports/index.html",
                {"data": data, "manifest": manifest, "present": set(manifest["media"])},
            )
        target.writestr("index.html", page, compress_type=zipfile.ZIP_DEFLATED)
