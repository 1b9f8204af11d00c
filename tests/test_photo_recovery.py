"""Photo processing picks up after a worker died at any point, and files that no row
references (what a killed worker leaves) are swept, never those of a note being created."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from crossnote.accounts.models import User
from crossnote.media import storage
from crossnote.media.actions import do_process_photo, sweep_orphan_files
from crossnote.media.models import Photo
from crossnote.notes.actions import Upload, check_create_note
from crossnote.notes.models import Note
from crossnote.notes.tasks import requeue_stuck_notes
from tests import images
from tests.stored_files import stored_names

pytestmark = pytest.mark.django_db


def _unprocessed_note(photos: int = 2) -> Note:
    """A note as a worker killed before touching it leaves it: stored, acknowledged,
    PROCESSING (the test's transaction never commits, so its task never runs)."""
    author = User.objects.filter(username="anna").first() or User.objects.create_user(
        username="anna", password="correct horse battery"
    )
    uploads = [
        Upload(io.BytesIO(data), len(data))
        for data in (images.jpeg(color=(200, 30 * i, 90)) for i in range(photos))
    ]
    note = check_create_note(author, title="Tea", body="Oolong", images=uploads)
    assert note.state == Note.State.PROCESSING
    return note


def _photos(note: Note) -> list[Photo]:
    return [image.photo for image in note.images.select_related("photo").order_by("position")]


def test_a_retry_overwrites_the_variants_a_killed_attempt_left():
    photo = _photos(_unprocessed_note(photos=1))[0]
    public = storage.public_storage()
    grid_name, full_name = storage.variant_names(photo.original)
    # Killed half-way through writing: a truncated grid variant, the row still PROCESSING.
    storage.save_exact(public, grid_name, b"RIFF\x00\x00")
    assert do_process_photo(photo.pk) == Photo.State.READY
    photo.refresh_from_db()
    assert (photo.grid, photo.full) == (grid_name, full_name)
    with public.open(photo.grid) as handle:
        assert Image.open(handle).format == "WEBP"
    assert stored_names(public) == {grid_name, full_name}


def test_a_note_whose_photos_are_all_ready_is_published_by_the_sweep():
    note = _unprocessed_note()
    for photo in _photos(note):  # the worker made every photo, then died before publishing
        assert do_process_photo(photo.pk) == Photo.State.READY
    assert requeue_stuck_notes() == [note.pk]  # no waiting: nothing is left to make
    note.refresh_from_db()
    assert note.state == Note.State.PUBLISHED
    assert requeue_stuck_notes() == []


def test_a_note_whose_photo_waited_too_long_is_processed_again_but_not_sooner():
    note = _unprocessed_note()
    assert requeue_stuck_notes() == []  # its worker may still be on it
    later = timezone.now() + Photo.RETRY_AFTER + timedelta(seconds=1)
    assert requeue_stuck_notes(now=later) == [note.pk]
    note.refresh_from_db()
    assert note.state == Note.State.PUBLISHED


def test_files_no_row_references_are_swept_once_old_enough():
    published = _unprocessed_note(photos=1)
    done = _photos(published)[0]
    do_process_photo(done.pk)
    done.refresh_from_db()
    waiting = _photos(_unprocessed_note(photos=1))[0]
    originals, public = storage.originals_storage(), storage.public_storage()
    # Left by killed workers: an original whose row was deleted, variants of no photo, a
    # half-written temporary file, and a variant the waiting photo will write again.
    storage.save_exact(originals, "2020/01/orphan.jpg", b"x")
    storage.save_exact(public, "photos/2020/01/orphan_g.webp", b"x")
    storage.save_exact(public, "photos/2020/01/.tmpabc.part", b"x")
    leftover, _full = storage.variant_names(waiting.original)
    storage.save_exact(public, leftover, b"x")
    # A note being created: its original is written before its row commits.
    storage.save_exact(originals, "2099/12/uploading.jpg", b"x")

    assert sweep_orphan_files() == 0  # everything is younger than the grace period
    later = timezone.now() + Photo.ORPHAN_GRACE + timedelta(seconds=1)
    assert sweep_orphan_files(now=later) == 4
    assert stored_names(originals) == {waiting.original}
    assert stored_names(public) == {done.grid, done.full, leftover}
