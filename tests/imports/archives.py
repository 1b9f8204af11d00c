"""Export archives made by the tests themselves: Instagram's four layouts, TikTok's two,
and hostile ones. Photos are drawn with Pillow (HEIC through pillow-heif); nothing is
copied from a real export."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field

from tests import images

LAYOUTS = (
    "media.json",
    "content/posts_1.json",
    "your_instagram_activity/content/posts_1.json",
    "your_instagram_activity/media/posts_1.json",
)


def mojibake(text: str) -> str:
    """What Instagram writes: each UTF-8 byte as a Latin-1 character (JSON-escaped)."""
    return text.encode("utf-8").decode("latin-1")


@dataclass
class IgPost:
    caption: str
    timestamp: int
    photos: list[bytes] = field(default_factory=lambda: [images.jpeg()])
    suffixes: list[str] = field(default_factory=list)


def zip_bytes(members: dict[str, bytes | str], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data.encode() if isinstance(data, str) else data)
    return out.getvalue()


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=True)  # \u00c3\u00a4, as Instagram writes


def instagram(
    layout: str,
    posts: list[IgPost],
    *,
    following: list[str] = (),
    following_shape: str = "2023",
    username: str = "",
    prefix: str = "",
    extra: dict[str, bytes | str] | None = None,
) -> bytes:
    members: dict[str, bytes | str] = {}
    if layout == "media.json":
        photos = []
        for i, post in enumerate(posts):
            path = f"photos/201805/{i:04d}.jpg"
            members[prefix + path] = post.photos[0]
            taken = f"2018-05-{1 + i % 28:02d}T12:00:00+00:00"
            photos.append({"caption": mojibake(post.caption), "taken_at": taken, "path": path})
        members[prefix + "media.json"] = _dump({"photos": photos, "videos": []})
    else:
        entries = []
        for i, post in enumerate(posts):
            media = []
            for j, photo in enumerate(post.photos):
                suffix = post.suffixes[j] if j < len(post.suffixes) else "jpg"
                uri = f"media/posts/202405/{i:04d}_{j}.{suffix}"
                members[prefix + uri] = photo
                media.append({"uri": uri, "creation_timestamp": post.timestamp, "title": ""})
            if len(media) == 1:  # a single photo: caption and time inside media[0]
                media[0]["title"] = mojibake(post.caption)
                entries.append({"media": media, "title": "", "creation_timestamp": 0})
            else:  # a carousel: at the post level
                for m in media:
                    m.pop("creation_timestamp")
                entries.append(
                    {
                        "media": media,
                        "title": mojibake(post.caption),
                        "creation_timestamp": post.timestamp,
                    }
                )
        members[prefix + layout] = _dump(entries)
    if following:
        members[prefix + "connections/followers_and_following/following.json"] = _dump(
            _following(following, following_shape)
        )
    if username:
        members[prefix + "personal_information/personal_information.json"] = _dump(
            {"profile_user": [{"string_map_data": {"Username": {"value": username}}}]}
        )
    members.update(extra or {})
    return zip_bytes(members)


def _following(names: list[str], shape: str) -> object:
    if shape == "2018":
        return {"following": {name: "2018-05-03T10:00:00" for name in names}}
    if shape == "2023":
        return {
            "relationships_following": [
                {
                    "title": "",
                    "media_list_data": [],
                    "string_list_data": [
                        {
                            "href": f"https://www.instagram.com/{n}",
                            "value": n,
                            "timestamp": 1683100000,
                        }
                    ],
                }
                for n in names
            ]
        }
    return {  # 2024 on: the name is the title
        "relationships_following": [
            {
                "title": n,
                "string_list_data": [
                    {"href": f"https://www.instagram.com/_u/{n}", "timestamp": 1714700000}
                ],
            }
            for n in names
        ]
    }


def tiktok(layout: str = "2025", *, videos: int = 2, following: list[str] = ("anna",)) -> dict:
    video_list = [
        {
            "Date": f"2024-0{i + 1}-03 10:00:00",
            "Link": f"https://www.tiktokv.com/share/video/72000000000000000{i}/",
            "Likes": "3",
        }
        for i in range(videos)
    ]
    follows = [{"Date": "2024-01-01 09:00:00", "UserName": n} for n in following]
    tags = [{"Date": "2024-01-01 09:00:00", "HashtagName": t} for t in ("foodie", "ootd", "x")]
    comments = [{"Date": "2024-02-02 08:00:00", "Comment": "so good 😋"}]
    profile = {"userName": "MeOnTikTok", "bioDescription": "I cook and travel 🍜", "nickName": "Me"}
    if layout == "old":
        return {
            "Profile": {"Profile Information": {"ProfileMap": profile}},
            "Video": {"Videos": {"VideoList": video_list}},
            "Activity": {
                "Following List": {"Following": follows},
                "Favorite HashTags": {"FavoriteHashtagList": tags},
            },
            "Comment": {"Comments": {"CommentsList": comments}},
        }
    return {  # 2025: renamed sections, and keys in other cases
        "Profile Info": {"ProfileMap": profile},
        "Post": {"Posts": {"VideoList": video_list}},
        "Your Activity": {
            "FOLLOWING": {"Following": follows},
            "Favorite Hashtags": {"FavoriteHashtagList": tags},
        },
        "comment": {"comments": {"CommentsList": comments}},
    }
