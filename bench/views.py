"""View counting at scale: how many views a second the buffer takes in, and how long until
the totals in the database are exact.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cn_bench REDIS_URL=redis://127.0.0.1:6379/9 \\
        python -m bench.views [--seconds 5] [--writers 4] [--notes 1000] [--rate 0]

The scale-out profile: PostgreSQL + Redis (CROSSNOTE_VIEW_BUFFER=redis). The database is
migrated if needed and gets `--notes` published notes with tags (made afresh each run).
`--writers` processes each call `record_view` in a loop, one Redis round trip per view, as a
request does (no pipelining), each view from a new visitor, for `--seconds` (at most
`--rate` views a second in all, 0 for as fast as they go). Meanwhile one flusher process runs
the worker's loop (flush every CROSSNOTE_VIEW_FLUSH_SECONDS). Printed: ingest views/s, the
flusher's applied views/s, and the flush lag: from the last view recorded until every view
is in the database totals (they must then match exactly). See docs/STORAGE.md.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path
from types import SimpleNamespace

BENCH_DIR = Path(__file__).resolve().parent


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.views", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--writers", type=int, default=4, help="processes recording views")
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--rate", type=int, default=0, help="views per second in all; 0: flat out")
    parser.add_argument("--data-dir", type=Path, default=BENCH_DIR / "data-views")
    return parser.parse_args(argv)


def configure(args: argparse.Namespace) -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get(
        "REDIS_URL"
    ):
        sys.exit(
            "bench.views measures the scale-out profile:"
            " set DATABASE_URL (PostgreSQL) and REDIS_URL"
        )
    args.data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "crossnote.settings"
    os.environ["CROSSNOTE_DATA_DIR"] = str(args.data_dir.resolve())
    os.environ["CROSSNOTE_VIEW_BUFFER"] = "redis"
    os.environ.setdefault("CROSSNOTE_LOG_LEVEL", "WARNING")
    os.environ.setdefault("CROSSNOTE_SEARCH_MEANING", "0")


def setup_notes(count: int) -> list[tuple[int, int]]:
    """Fresh published notes with two tags each; returns (note id, author id) pairs."""
    from django.core.management import call_command

    from crossnote.accounts.models import User
    from crossnote.engagement.models import NoteView
    from crossnote.notes.models import Note
    from crossnote.tags.models import Hashtag, NoteTag, TagViewBucket

    call_command("migrate", verbosity=0, interactive=False)
    NoteView.objects.all().delete()
    TagViewBucket.objects.all().delete()
    Note.objects.filter(title="bench-views").delete()
    author, _ = User.objects.get_or_create(username="bench_views_author")
    notes = Note.objects.bulk_create(
        Note(author=author, title="bench-views", state=Note.State.PUBLISHED) for _ in range(count)
    )
    tags = [
        Hashtag.objects.get_or_create(key=f"benchtag{i}", defaults={"name": f"benchtag{i}"})[0]
        for i in range(20)
    ]
    NoteTag.objects.bulk_create(
        NoteTag(note=note, tag=tags[(i + j) % len(tags)], position=j)
        for i, note in enumerate(notes)
        for j in range(2)
    )
    return [(n.pk, author.pk) for n in notes]


def _django() -> None:
    import django

    django.setup()
    from django.conf import settings

    # Its own Redis keys: a test run on the same Redis database never meets the bench's.
    settings.CACHES["default"]["KEY_PREFIX"] = "cnbench"


def writer(
    number: int, notes: list[tuple[int, int]], seconds: float, rate: float, ready, go, done
) -> None:
    """Record views until the deadline: a new visitor each time, notes in turn."""
    _django()
    from crossnote.engagement.view_counts import close_buffer, record_view

    shown = [SimpleNamespace(pk=pk, author_id=author) for pk, author in notes]
    ready.put(number)
    go.wait()
    start = time.time()
    deadline = start + seconds
    recorded = 0
    while True:
        now = time.time()
        if now >= deadline:
            break
        if rate and recorded > (now - start) * rate:
            time.sleep(0.0005)
            continue
        record_view(shown[recorded % len(shown)], f"a:w{number}-{recorded}")
        recorded += 1
    close_buffer()  # what a web process does on a clean exit: ship what is staged
    done.put((recorded, time.time()))


def flusher(stop) -> None:
    _django()
    from django.conf import settings

    from crossnote.engagement.view_counts import view_buffer

    buffer = view_buffer()
    while not stop.is_set():
        began = time.monotonic()
        buffer.flush()
        stop.wait(max(0.0, settings.CROSSNOTE_VIEW_FLUSH_SECONDS - (time.monotonic() - began)))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    configure(args)
    _django()
    from django.db import connection
    from django.db.models import Sum

    from crossnote.engagement.view_counts import view_buffer
    from crossnote.notes.models import Note

    notes = setup_notes(args.notes)
    buffer = view_buffer()
    buffer.client.delete(buffer.pending, buffer.flushing, buffer.lock)
    connection.close()  # not shared with the children
    context = multiprocessing.get_context("spawn")
    ready, done, go, stop = context.Queue(), context.Queue(), context.Event(), context.Event()
    flush_process = context.Process(target=flusher, args=(stop,))
    flush_process.start()
    per_writer = args.rate / args.writers if args.rate else 0
    writers = [
        context.Process(target=writer, args=(n, notes, args.seconds, per_writer, ready, go, done))
        for n in range(args.writers)
    ]
    for process in writers:
        process.start()
    for _ in writers:  # every writer has imported Django and waits
        ready.get()
    start = time.time()
    go.set()
    results = [done.get() for _ in writers]
    recorded = sum(r for r, _ in results)
    last = max(t for _, t in results)
    ids = [pk for pk, _ in notes]
    total = 0
    while time.time() - last < 120:
        total = Note.objects.filter(pk__in=ids).aggregate(s=Sum("view_count"))["s"] or 0
        if total >= recorded:
            break
        time.sleep(0.02)
    exact_at = time.time()
    stop.set()
    flush_process.join()
    for process in writers:
        process.join()
    ingest = recorded / args.seconds
    rows = [
        ("writers (processes)", f"{args.writers}"),
        ("views recorded", f"{recorded:,}"),
        ("ingest", f"{ingest:,.0f} views/s"),
        ("flush lag after the last view", f"{exact_at - last:.2f} s"),  # 120: gave up
        ("applied by the flusher", f"{recorded / (exact_at - start):,.0f} views/s"),
        (
            "totals exact",
            "yes" if total == recorded else f"not yet after 120 s: {total:,} of {recorded:,}",
        ),
        ("cores / load average", f"{os.cpu_count()} / {os.getloadavg()[0]:.1f}"),
    ]
    width = max(len(name) for name, _ in rows)
    pace = f"{args.rate:,} views/s" if args.rate else "flat out"
    print(f"\nView counting, scale-out profile ({args.seconds:g} s, {pace})")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    return 0 if total == recorded else 1


if __name__ == "__main__":
    sys.exit(main())
