"""Views are counted outside the request: buffered, then applied in batches, with the same
rule as before (once per viewer and note per window, never the author's own)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.test import Client

from crossnote.engagement import view_counts
from crossnote.engagement.actions import VIEW_WINDOW, do_record_view
from crossnote.engagement.view_counts import apply_views, record_view
from crossnote.notes.models import Note
from crossnote.tags.models import Hashtag, TagViewBucket


def _note(make_user, post_note, name: str = "anna", body: str = "Tea #matcha") -> Note:
    _user, client = make_user(name)
    return Note.objects.get(pk=post_note(client, body)["id"])


def _views(note_id: int, keys: list[str], at: float | None = None) -> list:
    return [(note_id, key, at or time.time()) for key in keys]


def test_a_batch_counts_like_one_view_at_a_time(make_user, post_note):
    """The same views, applied one by one (the old write) and as a batch: same counters,
    same score, same tag totals and hourly buckets."""
    one = _note(make_user, post_note, "anna", "Tea #matcha")
    batch = _note(make_user, post_note, "bo", "Tea #sencha")
    keys = [f"a:visitor{i}" for i in range(7)] + ["u:999", "a:visitor1"]
    for key in keys:
        do_record_view(one, key)
    assert apply_views(_views(batch.pk, keys[:-1]) + _views(batch.pk, keys[-1:])) == 8
    one.refresh_from_db()
    batch.refresh_from_db()
    assert one.view_count == batch.view_count == 8
    assert one.hot_score == pytest.approx(batch.hot_score)
    matcha, sencha = Hashtag.objects.get(key="matcha"), Hashtag.objects.get(key="sencha")
    assert matcha.view_count == sencha.view_count == 8
    assert TagViewBucket.objects.get(tag=sencha).views == 8


def test_applying_the_same_views_twice_counts_them_once(make_user, post_note):
    note = _note(make_user, post_note)
    views = _views(note.pk, ["a:x", "a:y"])
    assert apply_views(views) == 2
    assert apply_views(views) == 0  # a retried flush
    note.refresh_from_db()
    assert note.view_count == 2


def test_a_view_counts_again_after_the_window(make_user, post_note):
    note = _note(make_user, post_note)
    assert apply_views(_views(note.pk, ["a:x"])) == 1
    from crossnote.engagement.models import NoteView

    NoteView.objects.update(counted_at=note.created_at - VIEW_WINDOW - timedelta(minutes=1))
    assert apply_views(_views(note.pk, ["a:x"])) == 1
    note.refresh_from_db()
    assert note.view_count == 2


def test_views_of_a_note_deleted_meanwhile_are_dropped(make_user, post_note):
    kept = _note(make_user, post_note, "anna")
    gone = _note(make_user, post_note, "bo")
    gone_id = gone.pk
    Note.objects.filter(pk=gone_id).delete()
    assert apply_views(_views(kept.pk, ["a:x"]) + _views(gone_id, ["a:x", "a:y"])) == 1


def test_a_page_view_waits_in_the_buffer_until_the_flush(make_user, post_note, memory_buffer):
    note = _note(make_user, post_note)
    for agent in ("phone", "laptop", "phone"):  # two visitors, one of them twice
        assert Client(HTTP_USER_AGENT=agent).get(f"/notes/{note.pk}").status_code == 200
    assert Note.objects.get(pk=note.pk).view_count == 0  # no write in the request
    assert len(memory_buffer) == 2
    assert memory_buffer.flush() == 2
    assert Note.objects.get(pk=note.pk).view_count == 2
    assert len(memory_buffer) == 0


def test_the_api_records_views_through_the_buffer(make_user, post_note, api, memory_buffer):
    note = _note(make_user, post_note)
    assert api.get(f"/notes/{note.pk}").status_code == 200
    assert len(memory_buffer) == 1


def test_the_authors_own_view_never_reaches_the_buffer(make_user, post_note, memory_buffer):
    note = _note(make_user, post_note)
    assert record_view(note, f"u:{note.author_id}") is False
    assert len(memory_buffer) == 0


def test_a_failed_flush_keeps_the_views_for_the_next(
    make_user, post_note, memory_buffer, monkeypatch
):
    note = _note(make_user, post_note)
    record_view(note, "a:x")
    record_view(note, "a:y")

    def database_away(views):
        list(views)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(view_counts, "apply_views", database_away)
    with pytest.raises(OperationalError):
        memory_buffer.flush()
    monkeypatch.undo()
    monkeypatch.setattr(view_counts, "view_buffer", lambda: memory_buffer)
    record_view(note, "a:z")
    assert memory_buffer.flush() == 3
    assert Note.objects.get(pk=note.pk).view_count == 3


def test_closing_the_buffer_flushes_what_is_left(make_user, post_note, memory_buffer):
    note = _note(make_user, post_note)
    record_view(note, "a:x")
    memory_buffer.close()
    assert Note.objects.get(pk=note.pk).view_count == 1


def test_with_no_buffer_a_view_is_written_in_the_request(make_user, post_note, settings):
    settings.CROSSNOTE_VIEW_BUFFER = "off"
    view_counts.view_buffer.cache_clear()
    note = _note(make_user, post_note)
    assert record_view(note, "a:x") is True
    assert Note.objects.get(pk=note.pk).view_count == 1
    view_counts.view_buffer.cache_clear()


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"CROSSNOTE_VIEW_BUFFER": "disk"}, "must be redis, memory or off"),
        ({"CROSSNOTE_VIEW_BUFFER": "redis", "REDIS_URL": ""}, "needs REDIS_URL"),
    ],
)
def test_a_buffer_setting_that_cannot_work_stops_the_start(environ, message, tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "CROSSNOTE_DATA_DIR": str(tmp_path), **environ}
    done = subprocess.run(
        [sys.executable, "-c", "import crossnote.settings"], env=env, capture_output=True, text=True
    )
    assert done.returncode != 0 and message in done.stderr


# The Redis buffer (PostgreSQL + Redis half).


def test_redis_buffer_counts_once_per_viewer(make_user, post_note, redis_buffer):
    note = _note(make_user, post_note)
    for key in ("a:x", "a:y", "a:x"):
        record_view(note, key)
    assert len(redis_buffer) == 0  # staged in this process until shipped
    assert redis_buffer.ship() == 2
    assert len(redis_buffer) == 2
    assert redis_buffer.flush() == 2
    assert len(redis_buffer) == 0
    assert redis_buffer.flush() == 0  # nothing pending
    assert Note.objects.get(pk=note.pk).view_count == 2


def test_a_flush_killed_half_way_is_finished_by_the_next(make_user, post_note, redis_buffer):
    """The state a kill -9 leaves: views moved to the flushing hash, some already applied."""
    note = _note(make_user, post_note)
    for key in ("a:x", "a:y", "a:z"):
        record_view(note, key)
    redis_buffer.ship()
    redis_buffer.client.rename(redis_buffer.pending, redis_buffer.flushing)
    apply_views(_views(note.pk, ["a:x"]))  # committed before the kill
    record_view(note, "a:later")  # arrives meanwhile, in a fresh pending hash
    redis_buffer.ship()
    assert redis_buffer.flush() == 2  # the rest of the killed flush: y and z
    assert redis_buffer.flush() == 1  # then what came meanwhile
    assert Note.objects.get(pk=note.pk).view_count == 4


def test_only_one_flusher_at_a_time(make_user, post_note, redis_buffer):
    note = _note(make_user, post_note)
    record_view(note, "a:x")
    redis_buffer.client.set(redis_buffer.lock, "another-worker", px=60_000)
    assert redis_buffer.flush() == 0
    redis_buffer.client.delete(redis_buffer.lock)
    assert redis_buffer.flush() == 1


def test_with_redis_unreachable_shipped_views_are_written_at_once(
    make_user, post_note, monkeypatch
):
    """A real refused connection (nothing listens on that port): the view is not lost."""
    import socket

    from crossnote.core import outage

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    buffer = view_counts.RedisBuffer(f"redis://127.0.0.1:{port}/0", "cn-nowhere:", background=False)
    monkeypatch.setattr(view_counts, "view_buffer", lambda: buffer)
    note = _note(make_user, post_note)
    try:
        assert record_view(note, "a:x") is True
        assert buffer.ship() == 1
    finally:
        outage.breaker.reset()
    assert Note.objects.get(pk=note.pk).view_count == 1


def test_a_clean_exit_ships_what_is_staged(make_user, post_note, redis_buffer):
    note = _note(make_user, post_note)
    record_view(note, "a:x")
    redis_buffer.close()
    assert len(redis_buffer) == 1


def test_many_staged_views_are_shipped_by_the_request_that_fills_the_stage(
    make_user, post_note, redis_buffer
):
    note = _note(make_user, post_note)
    for n in range(redis_buffer.SHIP_AT):
        record_view(note, f"a:v{n}")
    assert len(redis_buffer) == redis_buffer.SHIP_AT and not redis_buffer.staged


class _Clock:
    """time.monotonic for `ticks`, moved by the test; `wait` records how long it was asked
    to sleep and sleeps on the fake clock instead."""

    def __init__(self) -> None:
        self.now = 100.0
        self.waits: list[float] = []
        self.stop_after = 0

    def monotonic(self) -> float:
        return self.now

    def wait(self, timeout: float) -> bool:
        self.waits.append(round(timeout, 6))
        self.now += timeout
        return len(self.waits) > self.stop_after


def test_flushes_keep_their_rhythm_however_long_one_takes(monkeypatch) -> None:
    clock = _Clock()
    clock.stop_after = 4
    stopping = threading.Event()
    monkeypatch.setattr(stopping, "wait", clock.wait)
    flush_takes = iter([0.3, 1.5, 0.2, 0.0])
    for _tick in view_counts.ticks(stopping, 1.0, clock.monotonic):
        clock.now += next(flush_takes)  # the flush
    # 1 s, then 1 s less the 0.3 s flush, then at once after a flush longer than the
    # interval (and no catching up after it), then the interval less 0.2 s again.
    assert clock.waits == [1.0, 0.7, 0.0, 0.8, 1.0]
