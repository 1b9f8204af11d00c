"""Photos in an S3-compatible store: written, processed, served and swept through the
storage API, against a real S3 server on loopback (moto, see conftest)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from crossnote.media import storage
from crossnote.media.actions import (
    StoredFiles,
    do_process_photo,
    store_originals,
    sweep_orphan_files,
)
from crossnote.media.inspect import inspect_upload
from crossnote.media.models import Photo
from crossnote.notes.models import Note, NoteImage
from tests import images
from tests.storage.conftest import keys, use_s3


def _name(url: str) -> str:
    return url.removeprefix("/media/")


def _fetch(address: str) -> httpx.Response:
    return httpx.get(address, timeout=10)


def test_a_notes_photos_are_processed_into_the_bucket(s3, make_user, post_note):
    _anna, anna = make_user("anna")
    note = post_note(anna, images_count=2)
    photos = Photo.objects.filter(
        pk__in=NoteImage.objects.filter(note_id=note["id"]).values("photo")
    )
    assert {p.state for p in photos} == {Photo.State.READY}
    expected = {f"media/{p.grid}" for p in photos} | {f"media/{p.full}" for p in photos}
    # Variants under media/, and no original left once they exist (it carried the metadata).
    assert keys(s3) == expected
    assert keys(s3, "originals/") == set()


def test_an_original_waits_in_the_private_prefix_until_processed(s3, make_user):
    user, _client = make_user("anna")
    data = images.jpeg()
    written = StoredFiles()
    with transaction.atomic():
        stream = io.BytesIO(data)
        (photo,) = store_originals(user, [(stream, inspect_upload(stream, len(data)))], written)
    assert keys(s3) == {f"originals/{photo.original}"}
    assert do_process_photo(photo.pk) == Photo.State.READY
    photo.refresh_from_db()
    assert keys(s3) == {f"media/{photo.grid}", f"media/{photo.full}"}


def test_a_public_photo_redirects_to_a_presigned_address(s3, make_user, post_note):
    _anna, anna = make_user("anna")
    grid = post_note(anna)["images"][0]["grid_url"]
    response = Client().get(grid)
    assert response.status_code == 302
    assert response["Cache-Control"] == f"public, max-age={s3['querystring_expire'] // 2}"
    address = response["Location"]
    query = parse_qs(urlsplit(address).query)
    assert query["X-Amz-Expires"] == [str(s3["querystring_expire"])]
    assert "X-Amz-Signature" in query
    fetched = _fetch(address)
    assert fetched.status_code == 200
    assert fetched.headers["content-type"] == "image/webp"
    assert fetched.content[:4] == b"RIFF"


def test_a_private_photo_is_checked_then_signed_for_its_audience_only(s3, make_user, post_note):
    anna_user, anna = make_user("anna")
    make_user("bo")
    grid = post_note(anna, visibility="private")["images"][0]["grid_url"]
    assert Client().get(grid).status_code == 404
    stranger = Client()
    stranger.login(username="bo", password="correct horse battery staple")
    assert stranger.get(grid).status_code == 404
    author = Client()
    author.force_login(anna_user)
    response = author.get(grid)
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"  # checked again next time
    assert _fetch(response["Location"]).status_code == 200
    # The bare object address (no signature) is refused by the store.
    bare = response["Location"].split("?")[0]
    assert _fetch(bare).status_code == 403


def test_a_public_url_serves_public_photos_only(s3, settings, make_user, post_note):
    use_s3(settings, {**s3, "public_url": "https://cdn.example/media/"})
    anna_user, anna = make_user("anna")
    public = post_note(anna)["images"][0]["grid_url"]
    private = post_note(anna, visibility="private")["images"][0]["grid_url"]
    assert Client().get(public)["Location"] == f"https://cdn.example/media/{_name(public)}"
    author = Client()
    author.force_login(anna_user)
    assert "X-Amz-Signature=" in author.get(private)["Location"]


def test_deleting_a_note_deletes_its_objects(s3, make_user, post_note):
    _anna, anna = make_user("anna")
    note = post_note(anna, images_count=2)
    assert len(keys(s3)) == 4
    assert anna.delete(f"/notes/{note['id']}").status_code in (200, 204)
    assert not Note.objects.filter(pk=note["id"]).exists()
    assert keys(s3) == set()


def test_the_orphan_sweep_lists_the_bucket(s3, make_user, post_note):
    _anna, anna = make_user("anna")
    post_note(anna)
    public, originals = storage.public_storage(), storage.originals_storage()
    storage.save_exact(public, "photos/2026/01/orphan_g.webp", b"RIFFleft")
    storage.save_exact(originals, "2026/01/orphan.jpg", b"left by a killed upload")
    kept = keys(s3)
    # Young files may belong to a transaction still open: kept.
    assert sweep_orphan_files() == 0
    assert keys(s3) == kept
    later = timezone.now() + Photo.ORPHAN_GRACE + timedelta(minutes=1)
    assert sweep_orphan_files(now=later) == 2
    assert keys(s3) == kept - {"media/photos/2026/01/orphan_g.webp", "originals/2026/01/orphan.jpg"}


@pytest.mark.parametrize("name", ["photos/2026/01/nothing_g.webp", "videos/x_hd.mp4"])
def test_a_name_no_row_has_is_not_found_and_never_signed(s3, db, name: Any):
    response = Client().get(f"/media/{name}")
    assert response.status_code == 404
    assert "Location" not in response
