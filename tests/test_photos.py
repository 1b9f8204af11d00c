"""Photos: real type sniffing, orientation, metadata stripping, variants, lifecycle."""

import io

import pytest
from django.conf import settings
from PIL import Image

from crossnote.media.actions import do_process_photo
from crossnote.media.models import Photo
from crossnote.notes.models import Note
from tests import images


def _variant(url: str) -> Image.Image:
    path = settings.MEDIA_ROOT / url.removeprefix(settings.MEDIA_URL)
    return Image.open(io.BytesIO(path.read_bytes()))


@pytest.mark.parametrize(
    ("maker", "name"),
    [
        (images.jpeg, "a.jpg"),
        (images.png, "a.png"),
        (images.webp, "a.webp"),
        (images.heic, "a.heic"),
        (images.gif, "a.gif"),
    ],
)
def test_every_accepted_format_becomes_webp_variants(make_user, maker, name):
    _anna, anna = make_user("anna")
    response = anna.call(
        "POST",
        "/notes",
        data={
            "title": "Formats",
            "images": [images.upload(maker(), name, "application/octet-stream")],
        },
    )
    assert response.status_code == 201, response.content
    note = anna.get(f"/notes/{response.json()['id']}").json()
    assert note["state"] == "published"
    photo = note["images"][0]
    assert photo["state"] == "ready"
    assert (photo["width"], photo["height"]) == (64, 48)
    assert photo["color"].startswith("#") and len(photo["color"]) == 7
    grid = _variant(photo["grid_url"])
    assert grid.format == "WEBP" and grid.size == (64, 48)
    assert _variant(photo["full_url"]).format == "WEBP"


def test_gif_keeps_its_first_frame(make_user):
    _anna, anna = make_user("anna")
    response = anna.call(
        "POST", "/notes", data={"title": "gif", "images": [images.upload(images.gif(), "a.gif")]}
    )
    note = anna.get(f"/notes/{response.json()['id']}").json()
    pixel = _variant(note["images"][0]["full_url"]).convert("RGB").getpixel((60, 40))
    assert pixel[0] > 200 and pixel[2] < 60  # yellow first frame, not the blue second


def test_exif_orientation_is_applied_then_all_metadata_stripped(make_user):
    _anna, anna = make_user("anna")
    data = images.jpeg_with_exif(size=(80, 40), orientation=6)
    assert Image.open(io.BytesIO(data)).getexif()[0x8825]  # the upload carries GPS
    response = anna.call("POST", "/notes", data={"title": "exif", "images": [images.upload(data)]})
    note = anna.get(f"/notes/{response.json()['id']}").json()
    photo = note["images"][0]
    assert (photo["width"], photo["height"]) == (40, 80)  # rotated upright
    for url in (photo["grid_url"], photo["full_url"]):
        variant = _variant(url)
        assert variant.size == (40, 80)
        assert not variant.getexif()
        assert (
            not variant.info.get("exif")
            and not variant.info.get("xmp")
            and not variant.info.get("icc_profile")
        )
        # Orientation 6 turns the white top-left corner to the top-right.
        assert variant.convert("RGB").getpixel((38, 2))[0] > 230


def test_png_text_chunks_are_not_carried_over(make_user):
    _anna, anna = make_user("anna")
    response = anna.call(
        "POST", "/notes", data={"title": "png", "images": [images.upload(images.png(), "a.png")]}
    )
    note = anna.get(f"/notes/{response.json()['id']}").json()
    for url in (note["images"][0]["grid_url"], note["images"][0]["full_url"]):
        raw = (settings.MEDIA_ROOT / url.removeprefix(settings.MEDIA_URL)).read_bytes()
        assert b"secret location" not in raw


def test_large_photos_get_a_grid_and_a_bounded_full_variant(make_user):
    _anna, anna = make_user("anna")
    big = images.jpeg(size=(3000, 4000))
    response = anna.call("POST", "/notes", data={"title": "big", "images": [images.upload(big)]})
    photo = anna.get(f"/notes/{response.json()['id']}").json()["images"][0]
    assert _variant(photo["grid_url"]).size == (540, 720)
    assert _variant(photo["full_url"]).size == (1536, 2048)
    assert (photo["width"], photo["height"]) == (1536, 2048)


def test_originals_are_kept_privately_and_deleted_after_processing(make_user):
    _anna, anna = make_user("anna")
    anna.call(
        "POST", "/notes", data={"title": "x", "images": [images.upload(images.jpeg_with_exif())]}
    )
    originals = settings.CROSSNOTE_ORIGINALS_ROOT
    assert not [p for p in originals.rglob("*") if p.is_file()]
    assert not str(originals).startswith(str(settings.MEDIA_ROOT))


def test_server_makes_the_file_names(make_user):
    _anna, anna = make_user("anna")
    upload = images.upload(images.jpeg(), "../../etc/passwd.jpg")
    response = anna.call("POST", "/notes", data={"title": "x", "images": [upload]})
    photo = anna.get(f"/notes/{response.json()['id']}").json()["images"][0]
    assert "passwd" not in photo["grid_url"] and photo["grid_url"].startswith("/media/photos/")


def test_media_is_served_with_nosniff_and_a_closed_csp(client, make_user):
    _anna, anna = make_user("anna")
    response = anna.call(
        "POST", "/notes", data={"title": "x", "images": [images.upload(images.jpeg())]}
    )
    url = anna.get(f"/notes/{response.json()['id']}").json()["images"][0]["grid_url"]
    served = client.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/webp"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == "default-src 'none'"
    assert client.get("/media/photos/../secret_key").status_code == 404


def test_a_note_is_processing_until_its_photos_are_ready(
    make_user, django_capture_on_commit_callbacks
):
    from crossnote.notes.actions import Upload, check_create_note

    anna_user, _anna = make_user("anna")
    data = images.jpeg()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        note = check_create_note(
            anna_user, title="wait", images=[Upload(io.BytesIO(data), len(data))]
        )
    assert note.state == Note.State.PROCESSING
    assert Photo.objects.get(pk=note.cover_id).state == Photo.State.PROCESSING
    for callback in callbacks:
        callback()
    note.refresh_from_db()
    assert note.state == Note.State.PUBLISHED


def test_a_photo_that_cannot_be_processed_fails_after_its_attempts(
    make_user, django_capture_on_commit_callbacks
):
    from crossnote.media.storage import originals_storage
    from crossnote.notes.actions import Upload, check_create_note, do_publish_if_ready

    anna_user, _anna = make_user("anna")
    data = images.jpeg()
    with django_capture_on_commit_callbacks(execute=False):
        note = check_create_note(
            anna_user, title="broken", images=[Upload(io.BytesIO(data), len(data))]
        )
    photo = Photo.objects.get(pk=note.cover_id)
    with originals_storage().open(photo.original, "wb") as handle:
        handle.write(b"now it is garbage")
    states = [do_process_photo(photo.pk) for _ in range(Photo.MAX_ATTEMPTS)]
    assert states == ["processing"] * (Photo.MAX_ATTEMPTS - 1) + ["failed"]
    assert do_publish_if_ready(note.pk) == Note.State.FAILED
