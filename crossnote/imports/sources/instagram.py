"""Instagram's "Download your information" archive (ZIP, JSON format), in the four layouts
seen since 2018:

- `media.json` (2018–2020): `{"photos": [{"caption", "taken_at", "path"}], ...}`, one photo
  per post;
- `content/posts_1.json`, `your_instagram_activity/content/posts_1.json` and
  `your_instagram_activity/media/posts_1.json` (2020 on): a list of posts, each with
  `media` [{"uri", "creation_timestamp", "title"}]. A single-photo post keeps its caption
  and time inside `media[0]`; a carousel at the post level.

Captions carry Instagram's mojibake (UTF-8 bytes written as Latin-1 escapes), repaired here.
`following.json` (old and new shapes) lists the accounts followed; `personal_information`
(or the old `profile.json`) names the person's own account. The archive may sit inside one
top folder: every layout is found by its path's ending, and media paths are read relative to
the folder holding the layout.
"""

from __future__ import annotations

import hashlib
import re

from django.utils.translation import gettext as _

from crossnote.imports import text
from crossnote.imports.archive import SafeArchive
from crossnote.imports.plan import Plan, Post, Record, Skipped, basename, when

PLATFORM = "instagram"
# Newest first: an archive holding two layouts is read by the newest.
LAYOUTS = (
    "your_instagram_activity/media/posts_1.json",
    "your_instagram_activity/content/posts_1.json",
    "content/posts_1.json",
    "media.json",
)
_POSTS_FILE = re.compile(r"posts_\d+\.json$")
VIDEO_SUFFIXES = (".mp4", ".mov")


def _find(archive: SafeArchive, ending: str) -> str | None:
    for name in archive.names():
        if name == ending or name.endswith("/" + ending):
            return name
    return None


def _layout(archive: SafeArchive) -> tuple[str, str] | None:
    """(the layout file found, the folder media paths are relative to)."""
    for layout in LAYOUTS:
        found = _find(archive, layout)
        if found:
            return found, found[: len(found) - len(layout)]
    return None


def recognises(archive: SafeArchive) -> bool:
    return _layout(archive) is not None


def _key(posted: object, first_media: str, caption: str) -> str:
    digest = hashlib.sha1(f"{first_media}\n{caption}".encode(), usedforsecurity=False)
    return f"{posted}:{digest.hexdigest()[:16]}"


def _under(root: str, name: object) -> str:
    """A media path as the archive names it, relative to the layout's folder. Left as it is
    (the runner refuses an unsafe one); a non-string becomes ""."""
    if not isinstance(name, str):
        return ""
    return root + name if root and not name.startswith(("/", "\\")) else name


def _old_posts(data: object, root: str, plan: Plan) -> None:
    photos = data.get("photos") if isinstance(data, dict) else None
    for entry in photos if isinstance(photos, list) else []:
        if not isinstance(entry, dict):
            continue
        caption = text.clean(entry.get("caption"), mojibake=True)
        path = _under(root, entry.get("path"))
        plan.posts.append(
            Post(
                key=_key(entry.get("taken_at"), basename(path), caption),
                caption=caption,
                posted_at=when(entry.get("taken_at")),
                media=[path],
            )
        )
    videos = data.get("videos") if isinstance(data, dict) else None
    if isinstance(videos, list) and videos:
        plan.skipped.append(
            Skipped(
                _("%(n)d videos") % {"n": len(videos)},
                "videos_not_imported",
                _("Videos from Instagram are not imported yet; your photos are."),
            )
        )


def _new_posts(data: object, root: str, plan: Plan) -> None:
    if isinstance(data, dict):  # some years wrap the list: {"ig_posts": [...]}
        data = next((v for v in data.values() if isinstance(v, list)), [])
    for entry in data if isinstance(data, list) else []:
        media = entry.get("media") if isinstance(entry, dict) else None
        if not isinstance(media, list) or not media or not isinstance(media[0], dict):
            continue
        single = len(media) == 1
        holder = media[0] if single else entry
        caption = text.clean(holder.get("title") or entry.get("title"), mojibake=True)
        posted = holder.get("creation_timestamp") or entry.get("creation_timestamp")
        paths = [_under(root, m.get("uri")) for m in media if isinstance(m, dict)]
        videos = [p for p in paths if p.lower().endswith(VIDEO_SUFFIXES)]
        if videos:
            plan.skipped.append(
                Skipped(
                    caption[:60] or basename(videos[0]),
                    "videos_not_imported",
                    _("Videos from Instagram are not imported yet; your photos are."),
                )
            )
            paths = [p for p in paths if p not in videos]
            if not paths:
                continue
        plan.posts.append(
            Post(
                key=_key(posted, basename(paths[0]), caption),
                caption=caption,
                posted_at=when(posted),
                media=paths,
            )
        )


def _usernames(data: object) -> list[str]:
    """Followed usernames from any shape of following.json (or the old connections.json)."""
    if isinstance(data, dict):
        if isinstance(data.get("following"), dict):  # 2018: {"following": {name: date}}
            return [str(name) for name in data["following"]]
        data = data.get("relationships_following") or next(
            (v for v in data.values() if isinstance(v, list)), []
        )
    names = []
    for entry in data if isinstance(data, list) else []:
        if not isinstance(entry, dict):
            continue
        strings = entry.get("string_list_data")
        first = strings[0] if isinstance(strings, list) and strings else {}
        first = first if isinstance(first, dict) else {}
        # Up to 2023 the name is the value; since 2024 it is the title (value is gone).
        name = first.get("value") or entry.get("title")
        if not name and isinstance(first.get("href"), str):
            name = first["href"].rstrip("/").rsplit("/", 1)[-1]
        if isinstance(name, str) and name:
            names.append(name)
    return names


def _profile(archive: SafeArchive) -> dict:
    for ending in ("personal_information/personal_information.json", "profile.json"):
        found = _find(archive, ending)
        if not found:
            continue
        data = archive.read_json(found)
        if isinstance(data, dict) and isinstance(data.get("profile_user"), list):
            first = data["profile_user"][0] if data["profile_user"] else {}
            strings = first.get("string_map_data", {}) if isinstance(first, dict) else {}
            strings = strings if isinstance(strings, dict) else {}

            def value(label: str, strings: dict = strings) -> str:
                item = strings.get(label)
                return (
                    text.clean(item.get("value"), mojibake=True) if isinstance(item, dict) else ""
                )

            return {"username": value("Username"), "display_name": value("Name")}
        if isinstance(data, dict):
            return {
                "username": text.clean(data.get("username")),
                "display_name": text.clean(data.get("name"), mojibake=True),
            }
    return {}


def read(archive: SafeArchive) -> Plan:
    plan = Plan(PLATFORM)
    layout, root = _layout(archive) or ("", "")
    if layout.endswith("media.json"):
        _old_posts(archive.read_json(layout), root, plan)
    else:
        folder = layout.rsplit("/", 1)[0] + "/"
        for name in archive.names():
            in_folder = name.startswith(folder) and "/" not in name[len(folder) :]
            if in_folder and _POSTS_FILE.search(name):
                _new_posts(archive.read_json(name), root, plan)
    seen: set[str] = set()
    for name in archive.names():
        if basename(name) in ("following.json", "connections.json"):
            for username in _usernames(archive.read_json(name)):
                username = text.clean(username, limit=100).lstrip("@").lower()
                if username and username not in seen:
                    seen.add(username)
                    plan.records.append(Record("following", username, {"username": username}))
    plan.profile = _profile(archive)
    return plan
