"""TikTok's "Download your data" JSON (`user_data.json` or `user_data_tiktok.json`, alone or
in a ZIP), in the old layout (`Profile`, `Video`, `Activity`, `Comment`) and the 2025 one
(`Profile Info`, `Post`, `Your Activity`, `Comment`). Keys are matched without regard to
case, spaces or underscores.

The export holds no video files, only links: the videos become a private "my TikTok
history" page of links and dates. A ZIP that also holds the files (named by the video's id,
as in the link) gets them imported as video notes.
"""

from __future__ import annotations

import re

from crossnote.imports import text
from crossnote.imports.archive import SafeArchive
from crossnote.imports.plan import Plan, Post, Record, basename, when

PLATFORM = "tiktok"
_DATA_FILE = re.compile(r"user_data(_tiktok)?\.json$", re.IGNORECASE)
_VIDEO_ID = re.compile(r"/(\d{6,25})(?:[/?#]|$)")
VIDEO_SUFFIXES = (".mp4", ".mov", ".webm", ".mkv")

PROFILE_PATHS = (
    ("profile", "profileinformation", "profilemap"),
    ("profileinfo", "profilemap"),
    ("profile", "profileinfo", "profilemap"),
)
FOLLOWING_PATHS = (
    ("activity", "followinglist", "following"),
    ("activity", "following", "following"),
    ("youractivity", "following", "following"),
    ("youractivity", "followinglist", "following"),
    ("profile", "following", "following"),
)
HASHTAG_PATHS = (
    ("activity", "favoritehashtags", "favoritehashtaglist"),
    ("youractivity", "favoritehashtags", "favoritehashtaglist"),
)
COMMENT_PATHS = (
    ("comment", "comments", "commentslist"),
    ("comments", "comments", "commentslist"),
    ("youractivity", "comments", "commentslist"),
)
VIDEO_PATHS = (
    ("video", "videos", "videolist"),
    ("post", "posts", "videolist"),
    ("post", "post", "videolist"),
)
# Favourite hashtags → Discover's topics (notes.models.Topic).
TOPIC_WORDS = {
    "fashion": ("fashion", "ootd", "outfit", "style", "streetwear", "穿搭", "时尚"),
    "beauty": ("beauty", "makeup", "skincare", "nails", "hair", "美妆", "护肤"),
    "food": ("food", "foodie", "recipe", "cooking", "baking", "coffee", "美食", "做饭"),
    "travel": ("travel", "trip", "wanderlust", "hiking", "旅行", "旅游"),
    "wellness": ("wellness", "fitness", "yoga", "gym", "workout", "health", "健身"),
    "home": ("home", "interior", "decor", "garden", "diy", "家居"),
    "pets": ("pets", "pet", "dog", "dogs", "cat", "cats", "puppy", "宠物", "猫", "狗"),
}


def _norm(key: object) -> str:
    return re.sub(r"[\s_\-]", "", str(key)).lower()


def _child(node: object, key: str) -> object:
    if isinstance(node, dict):
        for name, value in node.items():
            if _norm(name) == key:
                return value
    return None


def dig(data: object, paths: tuple[tuple[str, ...], ...]) -> object:
    """The first of `paths` present in `data` (keys compared by `_norm`), else None."""
    for path in paths:
        node = data
        for key in path:
            node = _child(node, key)
            if node is None:
                break
        if node is not None:
            return node
    return None


def _field(entry: object, *names: str) -> str:
    for name in names:
        value = _child(entry, name)
        if isinstance(value, str | int) and str(value):
            return text.clean(str(value))
    return ""


def _entries(data: object, paths: tuple[tuple[str, ...], ...]) -> list[dict]:
    found = dig(data, paths)
    return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []


def _safe_link(link: str) -> str:
    """Only web links are kept: a history page never renders `javascript:` or the like."""
    return link if link.startswith(("https://", "http://")) and len(link) <= 500 else ""


def _data_file(archive: SafeArchive) -> str | None:
    return next((n for n in archive.names() if _DATA_FILE.search(basename(n))), None)


def recognises(archive: SafeArchive) -> bool:
    return _data_file(archive) is not None


def _topics(hashtags: list[str]) -> list[str]:
    topics = []
    for topic, words in TOPIC_WORDS.items():
        if any(tag in words for tag in hashtags) and topic not in topics:
            topics.append(topic)
    return topics


def read(archive: SafeArchive) -> Plan:
    plan = Plan(PLATFORM)
    data = archive.read_json(_data_file(archive) or "")
    profile = dig(data, PROFILE_PATHS)
    plan.profile = {
        "username": _field(profile, "username").lower(),
        "display_name": _field(profile, "displayname", "nickname"),
        "bio": _field(profile, "biodescription", "bio"),
    }
    for entry in _entries(data, FOLLOWING_PATHS):
        username = _field(entry, "username").lstrip("@").lower()[:100]
        if username:
            plan.records.append(
                Record("following", username, {"username": username, "date": _field(entry, "date")})
            )
    hashtags = []
    for entry in _entries(data, HASHTAG_PATHS):
        name = _field(entry, "hashtagname", "name", "hashtag")
        if not name:
            name = _field(entry, "link").rstrip("/").rsplit("/", 1)[-1]
        name = name.lstrip("#").lower()[:60]
        if name and name not in hashtags:
            hashtags.append(name)
            plan.records.append(
                Record("hashtag", name, {"text": name, "date": _field(entry, "date")})
            )
    plan.interests = _topics(hashtags)
    for entry in _entries(data, COMMENT_PATHS):
        comment, date = _field(entry, "comment"), _field(entry, "date")
        if comment:
            key = f"{date}:{hash_text(comment)}"
            plan.records.append(Record("comment", key, {"text": comment[:2000], "date": date}))
    files = {
        basename(n).rsplit(".", 1)[0]: n
        for n in archive.names()
        if n.lower().endswith(VIDEO_SUFFIXES)
    }
    for entry in _entries(data, VIDEO_PATHS):
        link, date = _safe_link(_field(entry, "link", "videolink")), _field(entry, "date")
        if not link and not date:
            continue
        match = _VIDEO_ID.search(link)
        video_id = match.group(1) if match else ""
        record = {"link": link, "date": date, "likes": _field(entry, "likes")}
        plan.records.append(Record("video_link", video_id or f"{date}:{link}", record))
        if video_id in files:
            caption = _field(entry, "title", "description", "desc")
            plan.posts.append(Post(video_id, caption, when(date), [files[video_id]], video=True))
    return plan


def hash_text(value: str) -> str:
    import hashlib

    return hashlib.sha1(value.encode("utf-8", "replace"), usedforsecurity=False).hexdigest()[:16]
