"""A video note appears wherever notes do, and its files follow the note's audience."""

from __future__ import annotations

from django.test import Client

from tests.video.conftest import Tus


def _video_note(client, clip, **fields) -> dict:
    location = Tus(client).upload(clip())
    data = {"title": "Dumplings", "body": "Folding #jiaozi at home", "video_upload": location}
    response = client.call("POST", "/notes", data={**data, **fields})
    assert response.status_code == 201, response.content
    return client.get(f"/notes/{response.json()['id']}").json()


def test_the_api_describes_the_video(make_user, clip):
    _anna, anna = make_user("anna")
    note = _video_note(anna, clip)
    video = note["video"]
    assert note["state"] == "published" and note["cover"] is None and note["images"] == []
    assert video["kind"] == "video" and video["state"] == "ready"
    assert abs(video["duration"] - 1.0) < 0.1
    assert (video["width"], video["height"]) == (96, 64)
    assert video["poster_url"].endswith("_p.webp")
    assert [(r["name"], r["width"], r["height"]) for r in video["renditions"]] == [("sd", 96, 64)]


def test_every_list_of_notes_shows_the_video(make_user, clip):
    _anna, anna = make_user("anna")
    _ben, ben = make_user("ben")
    assert ben.post("/users/anna/follow").status_code == 200
    note = _video_note(anna, clip)
    assert anna.post(f"/notes/{note['id']}/collect").status_code == 200
    board_id = anna.get("/users/anna/boards").json()[0]["id"]
    lists = {
        "following": ben.get("/feeds/following").json()["items"],
        "discover": ben.get("/feeds/discover").json()["items"],
        "profile": ben.get("/users/anna/notes").json()["items"],
        "tag": ben.get("/tags/jiaozi/notes").json()["items"],
        "search": ben.get("/search", q="dumplings").json()["notes"],
        "board": anna.get(f"/boards/{board_id}/notes").json()["items"],  # her own board
    }
    for name, cards in lists.items():
        found = [c for c in cards if c["id"] == note["id"]]
        assert found, name
        assert found[0]["video"] == note["video"], name


def test_video_files_follow_the_notes_audience(make_user, clip):
    _anna, anna = make_user("anna")
    note = _video_note(anna, clip, visibility="private")
    url = note["video"]["renditions"][0]["url"]
    poster = note["video"]["poster_url"]
    stranger = Client()
    assert stranger.get(url).status_code == 404
    assert stranger.get(poster).status_code == 404
    own = {"Authorization": f"Bearer {anna.token}"}
    whole = b"".join(stranger.get(url, headers=own).streaming_content)
    assert whole[4:8] == b"ftyp"
    answer = stranger.get(url, headers={**own, "Range": "bytes=100-"})
    assert answer.status_code == 206 and answer["Content-Type"] == "video/mp4"
    assert answer["Content-Range"] == f"bytes 100-{len(whole) - 1}/{len(whole)}"
    assert answer["Cache-Control"] == "private, no-cache"
    assert answer.content == whole[100:]  # a small slice is read whole, a large one streamed
    assert anna.patch(f"/notes/{note['id']}", {"visibility": "public"}).status_code == 200
    public = stranger.get(url, headers={"Range": "bytes=0-99"})
    assert public.status_code == 206 and public.content == whole[:100]
    assert public["Cache-Control"].startswith("public")


def test_a_deleted_video_note_takes_its_files(make_user, clip, settings):
    from pathlib import Path

    from crossnote.media.models import Video

    _anna, anna = make_user("anna")
    note = _video_note(anna, clip)
    video = Video.objects.get()
    files = [Path(settings.MEDIA_ROOT) / name for name in (video.sd, video.poster)]
    assert all(f.exists() for f in files)
    assert anna.delete(f"/notes/{note['id']}").status_code == 200
    assert not Video.objects.exists()
    assert not any(f.exists() for f in files)
