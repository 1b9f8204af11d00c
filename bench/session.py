"""One benchmark run, after django.setup(): dataset, viewers, scenarios, table."""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import time
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from bench import database, note_vectors, report, scenarios, viewers
from bench.generate import Spec, generate
from bench.loader import step
from bench.measure import WsgiClient
from crossnote.core.maintenance import analyze_database
from crossnote.feeds.stores import timeline_store
from crossnote.notes.actions import do_delete_note
from crossnote.notes.models import Note

ROOT = Path(__file__).resolve().parent.parent
COUNTED_TABLES = ["accounts_user", "relations_follow", "notes_note", "engagement_like"]
COUNTED_TABLES += ["tags_hashtag", "tags_notetag", "search_notedocument", "feeds_timelineentry"]
COUNTED_TABLES += ["search_notevector"]


def _spec(args: argparse.Namespace) -> Spec:
    return Spec(
        people=args.people,
        notes=args.notes,
        likes=args.likes,
        star_followers=min(args.star_followers, int(args.people * 0.8)),
        seed=args.seed,
        now=float(int(time.time())),
        vectors=not args.no_vectors,
    )


def build_dataset(args: argparse.Namespace) -> dict:
    """Generate into the empty, migrated database; returns what to remember about it."""
    spec = _spec(args)
    timings: dict[str, float] = {}
    print(
        f"Generating {spec.people:,} people, {spec.notes:,} notes, {spec.likes:,} likes"
        f" (star with {spec.star_followers:,} followers) into {database.describe()}:"
    )
    start = time.perf_counter()
    vectors: dict = {}
    counts = generate(spec, timings, vectors)
    if connection.vendor == "postgresql":
        with step("vacuum analyze", timings), connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum would have done by now
    timeline_store().clear()  # timelines of an earlier dataset (Redis) mean nothing now
    total = time.perf_counter() - start
    print(f"Dataset generated in {total:.0f} s ({total / 60:.1f} min).\n")
    return {
        "spec": spec.__dict__,
        "rows": counts,
        "seconds": round(total, 1),
        "steps": timings,
        "vectors": vectors,
    }


def planner_statistics(args: argparse.Namespace) -> str:
    """Planner statistics as production has them, or none (--no-analyze, SQLite only).

    On SQLite `crossnote serve` refreshes them at start and hourly with the app's own
    `analyze_database()`; the benchmark does the same. PostgreSQL was VACUUM ANALYZEd after
    loading, as autovacuum would have done. Returns a line for the report."""
    if connection.vendor != "sqlite":
        return "planner statistics: VACUUM ANALYZE after loading (as autovacuum would)"
    if args.no_analyze:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
            cursor.execute("DROP TABLE IF EXISTS sqlite_stat4")
        connection.close()  # the next connection plans without them
        return "planner statistics: none on SQLite (--no-analyze)"
    analyze_database()
    return "planner statistics: SQLite, crossnote.core.maintenance.analyze_database() (as serve)"


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in COUNTED_TABLES:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        return counts


def _git(*args: str) -> str:
    git = shutil.which("git")
    if git is None:
        return ""
    # Fixed git arguments written here, no user input.
    command = [git, *args]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    return done.stdout.strip()


def code_version() -> str:
    """The commit measured, marked when the working tree differs from it."""
    sha = _git("rev-parse", "--short", "HEAD")
    if not sha:
        return "unknown"
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    return sha + (" + uncommitted changes" if dirty else "")


def _meta_path(args: argparse.Namespace):
    return args.data_dir / f"dataset-{connection.vendor}.json"


def run(args: argparse.Namespace, fresh: bool) -> int:
    version = code_version()  # now: the tree may change while the benchmark runs
    call_command("migrate", verbosity=0)
    if fresh:
        meta = build_dataset(args)
        _meta_path(args).write_text(json.dumps(meta, indent=2))
    elif not Note.objects.exists():
        raise SystemExit("--reuse: the database holds no dataset; run without --reuse.")
    else:
        path = _meta_path(args)
        meta = json.loads(path.read_text()) if path.exists() else {}
        print(f"Reusing the dataset in {database.describe()}.")
        if scenarios.remove_bench_notes():
            print("  (removed notes left by an interrupted earlier run)")
    with step("planner statistics", {}):
        stats = planner_statistics(args)
    ctx = _context(args)
    ctx.notes.append(stats)
    ctx.notes.append(note_vectors.describe(meta.get("vectors") or {}))
    with step("load the meaning index and the encoder (cold, then in this process)", {}):
        scenarios.warm_meaning(ctx)
    try:
        rows = _scenarios(ctx)
    finally:
        with step(f"clean up {len(ctx.created)} posted notes", {}):
            for note in Note.objects.filter(pk__in=ctx.created):
                do_delete_note(note)
    _print(args, ctx, rows, meta, version)
    return 0


def _context(args: argparse.Namespace) -> scenarios.Context:
    viewer_ids, median = viewers.sample_viewers(args.viewers)
    star = viewers.star()
    tokens = viewers.issue_tokens([*viewer_ids, star.pk])
    start = time.perf_counter()
    entries = viewers.materialise_timelines(viewer_ids)
    print(
        f"{len(viewer_ids)} viewers (following count near the median, {median});"
        f" {entries:,} timeline entries written in {time.perf_counter() - start:.1f} s.\n"
    )
    ctx = scenarios.Context(
        client=WsgiClient(),
        viewers=viewer_ids,
        tokens=tokens,
        star_id=star.pk,
        star_followers=star.follower_count,
        requests=args.requests,
        post_requests=args.post_requests,
        show_queries=args.show_queries,
    )
    ctx.notes.append(f"viewers: {len(viewer_ids)}, median following count {median}")
    return ctx


def _scenarios(ctx: scenarios.Context) -> list[scenarios.Row]:
    queries = scenarios.QuerySource()
    plan = [
        (
            "Following feed page",
            lambda: scenarios.feed(ctx, "Following feed page", "following", True),
        ),
        ("Discover page", lambda: scenarios.feed(ctx, "Discover page", "discover", False)),
        ("Search 咖啡", lambda: scenarios.search(ctx, "Search 咖啡 (Chinese, 2 chars)", "咖啡")),
        ("Search coffee", lambda: scenarios.search(ctx, "Search coffee (English)", "coffee")),
        (
            "Search, a new query each request",
            lambda: scenarios.search_distinct(
                ctx, "Search, a new query each request (encoder uncached)", queries
            ),
        ),
        (
            "Search, a new query each request, words only",
            lambda: scenarios.search_words_only(
                ctx, "  same, words only (CROSSNOTE_SEARCH_MEANING=0)", queries
            ),
        ),
    ]
    rows = []
    for label, measure in plan:
        with step(label, {}):
            rows.append(measure())
    with step("Posting", {}):
        rows.extend(scenarios.posting(ctx))
    return rows


def _print(
    args: argparse.Namespace,
    ctx: scenarios.Context,
    rows: list[scenarios.Row],
    meta: dict,
    version: str,
) -> None:
    counts = table_counts()
    print()
    print(report.table(rows))
    print()
    store = settings.CROSSNOTE_TIMELINE_STORE
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(
        f"database: {database.describe()}; timeline store: {store}; cache: {cache};"
        f" Python {platform.python_version()}, Django {django.get_version()};"
        f" code {version}"
    )
    print("dataset: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
    if meta.get("seconds"):
        print(f"dataset generation: {meta['seconds']:.0f} s")
    print(
        "requests are sequential (one client, in-process WSGI);"
        f" {ctx.warmup} warm-up requests per scenario"
    )
    for note in ctx.notes:
        print(f"- {note}")
    results = {
        "rows": [
            {
                "scenario": r.result.name,
                "requests": r.result.count,
                "rps": round(r.result.rps, 1),
                "p50_ms": round(r.result.p50_ms, 2),
                "p99_ms": round(r.result.p99_ms, 2),
                "queries": r.result.queries,
                "baseline_rps": round(r.baseline.rps, 1) if r.baseline else None,
                "authenticated_baseline_rps": round(r.floor.rps, 1) if r.floor else None,
                "passed": r.passed,
            }
            for r in rows
        ],
        "notes": ctx.notes,
        "dataset": counts,
    }
    (args.data_dir / f"results-{connection.vendor}.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False)
    )
