"""Crossnote's translation benchmark: chrF, detection, offline latency, the cached path.

    python -m bench.translation            # all 255 sentences: about 10 s
    python -m bench.translation --quick    # 40 sentences, fewer passes: about 6 s

Runs on a throwaway SQLite database in a temporary directory (DATABASE_URL and REDIS_URL
are ignored). HTTP engines run when configured; see bench/translation/README.md.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent.parent
# (full run, --quick) defaults of the options left unset.
DEFAULTS = {
    "sentences": (None, 40),
    "detect_passes": (10, 3),
    "latency_passes": (5, 2),
    "cached_calls": (5000, 1000),
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.translation", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--quick", action="store_true", help="40 sentences and fewer passes (under a minute)"
    )
    parser.add_argument(
        "--sentences", type=int, help="use at most N sentences, half per language (default all)"
    )
    parser.add_argument("--detect-passes", type=int, help="timed detection passes (10)")
    parser.add_argument("--latency-passes", type=int, help="timed offline passes (5)")
    parser.add_argument("--cached-calls", type=int, help="timed cached calls (5000)")
    parser.add_argument("--show", type=int, default=4, help="example glosses per direction")
    parser.add_argument(
        "--output",
        type=Path,
        default=BENCH_DIR / "data" / "translation-results.json",
        help="the JSON results file (default bench/data/, git-ignored)",
    )
    args = parser.parse_args(argv)
    if args.sentences is not None and args.sentences < 2:
        parser.error("--sentences: at least 2 (one per source language)")
    for name, (full, quick) in DEFAULTS.items():
        if getattr(args, name) is None:
            setattr(args, name, quick if args.quick else full)
    return args


def configure(data_dir: Path) -> None:
    """Environment for crossnote.settings; must happen before django.setup()."""
    for name in ("DATABASE_URL", "REDIS_URL"):
        if os.environ.pop(name, None):
            print(f"{name} ignored: the benchmark uses a throwaway SQLite database.")
    os.environ["DJANGO_SETTINGS_MODULE"] = "crossnote.settings"
    os.environ["CROSSNOTE_DATA_DIR"] = str(data_dir)
    os.environ["CROSSNOTE_DEBUG"] = "0"  # DEBUG keeps every query: slower, growing memory
    os.environ.setdefault("CROSSNOTE_LOG_LEVEL", "WARNING")
    os.environ.setdefault("CROSSNOTE_TASK_LOG_LEVEL", "WARNING")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="crossnote-translation-bench-") as tmp:
        configure(Path(tmp))
        import django

        django.setup()
        import jieba

        jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict…" in the output
        from django.db import connections

        from bench.translation import session

        try:
            return session.run(args)
        finally:
            connections.close_all()  # before the temporary directory goes


if __name__ == "__main__":
    sys.exit(main())
