"""Crossnote's cross-language retrieval benchmark: does a keyword find its translation?

    python -m bench.retrieval            # all pairs of bench/meaning_pairs.tsv

Loads every pair's English and Chinese note into a throwaway SQLite database, then, for
each pair, searches its English keyword through the real `search_notes` and checks whether
the Chinese note is in the top 10 (and the reverse), with today's dictionary-only search
and with hybrid search. See bench/RETRIEVAL.md.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path

from bench.translation.__main__ import configure

BENCH_DIR = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.retrieval", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--pairs", type=int, help="use the first N pairs only (default all)")
    parser.add_argument("--top", type=int, default=10, help="found = within the top N (10)")
    parser.add_argument(
        "--rrf-k", type=int, nargs="+", help="reciprocal-rank fusion constant(s) (RRF_K)"
    )
    parser.add_argument(
        "--min-similarity",
        type=float,
        nargs="+",
        help="meaning floor(s) (CROSSNOTE_SEARCH_MIN_SIMILARITY); several values sweep",
    )
    parser.add_argument(
        "--modes",
        nargs="+",
        choices=["dictionary", "meaning", "hybrid"],
        default=["dictionary", "meaning", "hybrid"],
        help="which searches to measure (all three)",
    )
    parser.add_argument(
        "--show", type=int, default=5, help="misses printed for the last mode's rows (5)"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=BENCH_DIR / "data" / "retrieval-results.json",
        help="the JSON results file (default bench/data/, git-ignored)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="crossnote-retrieval-bench-") as tmp:
        configure(Path(tmp))
        os.environ["CROSSNOTE_TASKS_IMMEDIATE"] = "1"  # notes publish (and embed) as loaded
        import django

        django.setup()
        import jieba

        jieba.setLogLevel(logging.WARNING)
        from django.db import connections

        from bench.retrieval import session

        try:
            return session.run(args)
        finally:
            connections.close_all()  # before the temporary directory goes


if __name__ == "__main__":
    sys.exit(main())
