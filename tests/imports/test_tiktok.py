"""TikTok's data export, old and 2025 layouts (keys in any case): profile and bio,
following (suggestions), favourite hashtags (interests), comments and video links (kept
privately), and video files in a ZIP as video notes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crossnote.imports.models import ImportedItem, LinkedAccount
from crossnote.notes.models import Note
from tests.imports import archives
from tests.video.clips import make_clip

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("layout", ["old", "2025"])
def test_bare_json_in_both_layouts(make_user, upload_archive, layout):
    user, client = make_user("mia")
    make_user("anna")
    data = json.dumps(archives.tiktok(layout)).encode()
    response = upload_archive(client, data, "user_data_tiktok.json")
    assert response.status_code == 202, response.content
    job = client.get(f"/imports/{response.json()['id']}").json()
    assert job["state"] == "done", job
    assert job["platform"] == "tiktok"
    assert job["report"]["imported"] == {
        "following": 1,
        "hashtag": 3,
        "comment": 1,
        "video_link": 2,
    }
    user.refresh_from_db()
    assert user.bio == "I cook and travel 🍜"
    assert user.display_name == "Me"
    assert set(user.interests) >= {"food", "fashion"}
    assert LinkedAccount.objects.get(user=user).username == "meontiktok"
    links = client.get("/imports/history", kind="video_link").json()
    assert sorted(item["date"] for item in links) == ["2024-01-03 10:00:00", "2024-02-03 10:00:00"]
    assert all(item["link"].startswith("https://www.tiktokv.com/") for item in links)
    assert client.get("/imports/history", kind="comment").json()[0]["text"] == "so good 😋"
    assert [s["person"]["username"] for s in client.get("/imports/suggestions").json()] == ["anna"]
    assert not Note.objects.filter(author=user).exists()  # no video files: no notes


def test_history_is_private(make_user, upload_archive):
    _, client = make_user("mia")
    _, other = make_user("olga")
    upload_archive(client, json.dumps(archives.tiktok()).encode(), "user_data.json")
    assert other.get("/imports/history", kind="comment").json() == []
    assert other.get("/imports/history", kind="nonsense").status_code == 400


def test_the_bio_already_written_is_kept(make_user, upload_archive):
    user, client = make_user("mia", bio="Mine")
    upload_archive(client, json.dumps(archives.tiktok("old")).encode(), "user_data.json")
    user.refresh_from_db()
    assert user.bio == "Mine"


def test_only_web_links_are_kept(make_user, upload_archive):
    _user, client = make_user("mia")
    data = archives.tiktok(videos=0)
    data["Post"]["Posts"]["VideoList"] = [{"Date": "2024-01-01 00:00:00", "Link": "javascript:x"}]
    upload_archive(client, json.dumps(data).encode(), "user_data.json")
    assert [i["link"] for i in client.get("/imports/history", kind="video_link").json()] == [""]


def test_a_zip_with_the_video_files_makes_video_drafts(make_user, upload_archive, tmp_path):
    user, client = make_user("mia")
    clip = make_clip(Path(tmp_path / "v.mp4")).read_bytes()
    data = archives.zip_bytes(
        {
            "TikTok/user_data_tiktok.json": json.dumps(archives.tiktok(videos=2)),
            "TikTok/videos/720000000000000000.mp4": clip,  # the first; the second is missing
        }
    )
    job = client.get(f"/imports/{upload_archive(client, data).json()['id']}").json()
    assert job["state"] == "done", job
    note = Note.objects.get(author=user)
    assert (note.state, note.original_platform) == (Note.State.DRAFT, "tiktok")
    assert note.video.state == "ready"
    assert ImportedItem.objects.filter(user=user, kind="video_link").count() == 2
    assert client.post("/imports/drafts/publish", {}).json() == {"published": 1}
    note.refresh_from_db()
    assert note.state == Note.State.PUBLISHED
