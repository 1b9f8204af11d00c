"""Instagram archives in all four layouts: posts become drafts with their photos, captions
(mojibake repaired) and original dates; the following list becomes suggestions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crossnote.imports.models import ImportedItem, ImportJob
from crossnote.notes.models import Note
from tests import images
from tests.imports import archives
from tests.imports.archives import IgPost

pytestmark = pytest.mark.django_db

MAY_3 = int(datetime(2024, 5, 3, 9, 30, tzinfo=UTC).timestamp())


def _posts() -> list[IgPost]:
    return [
        IgPost("Café in Zürich ☕️ #coffee", MAY_3),
        IgPost(
            "Three views 三个视角",
            MAY_3 + 86400,
            photos=[images.jpeg(), images.webp(), images.heic()],
            suffixes=["jpg", "webp", "heic"],
        ),
    ]


@pytest.mark.parametrize("layout", archives.LAYOUTS)
def test_every_layout_becomes_drafts(make_user, upload_archive, layout):
    user, client = make_user("mia")
    response = upload_archive(client, archives.instagram(layout, _posts(), prefix="mia_2024/"))
    assert response.status_code == 202, response.content
    job = client.get(f"/imports/{response.json()['id']}").json()
    assert job["state"] == "done", job
    assert job["platform"] == "instagram"
    drafts = list(Note.objects.filter(author=user).order_by("pk"))
    assert all(n.state == Note.State.DRAFT for n in drafts)
    assert all(n.original_platform == "instagram" for n in drafts)
    if layout == "media.json":  # 2018: one photo per post, ISO dates
        assert [n.body for n in drafts] == ["Café in Zürich ☕️ #coffee", "Three views 三个视角"]
        assert [n.images.count() for n in drafts] == [1, 1]
        return
    assert [n.body for n in drafts] == ["Café in Zürich ☕️ #coffee", "Three views 三个视角"]
    assert [n.images.count() for n in drafts] == [1, 3]  # the carousel stays a carousel
    assert drafts[0].original_posted_at == datetime(2024, 5, 3, 9, 30, tzinfo=UTC)
    assert drafts[1].original_posted_at == datetime(2024, 5, 4, 9, 30, tzinfo=UTC)
    # Photos are made (JPEG, WebP and HEIC alike) while the person reviews.
    detail = client.get(f"/notes/{drafts[1].pk}").json()
    assert detail["state"] == "draft"
    assert [p["state"] for p in detail["images"]] == ["ready"] * 3
    assert detail["original_platform"] == "instagram"
    assert job["report"]["imported"] == {"post": 2}


def test_importing_twice_creates_nothing_new(make_user, upload_archive):
    user, client = make_user("mia")
    data = archives.instagram("content/posts_1.json", _posts(), following=["anna"])
    first = upload_archive(client, data).json()
    second = upload_archive(client, data).json()
    assert Note.objects.filter(author=user).count() == 2
    assert ImportedItem.objects.filter(user=user).count() == 3
    report = client.get(f"/imports/{second['id']}").json()["report"]
    assert report == {"imported": {}, "already": 3, "skipped": []}
    assert first["id"] != second["id"]


def test_a_deleted_draft_is_not_brought_back(make_user, upload_archive):
    user, client = make_user("mia")
    data = archives.instagram("content/posts_1.json", _posts())
    upload_archive(client, data)
    note = Note.objects.filter(author=user).first()
    assert client.delete(f"/notes/{note.pk}").status_code == 200
    upload_archive(client, data)
    assert Note.objects.filter(author=user).count() == 1


@pytest.mark.parametrize("shape", ["2018", "2023", "2024"])
def test_following_becomes_suggestions(make_user, upload_archive, shape):
    _, client = make_user("mia")
    make_user("anna")
    make_user("bo")
    make_user("carl")
    # Carl is "carl_shoots" on Instagram: his own import linked that account to him.
    _, carl_client = make_user("carl2")
    upload_archive(carl_client, archives.instagram("media.json", [], username="carl_shoots"))
    data = archives.instagram(
        "content/posts_1.json",
        [],
        following=["Anna", "carl_shoots", "nobody_here"],
        following_shape=shape,
    )
    upload_archive(client, data)
    found = client.get("/imports/suggestions").json()
    assert [(s["person"]["username"], s["platform"]) for s in found] == [
        ("anna", "instagram"),
        ("carl2", "instagram"),
    ]
    # Once followed, no longer suggested.
    assert client.post("/users/anna/follow").status_code == 200
    found = client.get("/imports/suggestions").json()
    assert [s["person"]["username"] for s in found] == ["carl2"]


def test_mojibake_is_repaired_and_proper_text_kept(make_user, upload_archive):
    user, client = make_user("mia")
    posts = [IgPost("Grüße aus Köln 🎉", MAY_3)]
    data = archives.instagram("content/posts_1.json", posts)
    upload_archive(client, data)
    assert Note.objects.get(author=user).body == "Grüße aus Köln 🎉"
    from crossnote.imports.text import repair_mojibake

    assert repair_mojibake("Grüße") == "Grüße"  # written properly: unchanged
    assert repair_mojibake("Ã¤") == "ä"


def test_progress_is_reported(make_user, upload_archive):
    _, client = make_user("mia")
    job = upload_archive(client, archives.instagram("content/posts_1.json", _posts())).json()
    job = client.get(f"/imports/{job['id']}").json()
    assert (job["done"], job["total"], job["percent"]) == (2, 2, 100)
    assert ImportJob.objects.get(pk=job["id"]).state == "done"
