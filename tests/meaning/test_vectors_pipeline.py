"""Meaning vectors follow notes: published → embedded, edited → re-embedded, deleted or
hidden → gone; `crossnote embed_notes` fills in what is missing. The real model runs."""

import io

import numpy as np
import pytest
from django.core.management import call_command

from crossnote.notes.models import Note
from crossnote.search import meaning, pgvector, vectors
from crossnote.search.models import NoteVector


def _nearest_ids(text: str, limit: int = 5) -> list[int]:
    return [note_id for note_id, _ in vectors.nearest(meaning.encode_query(text), limit)]


@pytest.fixture
def cafe_and_hike(make_user, post_note):
    _mei, mei = make_user("mei")
    cafe = post_note(mei, "巷子里的小咖啡馆，手冲很香 #咖啡", title="咖啡馆探店")["id"]
    hike = post_note(mei, "Steep trail but a great view from the top #hiking", title="Hike")["id"]
    return mei, cafe, hike


def test_a_published_note_has_a_vector_right_away(cafe_and_hike):
    _mei, cafe, hike = cafe_and_hike
    found = vectors.vectors_of([cafe, hike, 10**9])
    assert set(found) == {cafe, hike}
    assert found[cafe].dtype == np.float32
    assert abs(float(np.linalg.norm(found[cafe])) - 1) < 1e-5
    assert vectors.vector_of(10**9) is None


def test_nearest_crosses_languages_and_respects_exclude(cafe_and_hike):
    _mei, cafe, hike = cafe_and_hike
    assert _nearest_ids("coffee shop")[0] == cafe
    assert _nearest_ids("登山")[0] == hike
    results = vectors.nearest(meaning.encode_query("coffee shop"), 5, exclude=[cafe])
    assert [note_id for note_id, _ in results] == [hike]
    assert vectors.nearest(meaning.encode_query("coffee"), 0) == []


def test_an_edit_from_coffee_to_tea_stops_matching_coffee(make_user, post_note):
    _anna, anna = make_user("anna")
    note = post_note(anna, "My morning coffee, a strong espresso", title="Coffee")["id"]
    other = post_note(anna, "Fixing a flat bicycle tyre", title="Bike repair")["id"]
    assert _nearest_ids("coffee")[0] == note
    before = vectors.vector_of(note)
    response = anna.patch(
        f"/notes/{note}", {"title": "Tea", "body": "A pot of green tea with my grandmother"}
    )
    assert response.status_code == 200
    assert not np.allclose(before, vectors.vector_of(note))
    assert _nearest_ids("green tea")[0] == note
    similarities = dict(vectors.nearest(meaning.encode_query("coffee espresso"), 5))
    assert similarities[note] < 0.5  # it was the best match for coffee; now it is not close
    assert set(similarities) == {note, other}


def test_an_edit_that_changes_no_words_keeps_the_vector(make_user, post_note):
    _anna, anna = make_user("anna")
    note = post_note(anna, "Sunrise at the beach", title="Morning")["id"]
    seq = NoteVector.objects.get(note_id=note).seq
    assert anna.patch(f"/notes/{note}", {"visibility": "followers"}).status_code == 200
    assert NoteVector.objects.get(note_id=note).seq == seq


def test_a_deleted_or_hidden_note_leaves_the_index(cafe_and_hike, make_user):
    mei, cafe, hike = cafe_and_hike
    assert set(_nearest_ids("anything")) == {cafe, hike}
    assert mei.delete(f"/notes/{cafe}").status_code == 200
    assert _nearest_ids("coffee shop") == [hike]
    assert vectors.vector_of(cafe) is None

    from crossnote.notes.actions import do_hide_note

    do_hide_note(Note.objects.get(pk=hike))
    assert _nearest_ids("hiking") == []


def test_the_index_of_another_process_catches_up(cafe_and_hike, make_user, post_note):
    """What one process writes, another's index learns from the table before searching."""
    if pgvector.kind():
        pytest.skip("with pgvector the database answers: no index in memory to catch up")
    _mei, cafe, hike = cafe_and_hike
    vectors.index()  # loaded here, as a long-running web process would have it
    # Another process publishes and deletes: rows are written without this index's help.
    NoteVector.objects.filter(note_id=cafe).update(
        seq=vectors._next_seq(), codes=None, bits=None, pending=False
    )
    assert cafe not in _nearest_ids("coffee shop")
    assert hike in _nearest_ids("coffee shop")


def test_embed_notes_backfills_and_is_resumable(cafe_and_hike):
    _mei, cafe, hike = cafe_and_hike
    NoteVector.objects.filter(note_id=cafe).delete()  # as before the upgrade
    NoteVector.objects.filter(note_id=hike).update(text_hash="stale")
    NoteVector.objects.create(
        note_id=10**9,
        seq=vectors._next_seq(),
        text_hash="x",
        scale=1.0,
        codes=bytes(512),
        bits=bytes(64),
    )  # a note long gone
    call_command("embed_notes", stdout=(out := io.StringIO()))
    assert "2 notes embedded" in out.getvalue()
    assert "1 vectors of unpublished notes removed" in out.getvalue()
    assert set(vectors.vectors_of([cafe, hike, 10**9])) == {cafe, hike}
    assert _nearest_ids("coffee shop")[0] == cafe

    call_command("embed_notes", stdout=(again := io.StringIO()))
    assert "0 notes embedded, 2 already up to date" in again.getvalue()
