"""One run of the translation benchmark, after django.setup(): measure, print, save."""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import django
from django.core.management import call_command

from bench.session import code_version
from bench.translation import measure, testset
from bench.translation.engines import Skipped, runnable_engines
from bench.translation.report import Timing, ms, table

TIMING_HEADERS = ["p50 ms", "p99 ms", "max ms"]


def _timing_cells(timing: Timing) -> list[str]:
    return [ms(timing.p50_ms), ms(timing.p99_ms), ms(timing.max_ms)]


def _section(title: str) -> None:
    print(f"\n{title}\n{'=' * len(title)}")


def print_chrf(scores: list[measure.Score], skipped: list[Skipped]) -> None:
    _section("1. chrF against the references (sacrebleu chrF2; chrF++ for English targets)")
    rows = [
        [
            s.engine,
            s.direction,
            str(s.sentences),
            f"{s.chrf:.1f}",
            "" if s.chrf_pp is None else f"{s.chrf_pp:.1f}",
            f"{s.seconds:.2f}",
        ]
        for s in scores
    ]
    print(table(["engine", "direction", "sentences", "chrF", "chrF++", "seconds"], rows))
    for s in skipped:
        print(f"skipped {s.name}: {s.reason}")


def print_examples(scores: list[measure.Score], sentences: list[testset.Sentence], n: int) -> None:
    """A few offline glosses next to their references, spread over each direction."""
    if n <= 0:
        return
    by_id = {s.id: s for s in sentences}
    print()
    for s in scores:
        if s.engine != "offline":
            continue
        step = max(1, len(s.per_sentence) // n)
        for item in s.per_sentence[::step][:n]:
            sentence = by_id[item["id"]]
            print(f"{item['id']}  {sentence.source}")
            print(f"  gloss     {item['hypothesis']}   (chrF {item['chrf']})")
            print(f"  reference {sentence.reference}")


def print_detection(cold: dict[str, float], rows: list[measure.Detection]) -> None:
    _section("2. Language detection: detect_language(text), no hint")
    cells = [
        [
            r.language,
            str(r.texts),
            f"{r.mean_chars:.0f}",
            f"{r.accuracy:.1%}",
            f"{r.timing.per_second:,.0f}",
            *_timing_cells(r.timing),
        ]
        for r in rows
    ]
    headers = ["source language", "texts", "mean chars", "accuracy", "texts/s", *TIMING_HEADERS]
    print(table(headers, cells))
    print(
        f"cold first call: Chinese text {cold['zh-hans']:.2f} s (builds the detector, loads"
        f" OpenCC), then English text {cold['en']:.2f} s (lingua loads its models)"
    )
    for wrong in rows[0].wrong:
        print(f"  misdetected {wrong['id']} as {wrong['got'] or '(none)'!r}: {wrong['text']}")


def print_offline(cold: dict[str, float], timings: dict[str, Timing]) -> None:
    _section("3. Offline engine latency: OfflineEngine().translate([text], …), one per call")
    cells = [
        [direction, str(t.count), f"{t.per_second:,.0f}", *_timing_cells(t)]
        for direction, t in timings.items()
    ]
    print(table(["direction", "calls", "calls/s", *TIMING_HEADERS], cells))
    print(
        f"cold first call: zh→en {cold['zh→en']:.2f} s (loads CC-CEDICT and jieba),"
        f" then en→zh {cold['en→zh']:.2f} s (builds the reverse dictionary)"
    )


def print_cached(cached: measure.Cached) -> None:
    _section('4. The cached path: service.translate("note", [Source(…)], target)')
    cells = []
    for name, t in cached.rows.items():
        target = ""
        if name == "cached: one note":
            verdict = "PASS" if cached.passed else "FAIL"
            target = f"p99 ≤ {measure.CACHED_TARGET_MS:g} ms {verdict}"
        counts = [str(t.count), str(cached.queries[name]), str(cached.preempted[name])]
        cells.append([name, *counts, *_timing_cells(t), target])
    headers = ["call", "calls", "SQL/call", "preempted", *TIMING_HEADERS, "target"]
    print(table(headers, cells))
    print(f"Translation rows stored by the first views: {cached.stored_rows}")


def _detection_json(cold: dict[str, float], rows: list[measure.Detection]) -> dict:
    return {
        "first_call_seconds": {k: round(v, 3) for k, v in cold.items()},
        "rows": [
            {
                **{k: v for k, v in r.__dict__.items() if k != "timing"},
                "accuracy": r.accuracy,
                **r.timing.as_dict(),
            }
            for r in rows
        ],
    }


def _offline_json(cold: dict[str, float], latency: dict[str, Timing]) -> dict:
    return {
        "first_call_seconds": {d: round(v, 3) for d, v in cold.items()},
        "latency": {d: t.as_dict() for d, t in latency.items()},
    }


def _cached_json(cached: measure.Cached) -> dict:
    return {
        "target_p99_ms": measure.CACHED_TARGET_MS,
        "passed": cached.passed,
        "stored_rows": cached.stored_rows,
        "rows": {
            name: {
                **t.as_dict(),
                "queries": cached.queries[name],
                "preempted": cached.preempted[name],
            }
            for name, t in cached.rows.items()
        },
    }


def _load_note(start: float, end: float) -> str:
    """The 1-minute load average around the run; a warning when other processes were
    competing for the cores (their work shows up as p99 outliers)."""
    note = f"load average (1 min): {start:.2f} at the start, {end:.2f} at the end"
    if max(start, end) > 0.5 * (os.cpu_count() or 1):
        note += " — other processes were busy: p99 figures are unreliable, measure again idle"
    return note


def _header(args: argparse.Namespace, sentences: list[testset.Sentence], version: str) -> dict:
    counts = {lang: sum(s.source_language == lang for s in sentences) for lang in testset.LANGUAGES}
    print(
        f"{len(sentences)} sentences ({counts['zh-hans']} zh→en, {counts['en']} en→zh);"
        f" detection passes {args.detect_passes}, latency passes {args.latency_passes},"
        f" cached calls {args.cached_calls}"
    )
    return {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "code": version,
        "python": platform.python_version(),
        "django": django.get_version(),
        "cpus": os.cpu_count(),
        "options": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "sentences": counts,
    }


def run(args: argparse.Namespace) -> int:
    """Measure every section in order, print its table, write the JSON file. Returns the
    exit status: 0 when the cached path meets its target, else 1."""
    load_start = os.getloadavg()[0]
    version = code_version()
    sentences = testset.subset(testset.load(), args.sentences)
    results = _header(args, sentences, version)
    # Cold calls first: nothing may have loaded the dictionaries yet.
    offline_cold = measure.offline_cold(sentences)
    engines, skipped = runnable_engines()
    scores, failed = measure.chrf_scores(engines, sentences)
    skipped += failed
    print_chrf(scores, skipped)
    print_examples(scores, sentences, args.show)
    results["chrf"] = [s.__dict__ for s in scores]
    results["skipped"] = [s.__dict__ for s in skipped]

    detection = measure.detection(sentences, args.detect_passes)
    print_detection(*detection)
    results["detection"] = _detection_json(*detection)

    latency = measure.offline_latency(sentences, args.latency_passes)
    print_offline(offline_cold, latency)
    results["offline"] = _offline_json(offline_cold, latency)

    call_command("migrate", verbosity=0)
    cached = measure.cached_path(sentences, args.cached_calls)
    print_cached(cached)
    results["cached"] = _cached_json(cached)

    load_end = os.getloadavg()[0]
    results["load_average"] = {"start": round(load_start, 2), "end": round(load_end, 2)}
    print(
        f"\nPython {platform.python_version()}, Django {django.get_version()},"
        f" {os.cpu_count()} CPUs; SQLite (throwaway, in a temporary directory); code {version}"
    )
    print(_load_note(load_start, load_end))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"results: {args.output}")
    return 0 if cached.passed else 1
