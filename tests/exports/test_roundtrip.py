"""A Crossnote export imports back into a Crossnote server: notes with their photos (through
the normal pipeline), boards and collects; importing again creates nothing twice; the
archive is read as untrusted input."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase

from crossnote.core.errors import InvalidInput
from crossnote.engagement.models import Board, Collect
from crossnote.exports import archive, roundtrip
from crossnote.exports.models import Export
from crossnote.notes.models import Note
from crossnote.tags.models import NoteTag
from tests import images
from tests.exports.conftest import open_zip


@pytest.fixture
def exported(lena, tmp_path):
    """Lena's export, as a file."""
    export_id = lena["client"].post("/exports").json()["id"]
    response = lena["client"].call("GET", f"/exports/{export_id}/download")
    path = tmp_path / "lena.zip"
    path.write_bytes(b"".join(response.streaming_content))
    assert Export.objects.get(pk=export_id).state == "ready"
    return path


def _import(user, path):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return roundtrip.import_export(user, path)


def test_round_trip_to_another_server(lena, exported, make_user, settings):
    # Another server: another secret key, so another site id; Omar's note is not there.
    settings.SECRET_KEY = "another server's secret key, long enough to be a real one"
    new_user, _client = make_user("lena2")
    report = _import(new_user, exported)
    assert (report.created, report.skipped, report.failed) == (2, 0, [])
    originals = {n.title: n for n in Note.objects.filter(pk__in=lena["notes"])}
    copies = {n.title: n for n in Note.objects.filter(author=new_user)}
    assert set(copies) == {"Lake tea", "Ridge"}
    for title, copy in copies.items():
        original = originals[title]
        assert copy.state == Note.State.PUBLISHED  # photos made by the pipeline
        assert (copy.body, copy.topic, copy.visibility) == (
            original.body,
            original.topic,
            original.visibility,
        )
        assert copy.images.count() == original.images.count()
        assert all(image.photo.full for image in copy.images.select_related("photo"))
    tags = NoteTag.objects.filter(note=copies["Lake tea"]).values_list("tag__name", flat=True)
    assert list(tags) == ["tea"]
    # The board comes back with the note that exists here (Lena's own, imported).
    trips = Board.objects.get(owner=new_user, name="Trips")
    assert list(Collect.objects.filter(board=trips).values_list("note_id", flat=True)) == [
        copies["Lake tea"].pk
    ]
    assert report.boards >= 1 and report.collects == 1

    # Importing again creates nothing twice.
    again = _import(new_user, exported)
    assert (again.created, again.skipped, again.collects) == (0, 2, 1)
    assert Note.objects.filter(author=new_user).count() == 2
    assert Collect.objects.filter(user=new_user).count() == 1
    assert Board.objects.filter(owner=new_user, name="Trips").count() == 1


def test_on_the_same_server_others_notes_are_collected_again(lena, exported, make_user):
    new_user, _client = make_user("lena2")
    report = _import(new_user, exported)
    trips = Board.objects.get(owner=new_user, name="Trips")
    collected = set(Collect.objects.filter(board=trips).values_list("note_id", flat=True))
    assert lena["omar_note"] in collected
    assert report.collects == 2


def test_the_management_command(lena, exported, make_user):
    new_user, _client = make_user("lena2")
    out, err = io.StringIO(), io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("import_crossnote", str(exported), user="LENA2", stdout=out, stderr=err)
    assert "2 notes imported" in out.getvalue()
    assert Note.objects.filter(author=new_user, state=Note.State.PUBLISHED).count() == 2
    with pytest.raises(CommandError, match="No active person"):
        call_command("import_crossnote", str(exported), user="nobody")


def test_the_command_refuses_a_bad_archive(make_user, tmp_path):
    make_user("lena2")
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip at all")
    with pytest.raises(CommandError, match="not a ZIP"):
        call_command("import_crossnote", str(bad), user="lena2")


def _zip(tmp_path, members, name="x.zip"):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as target:
        for member, data in members.items():
            if isinstance(member, zipfile.ZipInfo):
                target.writestr(member, data)
            else:
                target.writestr(member, data)
    return path


def _manifest(**changes):
    return json.dumps(
        {
            "format": "crossnote-export",
            "format_version": 1,
            "site": "elsewhere",
            "account": {"id": 7, "username": "x"},
            **changes,
        }
    )


@pytest.mark.parametrize(
    "evil",
    ["../escape.json", "media/../../escape.webp", "/etc/passwd", "C:/windows.ini", "a\\..\\b"],
)
def test_names_outside_the_archive_are_refused(make_user, tmp_path, evil):
    user, _client = make_user("lena2")
    path = _zip(tmp_path, {"manifest.json": _manifest(), evil: b"x"})
    with pytest.raises(InvalidInput) as caught:
        roundtrip.import_export(user, path)
    assert caught.value.code == "invalid_archive"
    assert not Note.objects.exists()


def test_a_link_inside_the_archive_is_refused(make_user, tmp_path):
    user, _client = make_user("lena2")
    link = zipfile.ZipInfo("media/link")
    link.external_attr = (0o120777 << 16) | 0
    path = _zip(tmp_path, {"manifest.json": _manifest(), link: "/etc/passwd"})
    with pytest.raises(InvalidInput, match="link"):
        roundtrip.import_export(user, path)


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        (_manifest(format="something-else"), "not a Crossnote export"),
        (_manifest(format_version=99), "newer than this server reads"),
        ("{not json", "not JSON"),
        (json.dumps([1, 2]), "not a Crossnote export"),
    ],
)
def test_what_is_not_a_crossnote_export_is_refused(make_user, tmp_path, manifest, message):
    user, _client = make_user("lena2")
    path = _zip(tmp_path, {"manifest.json": manifest, "notes.json": "[]", "boards.json": "[]"})
    with pytest.raises(InvalidInput, match=message):
        roundtrip.import_export(user, path)


def test_a_missing_section_is_refused(make_user, tmp_path):
    user, _client = make_user("lena2")
    path = _zip(tmp_path, {"manifest.json": _manifest()})
    with pytest.raises(InvalidInput, match=r"no notes\.json"):
        roundtrip.import_export(user, path)


def test_members_over_their_cap_are_refused(make_user, tmp_path, monkeypatch):
    user, _client = make_user("lena2")
    monkeypatch.setattr(roundtrip, "MAX_JSON_BYTES", 100)
    path = _zip(tmp_path, {"manifest.json": _manifest(), "notes.json": "[" + " " * 200 + "]"})
    with pytest.raises(InvalidInput, match="too large"):
        roundtrip.import_export(user, path)


def test_bad_notes_are_skipped_and_said_good_ones_imported(make_user, tmp_path):
    user, _client = make_user("lena2")
    photo = images.jpeg(color=(10, 200, 30))
    notes = [
        {
            "id": 1,
            "state": "published",
            "title": "Good",
            "body": "ok",
            "photos": [{"position": 0, "file": "media/notes/1/1.webp", "alt_text": "a field"}],
        },
        {"id": 2, "state": "published", "title": "No photo here", "body": "x", "photos": []},
        {
            "id": 3,
            "state": "published",
            "title": "Fake",
            "body": "x",
            "photos": [{"position": 0, "file": "media/notes/3/1.webp"}],
        },
        {"id": 4, "state": "failed", "title": "Never published", "body": "x", "photos": []},
        {
            "id": 5,
            "state": "published",
            "title": "x" * 200,
            "body": "",
            "photos": [{"position": 0, "file": "media/notes/1/1.webp"}],
        },
        "not even a note",
    ]
    path = _zip(
        tmp_path,
        {
            "manifest.json": _manifest(),
            "notes.json": json.dumps(notes),
            "boards.json": "[]",
            "media/notes/1/1.webp": photo,
            "media/notes/3/1.webp": b"this is not a picture",
        },
    )
    report = _import(user, path)
    assert report.created == 1
    assert [line.split(":")[0] for line in report.failed] == [
        "note 2",
        "note 3",
        "note 5",
        "note ?",
    ]
    note = Note.objects.get(author=user)
    assert note.title == "Good" and note.state == Note.State.PUBLISHED
    assert note.images.get().alt_text == "a field"


def test_an_export_lists_its_sections_as_the_format_says(lena, exported):
    zipped = open_zip(exported.read_bytes())
    manifest = json.loads(zipped.read("manifest.json"))
    assert tuple(manifest["files"]) == archive.SECTIONS
