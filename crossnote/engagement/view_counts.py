"""Counting note views outside the request: buffered, then applied in batches.

A view used to be a write inside the request (an upsert and two UPDATEs). Now the request
only hands `(note, viewer)` to a buffer, and a flusher applies what gathered every second,
in one transaction per batch (`apply_views`), with the same rule as before: a viewer's view
of a note counts at most once per VIEW_WINDOW (the NoteView upsert), the author's own never.

CROSSNOTE_VIEW_BUFFER chooses the buffer:
- `redis` (the default with REDIS_URL): one hash in Redis, a field per (note, viewer), so
  the same viewer twice within a second is one field. Each web process stages its views
  and ships them every 50 ms in one pipelined round trip. The worker (`crossnote run_huey`)
  flushes it every second: RENAME to a "flushing" hash (atomic: new views go to a fresh
  hash meanwhile), apply, then DEL. A flusher killed mid-way leaves the flushing hash, and
  the next flush applies it again; the NoteView upsert makes that a no-op for what had
  committed. Several workers take turns through a lock key.
- `memory` (the default on a laptop): a dict in each web process, flushed every second by a
  thread of that process, and on a clean exit (atexit and gunicorn's worker_exit).
- `off`: the old write in the request (the test settings, unless a test asks).

Loss window (docs/STORAGE.md): on kill -9 of a web process, `memory` loses the views it had
not flushed yet (at most about CROSSNOTE_VIEW_FLUSH_SECONDS' worth, plus a flush under way); `redis`
loses what a killed web process had staged and not shipped (at most about 50 ms of its
views), nothing when a worker dies, and what Redis itself loses if *it* dies (with
appendfsync everysec, about a second). While Redis is unreachable, shipped views are
counted in the database at once, as before, rather than dropped.
"""

from __future__ import annotations

import atexit
import logging
import secrets
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from functools import cache
from itertools import islice

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone
from redis import exceptions as redis_errors

from crossnote.core import outage
from crossnote.engagement.models import NoteView
from crossnote.notes.models import Note
from crossnote.notes.scoring import hot_score_expression
from crossnote.tags.actions import record_tag_view_counts
from crossnote.tags.models import NoteTag

log = logging.getLogger(__name__)

BATCH = 500  # views per INSERT statement on SQLite (PostgreSQL takes 10,000 as arrays)
FLUSH_BATCH = 50_000  # views per transaction when flushing Redis

# A buffered view: (note id, viewer key, when, as a POSIX timestamp).
View = tuple[int, str, float]


def ticks(
    stopping: threading.Event, seconds: float, clock: Callable[[], float] = time.monotonic
) -> Iterator[None]:
    """Yield every `seconds` until `stopping` is set, counted from one tick to the next: the
    time a flush takes is not added to the wait before the next (it was, and a view could
    wait two flush times beside the interval). A flush longer than `seconds` is followed by
    the next one at once, never by a burst of catching up."""
    due = clock() + seconds
    while not stopping.wait(max(0.0, due - clock())):
        yield
        due = max(due + seconds, clock())


def _batched(items: Iterable[View], size: int) -> Iterator[list[View]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def apply_views(views: Iterable[View]) -> int:
    """Count buffered views, each at most once per VIEW_WINDOW per viewer and note, in one
    transaction; views of notes deleted meanwhile are dropped. Returns how many counted.
    Applying the same views twice counts them once (what makes a retried flush safe)."""
    from crossnote.engagement.actions import VIEW_WINDOW

    views = list(views)
    if not views:
        return 0
    now = timezone.now()
    counted: Counter[int] = Counter()
    hours: dict[int, list[datetime]] = defaultdict(list)
    with transaction.atomic():
        existing = set(
            Note.objects.filter(pk__in={v[0] for v in views}).values_list("pk", flat=True)
        )
        kept = {(note_id, key): at for note_id, key, at in views if note_id in existing}
        # In a fixed order, so flushers of several processes never wait on each other in turn.
        ordered = [(n, k, at) for (n, k), at in sorted(kept.items())]
        for chunk in _batched(ordered, BATCH if connection.vendor != "postgresql" else 10_000):
            for note_id, key in _upsert_views(chunk, now - VIEW_WINDOW):
                counted[note_id] += 1
                hours[note_id].append(datetime.fromtimestamp(kept[(note_id, key)], UTC))
        by_amount: dict[int, list[int]] = defaultdict(list)
        for note_id, amount in counted.items():
            by_amount[amount].append(note_id)
        for amount, note_ids in sorted(by_amount.items()):  # one UPDATE per distinct amount
            Note.objects.filter(pk__in=note_ids).update(
                view_count=F("view_count") + amount,
                hot_score=hot_score_expression(new_views=amount),
            )
        tag_views: Counter[tuple[int, datetime]] = Counter()
        for note_id, tag_id in NoteTag.objects.filter(note_id__in=counted).values_list(
            "note_id", "tag_id"
        ):
            for at in hours[note_id]:
                tag_views[(tag_id, at.replace(minute=0, second=0, microsecond=0))] += 1
        record_tag_view_counts(tag_views)
    return sum(counted.values())


def _upsert_views(chunk: list[View], cutoff: datetime) -> list[tuple[int, str]]:
    """Insert each (viewer, note) or renew one counted before `cutoff`; returns the pairs
    that counted. PostgreSQL gets the rows as three arrays (one small statement: parsing a
    statement with thousands of placeholders cost more than running it)."""
    table = NoteView._meta.db_table
    conflict = (
        f" ON CONFLICT (viewer_key, note_id) DO UPDATE SET counted_at = excluded.counted_at"
        f" WHERE {table}.counted_at < %s RETURNING note_id, viewer_key"
    )
    times = [datetime.fromtimestamp(at, UTC) for _n, _k, at in chunk]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} (viewer_key, note_id, counted_at)"  # noqa: S608
                f" SELECT * FROM unnest(%s::text[], %s::bigint[], %s::timestamptz[]){conflict}",
                [[k for _n, k, _at in chunk], [n for n, _k, _at in chunk], times, cutoff],
            )
        else:
            rows = ", ".join(["(%s, %s, %s)"] * len(chunk))
            params = [v for (n, k, _at), at in zip(chunk, times, strict=True) for v in (k, n, at)]
            cursor.execute(
                f"INSERT INTO {table} (viewer_key, note_id, counted_at) VALUES {rows}{conflict}",  # noqa: S608
                [*params, cutoff],
            )
        return cursor.fetchall()


class MemoryBuffer:
    """Views waiting in this process, flushed by a thread of this process."""

    def __init__(self, every: float | None = None, background: bool = True) -> None:
        self.every = every or settings.CROSSNOTE_VIEW_FLUSH_SECONDS
        self.background = background  # False: only explicit flush() calls (tests, the bench)
        self.lock = threading.Lock()
        self.pending: dict[tuple[int, str], float] = {}
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None

    def add(self, note_id: int, key: str, at: float) -> None:
        with self.lock:
            self.pending.setdefault((note_id, key), at)
            if (
                self.thread is None and self.background
            ):  # lazily: a process that never counts a view runs none
                self.thread = threading.Thread(target=self._run, name="view-flusher", daemon=True)
                self.thread.start()
                atexit.register(self.close)

    def __len__(self) -> int:
        return len(self.pending)

    def flush(self) -> int:
        with self.lock:
            taken, self.pending = self.pending, {}
        try:
            return apply_views((n, k, at) for (n, k), at in taken.items())
        except BaseException:
            with self.lock:  # back in, for the next flush (the newer time wins nothing)
                for pair, at in taken.items():
                    self.pending.setdefault(pair, at)
            raise

    def _run(self) -> None:
        for _tick in ticks(self.stopping, self.every):
            try:
                self.flush()
            except Exception:
                log.exception("flushing views failed; they wait for the next flush")
            finally:
                close_old_connections()

    def close(self) -> None:
        """Stop the thread and flush what is left (a clean shutdown loses nothing)."""
        self.stopping.set()
        if self.thread is not None and self.thread is not threading.current_thread():
            self.thread.join(timeout=10)
        self.flush()


class RedisBuffer:
    """Views waiting in one Redis hash, shared by every web process, flushed by the worker.

    A request does not wait for Redis either: its view is staged in this process and a
    thread ships what was staged every SHIP_EVERY seconds in one pipelined round trip (a
    round trip per view capped a process at a few thousand views a second)."""

    SHIP_EVERY = 0.05
    SHIP_AT = 5000  # staged views that make the adding request ship at once

    def __init__(self, url: str, prefix: str, background: bool = True) -> None:
        import redis

        timeout = settings.CROSSNOTE_REDIS_TIMEOUT
        self.client = redis.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout
        )
        self.pending = f"{prefix}views:pending"
        self.flushing = f"{prefix}views:flushing"
        self.lock = f"{prefix}views:flush-lock"
        self.background = background
        self.staged: dict[str, float] = {}  # "note id|viewer key" → when
        self.staged_lock = threading.Lock()
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None

    def add(self, note_id: int, key: str, at: float) -> None:
        with self.staged_lock:
            self.staged.setdefault(f"{note_id}|{key}", at)
            full = len(self.staged) >= self.SHIP_AT
            if self.thread is None and self.background:
                self.thread = threading.Thread(target=self._run, name="view-shipper", daemon=True)
                self.thread.start()
                atexit.register(self.close)
        if full:
            self.ship()

    def ship(self) -> int:
        """Send the staged views to Redis in one round trip; with Redis unreachable, count
        them in the database at once (the old way) rather than lose them."""
        with self.staged_lock:
            taken, self.staged = self.staged, {}
        if not taken:
            return 0
        # HSET with many fields per command: encoding one command per view cost more than
        # Redis's work. A viewer already pending gets the later time (same window, to the second).
        pipe = self.client.pipeline(transaction=False)
        items = iter(taken.items())
        while chunk := dict(islice(items, 1000)):
            pipe.hset(self.pending, mapping=chunk)
        try:
            try:
                outage.call(pipe.execute)
            except outage.RedisUnavailable:
                apply_views(_parse(field, at) for field, at in taken.items())
        except BaseException:
            with self.staged_lock:  # back in, for the next try
                for pair, at in taken.items():
                    self.staged.setdefault(pair, at)
            raise
        return len(taken)

    def _run(self) -> None:
        for _tick in ticks(self.stopping, self.SHIP_EVERY):
            try:
                self.ship()
            except Exception:
                log.exception("shipping views to Redis failed")
            finally:
                close_old_connections()

    def __len__(self) -> int:
        """Views waiting in Redis (not those staged in a process)."""
        return int(self.client.hlen(self.pending)) + int(self.client.hlen(self.flushing))

    def flush(self) -> int:
        """Apply what is pending; 0 if another flusher holds the turn. A flush that dies
        half-way is finished by the next one (applying twice counts once)."""
        self.ship()  # this process's own staged views too
        token = secrets.token_hex(8)
        if not self.client.set(self.lock, token, nx=True, px=60_000):
            return 0
        try:
            # A flushing hash still there is a killed flush's: finish it first.
            if not self.client.exists(self.flushing):
                try:
                    self.client.rename(self.pending, self.flushing)
                except redis_errors.ResponseError:  # "no such key": nothing pending
                    return 0
            counted = 0
            fields = self.client.hscan_iter(self.flushing, count=10_000)
            for chunk in _batched((_parse(f, at) for f, at in fields), FLUSH_BATCH):
                counted += apply_views(chunk)
            self.client.delete(self.flushing)
            return counted
        finally:
            if self.client.get(self.lock) == token.encode():
                self.client.delete(self.lock)

    def close(self) -> None:
        """Stop shipping by the clock and ship what is staged (a clean exit loses nothing)."""
        self.stopping.set()
        if self.thread is not None and self.thread is not threading.current_thread():
            self.thread.join(timeout=10)
        self.ship()


def _parse(field: bytes | str, at: bytes | float) -> View:
    note_id, _, key = (field.decode() if isinstance(field, bytes) else field).partition("|")
    return int(note_id), key, float(at)


@cache
def view_buffer() -> MemoryBuffer | RedisBuffer | None:
    """This process's buffer, made on first use; None when views are written at once."""
    kind = settings.CROSSNOTE_VIEW_BUFFER
    if kind == "redis":
        prefix = f"{settings.CACHES['default'].get('KEY_PREFIX', 'cn')}:"
        return RedisBuffer(settings.REDIS_URL, prefix)
    if kind == "memory":
        return MemoryBuffer()
    return None


def record_view(note: Note, key: str) -> bool:
    """Count a view of `note` by `key` soon (within about a second): returns False for the
    author's own view, which never counts, else True (the window rule is applied later)."""
    from crossnote.engagement.actions import do_record_view

    if key == f"u:{note.author_id}":
        return False
    buffer = view_buffer()
    if buffer is None:
        return do_record_view(note, key)
    buffer.add(note.pk, key, time.time())
    return True


class Flusher:
    """The worker's loop: flush the Redis buffer every CROSSNOTE_VIEW_FLUSH_SECONDS, in a thread."""

    def __init__(self, every: float | None = None) -> None:
        self.every = every or settings.CROSSNOTE_VIEW_FLUSH_SECONDS
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="view-flusher", daemon=True)

    def _run(self) -> None:
        buffer = view_buffer()
        for _tick in ticks(self.stopping, self.every) if buffer is not None else ():
            try:
                buffer.flush()
            except Exception:
                log.exception("flushing views failed; they wait in Redis for the next flush")
            finally:
                close_old_connections()

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=30)


_flusher_lock = threading.Lock()
_flusher: Flusher | None = None


def start_flusher() -> None:
    """Start the worker's flush loop once per process (the consumer calls each worker's
    start-up hook)."""
    global _flusher
    if settings.CROSSNOTE_VIEW_BUFFER != "redis":
        return  # a memory buffer lives in a web process and flushes itself
    with _flusher_lock:
        if _flusher is None:
            _flusher = Flusher()
            _flusher.thread.start()


def stop_flusher() -> None:
    """Stop the loop and flush once more (a clean shutdown leaves nothing behind)."""
    global _flusher
    with _flusher_lock:
        if _flusher is None:
            return
        _flusher.stop()
        _flusher = None
    buffer = view_buffer()
    if buffer is not None:
        buffer.flush()


def close_buffer() -> None:
    """On a web process's clean exit: flush a memory buffer, ship a Redis one's staged views."""
    if view_buffer.cache_info().currsize:  # made in this process
        buffer = view_buffer()
        if buffer is not None:
            buffer.close()
