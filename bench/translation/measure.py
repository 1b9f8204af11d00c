"""The measurements: chrF per engine and direction, detection, offline latency, cached path.

Every function here runs after django.setup(); none prints.
"""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.translation.engines import Skipped
from bench.translation.report import Timing
from bench.translation.testset import LANGUAGES, Sentence, direction_name
from crossnote.translation import service
from crossnote.translation.detection import detect_language
from crossnote.translation.engines.base import Engine, EngineError
from crossnote.translation.engines.offline import OfflineEngine
from crossnote.translation.models import Translation

# Generous: an HTTP engine gets a whole direction of the test set in one call.
DEADLINE_SECONDS = 120.0
CACHED_TARGET_MS = 2.0
PAGE_SIZE = 20


def _target(language: str) -> str:
    return "en" if language == "zh-hans" else "zh-hans"


def _by_language(sentences: list[Sentence]) -> dict[str, list[Sentence]]:
    return {lang: [s for s in sentences if s.source_language == lang] for lang in LANGUAGES}


# --- chrF ----------------------------------------------------------------------------------


@dataclass
class Score:
    engine: str
    direction: str
    sentences: int
    chrf: float
    chrf_pp: float | None  # chrF++ (word bigrams too): English targets only
    seconds: float
    per_sentence: list[dict] = field(default_factory=list)


def _metrics():
    try:
        from sacrebleu.metrics import CHRF
    except ImportError:
        raise SystemExit("sacrebleu is needed for chrF: .venv/bin/pip install sacrebleu") from None
    # chrF2 as sacrebleu defines it: character 1–6-grams, recall weighted twice (beta 2),
    # whitespace ignored. chrF++ adds word 1–2-grams, which need spaces between words.
    return CHRF(), CHRF(word_order=2)


def score(name: str, group: list[Sentence], hypotheses: list[str], seconds: float) -> Score:
    chrf, chrf_pp = _metrics()
    references = [[s.reference for s in group]]
    english = group[0].target_language == "en"
    per_sentence = [
        {
            "id": s.id,
            "hypothesis": h,
            "chrf": round(chrf.sentence_score(h, [s.reference]).score, 1),
        }
        for s, h in zip(group, hypotheses, strict=True)
    ]
    return Score(
        engine=name,
        direction=group[0].direction,
        sentences=len(group),
        chrf=chrf.corpus_score(hypotheses, references).score,
        chrf_pp=chrf_pp.corpus_score(hypotheses, references).score if english else None,
        seconds=seconds,
        per_sentence=per_sentence,
    )


def chrf_scores(
    engines: list[Engine], sentences: list[Sentence]
) -> tuple[list[Score], list[Skipped]]:
    """Each engine translates each direction of the test set in one call; plus a floor row,
    the source copied unchanged, to show what chrF gives for doing nothing."""
    scores: list[Score] = []
    skipped: list[Skipped] = []
    for language, group in _by_language(sentences).items():
        if not group:
            continue
        target = _target(language)
        texts = [s.source for s in group]
        for engine in engines:
            if not engine.supports(language, target):
                skipped.append(Skipped(engine.info.name, f"does not do {language} → {target}"))
                continue
            start = time.perf_counter()
            try:
                out = engine.translate(texts, language, target, time.monotonic() + DEADLINE_SECONDS)
            except EngineError as exc:
                skipped.append(Skipped(engine.info.name, f"{direction_name(language)}: {exc}"))
                continue
            seconds = time.perf_counter() - start
            if len(out) != len(texts):
                skipped.append(Skipped(engine.info.name, f"{len(out)} answers for {len(texts)}"))
                continue
            scores.append(score(engine.info.name, group, out, seconds))
        scores.append(score("(source copied)", group, texts, 0.0))
    return scores, skipped


# --- Detection -----------------------------------------------------------------------------


@dataclass
class Detection:
    language: str  # the source_language column, or "all"
    texts: int
    correct: int
    mean_chars: float
    timing: Timing
    wrong: list[dict] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.texts if self.texts else 0.0


def detection(sentences: list[Sentence], passes: int) -> tuple[dict[str, float], list[Detection]]:
    """Seconds of the first call on a Chinese text (builds the detector, loads OpenCC) and
    then on an English one (lingua loads its Latin-script models); then accuracy (no hint)
    and per-text latency over `passes` timed passes, after one untimed pass."""
    cold = {}
    for language, group in _by_language(sentences).items():
        start = time.perf_counter()
        detect_language(group[0].source)
        cold[language] = time.perf_counter() - start
    got = {s.id: detect_language(s.source) for s in sentences}  # the untimed pass
    latencies: dict[str, list[float]] = {s.id: [] for s in sentences}
    for _ in range(passes):
        for s in sentences:
            start = time.perf_counter()
            detect_language(s.source)
            latencies[s.id].append(time.perf_counter() - start)
    groups = {"all": sentences, **_by_language(sentences)}
    rows = []
    for name, group in groups.items():
        wrong = [
            {"id": s.id, "text": s.source, "expected": s.source_language, "got": got[s.id]}
            for s in group
            if got[s.id] != s.source_language
        ]
        rows.append(
            Detection(
                language=name,
                texts=len(group),
                correct=len(group) - len(wrong),
                mean_chars=sum(len(s.source) for s in group) / max(1, len(group)),
                timing=Timing([t for s in group for t in latencies[s.id]]),
                wrong=wrong,
            )
        )
    return cold, rows


# --- Offline engine latency ----------------------------------------------------------------


def offline_cold(sentences: list[Sentence]) -> dict[str, float]:
    """Seconds of the offline engine's first call in each direction, in a fresh process:
    zh→en loads CC-CEDICT and jieba's dictionary; en→zh (second) builds the reverse
    dictionary. Must run before anything else translates."""
    engine = OfflineEngine()
    cold = {}
    for language, group in _by_language(sentences).items():
        start = time.perf_counter()
        engine.translate([group[0].source], language, _target(language), _deadline())
        cold[direction_name(language)] = time.perf_counter() - start
    return cold


def _deadline() -> float:
    return time.monotonic() + DEADLINE_SECONDS


def offline_latency(sentences: list[Sentence], passes: int) -> dict[str, Timing]:
    """Per-sentence latency of OfflineEngine().translate([text], …), one sentence per call,
    after one untimed pass; by direction and for all."""
    engine = OfflineEngine()
    for s in sentences:
        engine.translate([s.source], s.source_language, s.target_language, _deadline())
    latencies: dict[str, list[float]] = {"zh→en": [], "en→zh": []}
    for _ in range(passes):
        for s in sentences:
            deadline = _deadline()
            start = time.perf_counter()
            engine.translate([s.source], s.source_language, s.target_language, deadline)
            latencies[s.direction].append(time.perf_counter() - start)
    timings = {d: Timing(values) for d, values in latencies.items() if values}
    timings["all"] = Timing([t for values in latencies.values() for t in values])
    return timings


# --- The cached path -----------------------------------------------------------------------


@dataclass
class Cached:
    rows: dict[str, Timing]  # "first view", "cached: one note", "cached: page of 20"
    queries: dict[str, int]  # SQL statements of one call
    preempted: dict[str, int]  # involuntary context switches during the timed calls
    stored_rows: int

    @property
    def passed(self) -> bool:
        return self.rows["cached: one note"].p99_ms <= CACHED_TARGET_MS


def _sources(sentences: list[Sentence]) -> list[tuple[service.Source, str]]:
    return [
        (service.Source(i, s.source_language, [s.source]), s.target_language)
        for i, s in enumerate(sentences, start=1)
    ]


def _preemptions() -> int:
    """Times the OS took the CPU away from this process so far: other processes competing
    for the cores show up here, and as p99 outliers."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_nivcsw


def _timed_calls(calls: list[tuple[list[service.Source], str]]) -> Timing:
    latencies = []
    for sources, target in calls:
        start = time.perf_counter()
        result = service.translate("note", sources, target)
        latencies.append(time.perf_counter() - start)
        if len(result) != len(sources) or any(t is None for t in result.values()):
            raise RuntimeError("service.translate() returned no translation")
    return Timing(latencies)


def _queries(sources: list[service.Source], target: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        service.translate("note", sources, target)
    return len(captured.captured_queries)


def cached_path(sentences: list[Sentence], calls: int) -> Cached:
    """service.translate() for notes whose Translation rows exist. Each sentence is a note
    (one part); the first call per note translates and stores ("first view"), then `calls`
    timed calls for one note each, rotating through the notes, and calls/10 for a page of
    20 notes of one language. Raises RuntimeError if a timed call stores anything."""
    Translation.objects.all().delete()
    sources = _sources(sentences)
    probe = service.Source(len(sources) + 1, sentences[0].source_language, [sentences[0].source])
    first_queries = _queries([probe], sentences[0].target_language)
    Translation.objects.filter(object_id=probe.object_id).delete()
    before = _preemptions()
    first = _timed_calls([([source], target) for source, target in sources])
    first_preempted = _preemptions() - before
    stored = Translation.objects.count()
    one = [([sources[i % len(sources)][0]], sources[i % len(sources)][1]) for i in range(calls)]
    zh = [source for source, _ in sources if source.language == "zh-hans"]
    pages = [zh[i : i + PAGE_SIZE] for i in range(0, len(zh), PAGE_SIZE)]
    pages = [page for page in pages if len(page) == PAGE_SIZE] or [zh]
    page_calls = [(pages[i % len(pages)], "en") for i in range(max(1, calls // 10))]
    _timed_calls(one[: len(sources)] + page_calls[: len(pages)])  # warm-up, untimed
    rows = {"first view": first}
    preempted = {"first view": first_preempted}
    page_name = f"cached: page of {len(pages[0])}"
    for name, timed in (("cached: one note", one), (page_name, page_calls)):
        before = _preemptions()
        rows[name] = _timed_calls(timed)
        preempted[name] = _preemptions() - before
    if Translation.objects.count() != stored:
        raise RuntimeError("a cached call stored a translation: the cache was missed")
    queries = {
        "first view": first_queries,
        "cached: one note": _queries(*one[0]),
        page_name: _queries(*page_calls[0]),
    }
    return Cached(rows=rows, queries=queries, preempted=preempted, stored_rows=stored)
