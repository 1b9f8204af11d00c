"""One run of the retrieval benchmark, after django.setup(): load, search, print, save."""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from bench.session import code_version
from bench.translation.report import table

PAIRS_FILE = Path(__file__).resolve().parent.parent / "meaning_pairs.tsv"
# name: (label, CROSSNOTE_SEARCH_MEANING, CROSSNOTE_SEARCH_DICTIONARY)
MODES = {
    "dictionary": ("dictionary only (before)", False, True),
    "meaning": ("words + meaning, no dictionary", True, False),
    "hybrid": ("hybrid: words + dictionary + meaning", True, True),
}
# Authors per language: notes spread over a few people, as in the community.
AUTHORS = 3


@dataclass(frozen=True)
class Pair:
    id: str
    topic: str
    en_keyword: str
    zh_keyword: str
    en_title: str
    en_body: str
    zh_title: str
    zh_body: str


def read_pairs(limit: int | None = None) -> list[Pair]:
    with PAIRS_FILE.open(encoding="utf-8", newline="") as f:
        pairs = [Pair(**row) for row in csv.DictReader(f, delimiter="\t")]
    return pairs[:limit] if limit else pairs


def load(pairs: list[Pair]) -> dict[str, tuple[int, int]]:
    """Every pair as two public notes, published through the real path (indexed and, with
    tasks immediate, embedded). Returns pair id → (English note id, Chinese note id)."""
    from crossnote.accounts.actions import do_signup
    from crossnote.notes.actions import do_create_note

    people = {
        language: [
            do_signup(f"bench_{language}{i}", "bench-password-1", "", [language])
            for i in range(AUTHORS)
        ]
        for language in ("en", "zh-hans")
    }
    ids = {}
    for n, p in enumerate(pairs):
        en = do_create_note(people["en"][n % AUTHORS], _fields(p.en_title, p.en_body), [], [])
        zh = do_create_note(people["zh-hans"][n % AUTHORS], _fields(p.zh_title, p.zh_body), [], [])
        ids[p.id] = (en.pk, zh.pk)
    return ids


def _fields(title: str, body: str) -> dict[str, str]:
    return {"title": title, "body": body, "topic": "other", "place": "", "visibility": "public"}


@dataclass
class Row:
    mode: str
    direction: str
    found: int
    total: int
    p50_ms: float
    p99_ms: float
    misses: list[str]


def measure(mode: str, pairs: list[Pair], ids: dict[str, tuple[int, int]], top: int) -> list[Row]:
    from crossnote.search.queries import search_notes

    viewer = AnonymousUser()
    rows = []
    for direction, query_of, target in (
        ("en keyword → zh note", lambda p: p.en_keyword, 1),
        ("zh keyword → en note", lambda p: p.zh_keyword, 0),
    ):
        found, times, misses = 0, [], []
        for p in pairs:
            started = time.perf_counter()
            page = search_notes(viewer, query_of(p), None, top)
            times.append((time.perf_counter() - started) * 1000)
            if ids[p.id][target] in [n.pk for n in page.items]:
                found += 1
            else:
                misses.append(f"{p.id} {query_of(p)}")
        times.sort()
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        rows.append(Row(mode, direction, found, len(pairs), statistics.median(times), p99, misses))
    return rows


def _label(mode: str, k: int, floor: float, sweep: bool) -> str:
    return f"{mode} (k={k}, floor={floor})" if sweep else mode


def run(args: argparse.Namespace) -> int:
    from crossnote.search import fusion

    call_command("migrate", verbosity=0)
    ks = args.rrf_k or [fusion.RRF_K]
    floors = args.min_similarity or [settings.CROSSNOTE_SEARCH_MIN_SIMILARITY]
    sweep = len(ks) * len(floors) > 1
    pairs = read_pairs(args.pairs)
    started = time.perf_counter()
    ids = load(pairs)
    seconds = time.perf_counter() - started
    print(f"Loaded {2 * len(pairs)} notes ({len(pairs)} pairs) in {seconds:.1f} s")
    rows: list[Row] = []
    for name in args.modes:
        mode, meaning, dictionary = MODES[name]
        settings.CROSSNOTE_SEARCH_MEANING = meaning
        settings.CROSSNOTE_SEARCH_DICTIONARY = dictionary
        for k in ks if meaning else ks[:1]:
            for floor in floors if meaning else floors[:1]:
                fusion.RRF_K = k
                settings.CROSSNOTE_SEARCH_MIN_SIMILARITY = floor
                label = _label(mode, k, floor, sweep and meaning)
                rows += measure(label, pairs, ids, args.top)
    print(
        f"\nCross-language retrieval: is the other-language note in the top {args.top}?"
        f"  (RRF k={', '.join(map(str, ks))}; min similarity {', '.join(map(str, floors))})\n"
    )
    cells = [
        [
            r.mode,
            r.direction,
            f"{r.found}/{r.total}",
            f"{r.found / r.total:.1%}",
            f"{r.p50_ms:.1f}",
            f"{r.p99_ms:.1f}",
        ]
        for r in rows
    ]
    print(table(["search", "direction", "found", "share", "p50 ms", "p99 ms"], cells))
    for r in rows[-2:]:
        if args.show and r.misses:
            shown = "; ".join(r.misses[: args.show])
            print(f"\n{r.mode}, {r.direction}: {len(r.misses)} missed, e.g. {shown}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    results = {
        "code": code_version(),
        "pairs": len(pairs),
        "top": args.top,
        "rows": [r.__dict__ for r in rows],
    }
    args.output.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print(f"\nResults: {args.output}")
    return 0
