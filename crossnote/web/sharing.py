"""What a shared link shows: OpenGraph and Twitter card data for notes, profiles and tags.

Only what anyone may see gets a rich preview: a note previews when a signed-out visitor may
read it (notes.queries.visible_notes, the one visibility rule), so a followers-only or
private note's link previews nothing, whoever opens it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from crossnote.core.clients import site_url
from crossnote.notes.queries import visible_notes

EXCERPT_CHARS = 160


def excerpt(text: str, chars: int = EXCERPT_CHARS) -> str:
    """One line of at most `chars` characters, cut at a word where there is one."""
    return Truncator(" ".join((text or "").split())).chars(chars)


def absolute(request: HttpRequest, path: str) -> str:
    return path if path.startswith(("http://", "https://")) else site_url(request) + path


def share_url(request: HttpRequest, name: str, *args: Any) -> str:
    return absolute(request, reverse(name, args=args))


def note_preview(request: HttpRequest, note: Any, images: list) -> dict[str, Any] | None:
    """The preview of a note anyone may see, else None (one query)."""
    if not visible_notes(AnonymousUser()).filter(pk=note.pk).exists():
        return None
    preview: dict[str, Any] = {
        "type": "article",
        "url": share_url(request, "web:note", note.pk),
        "title": excerpt(note.title or note.body, 70),
        "description": excerpt(note.body) or excerpt(note.title),
    }
    photo = next((i.photo for i in images if i.photo.full), None)
    if photo is not None:
        preview |= {
            "image": absolute(request, photo.full_url),
            "image_width": photo.width,
            "image_height": photo.height,
            "image_alt": images[0].alt_text or note.title,
        }
    elif note.video_id and note.video.poster:
        video = note.video
        preview |= {
            "image": absolute(request, video.url("poster")),
            "image_width": video.width,
            "image_height": video.height,
            "image_alt": note.title,
        }
    return preview


def profile_preview(request: HttpRequest, person: Any) -> dict[str, Any]:
    name = f"{person.shown_name} (@{person.username})"
    preview: dict[str, Any] = {
        "type": "profile",
        "url": share_url(request, "web:profile", person.username),
        "title": name,
        "description": excerpt(person.bio)
        or _("%(name)s on Crossnote: notes about travel, food, style and home.") % {"name": name},
    }
    avatar = getattr(person, "avatar", None)
    if avatar is not None and avatar.grid and not person.is_private:
        preview["image"] = absolute(request, avatar.url("grid"))
    return preview


def tag_preview(request: HttpRequest, tag: Any) -> dict[str, Any]:
    return {
        "type": "website",
        "url": share_url(request, "web:tag", tag.name),
        "title": f"#{tag.name}",
        "description": _("Notes tagged #%(tag)s on Crossnote, in English and Chinese.")
        % {"tag": tag.name},
    }
