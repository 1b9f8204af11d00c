"""Paging through Discover, in the API and in the web UI's infinite scroll: every note the
viewer may see comes exactly once, however many notes an author has, however many scores
are equal, however many notes the viewer has opened, and while scores move."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from crossnote.accounts.models import User
from crossnote.engagement.actions import do_record_view
from crossnote.engagement.models import NoteView
from crossnote.notes.models import Note
from tests.conftest import PASSWORD

CARD = re.compile(r'<a class="cover" href="/notes/(\d+)"')
MORE = re.compile(r'class="more" href="([^"]+)"')


def _notes(author: User, count: int, score: float, **fields) -> list[int]:
    made = Note.objects.bulk_create(
        Note(
            author=author,
            title=f"{author.username} {i}",
            state=Note.State.PUBLISHED,
            hot_score=score,
            published_at=timezone.now(),
            **fields,
        )
        for i in range(count)
    )
    return [n.pk for n in made]


def _people(prefix: str, count: int) -> list[User]:
    return [
        User.objects.create(username=f"{prefix}{i}", username_key=f"{prefix}{i}")
        for i in range(count)
    ]


@pytest.fixture
def crowded(db) -> list[int]:
    """Four prolific authors with 30 notes each and twelve with one, all on the same score:
    the data that made pages repeat (one note per author per page, ties everywhere)."""
    ids = []
    for person in _people("prolific", 4):
        ids += _notes(person, 30, score=1.0)
    for i, person in enumerate(_people("occasional", 12)):
        ids += _notes(person, 1, score=1.0 if i % 2 else 1.5)
    return ids


def _walk_api(client, cursor=None, **query) -> list[int]:
    shown = []
    for _ in range(80):  # far more pages than the notes need
        page = client.get("/feeds/discover", cursor=cursor, **query).json()
        shown += [n["id"] for n in page["items"]]
        cursor = page["next_cursor"]
        if not cursor or len(set(shown)) < len(shown):
            return shown
    raise AssertionError("Discover never ended")


def _walk_web(client) -> list[int]:
    """The phone's infinite scroll: the page, then each "More" fragment htmx fetches."""
    html = client.get("/").content.decode()
    shown = [int(i) for i in CARD.findall(html)]
    for _ in range(80):  # far more pages than the notes need
        more = MORE.findall(html)
        if not more:
            return shown
        html = client.get(more[0].replace("&amp;", "&"), HTTP_HX_REQUEST="true").content.decode()
        assert "<html" not in html  # a fragment, as htmx swaps it in
        shown += [int(i) for i in CARD.findall(html)]
        if len(set(shown)) < len(shown):
            return shown
    raise AssertionError("Discover never ended")


def _once_each(shown: list[int], expected: list[int]) -> None:
    repeated = {i: n for i, n in Counter(shown).items() if n > 1}
    assert repeated == {}, f"{len(shown)} cards held {len(set(shown))} notes"
    assert sorted(shown) == sorted(expected)  # and nothing lost


@pytest.mark.parametrize("limit", [None, 7, 50])
def test_the_api_pages_through_discover_without_repeats(crowded, make_user, limit):
    _viewer, viewer = make_user("viewer")
    _once_each(_walk_api(viewer, limit=limit), crowded)


def test_anonymous_visitors_page_through_without_repeats(crowded, api):
    _once_each(_walk_api(api), crowded)


@pytest.mark.parametrize("signed_in", [True, False])
def test_the_web_ui_scrolls_through_discover_without_repeats(crowded, client, make_user, signed_in):
    if signed_in:
        make_user("viewer")
        assert client.login(username="viewer", password=PASSWORD)
    _once_each(_walk_web(client), crowded)


def test_one_note_per_author_on_each_page(crowded, make_user):
    _viewer, viewer = make_user("viewer")
    cursor = None
    for _ in range(5):
        page = viewer.get("/feeds/discover", cursor=cursor).json()
        authors = [n["author"]["username"] for n in page["items"]]
        assert len(authors) == len(set(authors))
        cursor = page["next_cursor"]


def test_a_shown_note_whose_score_falls_is_not_shown_again(crowded, make_user):
    """Other people's views lower a note's score while the viewer scrolls."""
    _viewer, viewer = make_user("viewer")
    first = viewer.get("/feeds/discover").json()
    shown = [n["id"] for n in first["items"]]
    for note in Note.objects.filter(pk__in=shown):
        for visitor in range(3):
            assert do_record_view(note, f"a:visitor{visitor}")
    _once_each(shown + _walk_api(viewer, cursor=first["next_cursor"]), crowded)


def _open(user: User, note_ids: list[int], when=None) -> None:
    NoteView.objects.bulk_create(
        NoteView(viewer_key=f"u:{user.pk}", note_id=i, counted_at=when or timezone.now())
        for i in note_ids
    )


def test_discover_goes_on_past_more_than_300_opened_notes(make_user):
    """The viewer opened the 320 hottest notes: the unseen ones below still come, and then
    the opened ones, last."""
    viewer_user, viewer = make_user("viewer")
    people = _people("author", 40)
    opened = [i for n, p in enumerate(people) for i in _notes(p, 8, score=10.0 + n)]
    unseen = [i for p in people[:25] for i in _notes(p, 1, score=1.0)]
    _open(viewer_user, opened, when=timezone.now() - timedelta(days=1))
    first = viewer.get("/feeds/discover").json()
    assert first["items"] and {n["id"] for n in first["items"]} <= set(unseen)
    shown = _walk_api(viewer)
    assert sorted(shown[: len(unseen)]) == sorted(unseen)  # unseen first ...
    _once_each(shown, unseen + opened)  # ... then what the viewer opened before


def test_with_everything_opened_discover_shows_the_opened_notes(make_user):
    viewer_user, viewer = make_user("viewer")
    notes = [i for p in _people("author", 5) for i in _notes(p, 2, score=1.0)]
    _open(viewer_user, notes)
    _once_each(_walk_api(viewer), notes)
