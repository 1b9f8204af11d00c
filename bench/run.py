"""Crossnote's performance benchmark: generate a dataset, time the hot paths, print a table.

    python -m bench.run                       # full size: 50K people, 1M notes, 5M likes
    python -m bench.run --people 2000 --notes 20000 --likes 50000 --requests 50   # smoke
    python -m bench.run --reuse               # measure again on the dataset already there

DATABASE_URL and REDIS_URL are honoured as by crossnote/settings.py. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--notes", type=int, default=1_000_000)
    parser.add_argument("--likes", type=int, default=5_000_000)
    parser.add_argument(
        "--star-followers",
        type=int,
        default=40_000,
        help="followers of the star author (at most 80%% of --people)",
    )
    parser.add_argument("--requests", type=int, default=500, help="timed requests per scenario")
    parser.add_argument(
        "--post-requests", type=int, default=20, help="timed posts per posting scenario"
    )
    parser.add_argument("--viewers", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=BENCH_DIR / "data")
    parser.add_argument(
        "--reuse", action="store_true", help="measure on the dataset already in the database"
    )
    parser.add_argument(
        "--no-analyze",
        action="store_true",
        help="measure SQLite without planner statistics (by default the app's ANALYZE runs)",
    )
    parser.add_argument(
        "--no-vectors",
        action="store_true",
        help="generate no meaning vectors (saves 1-2 minutes; hybrid search then finds by words)",
    )
    parser.add_argument(
        "--show-queries",
        action="store_true",
        help="print each scenario's SQL statements with timings",
    )
    return parser.parse_args(argv)


def configure(args: argparse.Namespace) -> None:
    """Environment for crossnote.settings; must happen before django.setup()."""
    args.data_dir = args.data_dir.resolve()
    (args.data_dir / "static").mkdir(parents=True, exist_ok=True)  # STATIC_ROOT, for WhiteNoise
    os.environ["DJANGO_SETTINGS_MODULE"] = "crossnote.settings"
    os.environ["CROSSNOTE_DATA_DIR"] = str(args.data_dir)
    # Background tasks (photos, publishing, fan-out) run inline, at commit, in the request.
    os.environ["CROSSNOTE_TASKS_IMMEDIATE"] = "1"
    # The star posts 44 notes in a minute, far past the abuse limit of 30 an hour.
    os.environ["CROSSNOTE_RATE_LIMITS"] = "0"
    hosts = os.environ.get("CROSSNOTE_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
    os.environ["CROSSNOTE_ALLOWED_HOSTS"] = hosts + ",testserver"
    os.environ.setdefault("CROSSNOTE_LOG_LEVEL", "WARNING")
    os.environ.setdefault("CROSSNOTE_TASK_LOG_LEVEL", "WARNING")  # huey logs every task


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    configure(args)
    from bench import database

    fresh = not args.reuse
    database.prepare(args.data_dir, fresh=fresh)

    import django

    django.setup()
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.urls"
    from bench import session

    return session.run(args, fresh)


if __name__ == "__main__":
    sys.exit(main())
