"""The measured scenarios: feeds against their bare baselines, search, and posting."""

from __future__ import annotations

import io
import itertools
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import HttpResponse
from django.test import override_settings
from PIL import Image, ImageDraw

from bench import measure, vocab
from bench.generate import STAR_USERNAME
from bench.measure import QueryLog, Result, WsgiClient
from bench.note_vectors import rss_mb
from crossnote.feeds.tasks import fan_out_note
from crossnote.notes.actions import do_delete_note
from crossnote.notes.models import Note
from crossnote.search import meaning, vectors
from crossnote.search.tokens import query_words

FOLLOWING_TARGET = 0.7  # × the authenticated baseline's requests/s
SEARCH_P99_TARGET_MS = 50.0
POST_TITLE = "bench post"
NO_LIMIT = 10**9


@dataclass
class Row:
    result: Result
    baseline: Result | None = None
    # The authenticated baseline: the same raw query after looking up the bearer token.
    floor: Result | None = None
    target: str = ""
    passed: bool | None = None


@dataclass
class Context:
    client: WsgiClient
    viewers: list[int]
    tokens: dict[int, str]
    star_id: int
    star_followers: int
    requests: int
    post_requests: int
    show_queries: bool = False
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    created: list[int] = field(default_factory=list)

    def viewer(self, i: int) -> int:
        return self.viewers[i % len(self.viewers)]

    def auth(self, user_id: int) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.tokens[user_id]}"}

    @property
    def warmup(self) -> int:
        """One request per viewer the measurement will use (their first request writes the
        token's last_used_at and fills per-viewer caches, as an active user's would have)."""
        return min(self.requests, len(self.viewers))


def _with_queries(ctx: Context, result: Result, send: Callable[[int], HttpResponse]) -> None:
    """Count (and optionally print) the SQL statements of one more request."""
    with QueryLog() as log:
        send(0)
    result.queries = len(log.statements)
    if ctx.show_queries:
        print(f"\n-- {result.name}: {len(log.statements)} statements")
        for ms, sql in log.statements:
            print(f"  {ms:7.2f} ms  {sql}")


def _get(ctx: Context, path: str, data: dict | None = None, signed_in: bool = True):
    def send(i: int) -> HttpResponse:
        headers = ctx.auth(ctx.viewer(i)) if signed_in else {}
        return ctx.client.get(path, data or {}, **headers)

    return send


def _ids(response: HttpResponse) -> list[int]:
    return [item["id"] for item in json.loads(response.content)["items"]]


def feed(ctx: Context, name: str, kind: str, target: bool) -> Row:
    app = _get(ctx, f"/api/v1/feeds/{kind}")

    def bare(i: int) -> HttpResponse:
        return ctx.client.get(f"/bench/baseline/{kind}/{ctx.viewer(i)}")

    floor = None
    if target:
        # The target compares the feed with its authenticated floor: their requests take
        # turns (measure.run_alternating), so a machine that changes speed mid-run weighs
        # on both alike.
        result, floor = authenticated_floor(ctx, kind, name, app)
    else:
        result = measure.run(name, app, ctx.requests, ctx.warmup)
    _with_queries(ctx, result, app)
    base = measure.run("  bare baseline (1 raw SQL query)", bare, ctx.requests, ctx.warmup)
    _with_queries(ctx, base, bare)
    same = sum(_ids(app(i)) == _ids(bare(i)) for i in range(min(20, len(ctx.viewers))))
    overlap = len(set(_ids(app(0))) & set(_ids(bare(0))))
    ctx.notes.append(
        f"{kind}: app page == baseline page for {same} of {min(20, len(ctx.viewers))} viewers"
        f" (first viewer: {overlap} of 20 notes in common)"
    )
    row = Row(result, base)
    if floor is not None:
        row.floor = floor
        row.target = f">= {FOLLOWING_TARGET}x authenticated baseline"
        row.passed = result.rps >= FOLLOWING_TARGET * floor.rps
    return row


def authenticated_floor(
    ctx: Context, kind: str, name: str, app: Callable[[int], HttpResponse]
) -> tuple[Result, Result]:
    """The feed `app` and, taking turns with it, the bare query after authenticating the
    same bearer token the app's request sends."""

    def floor(i: int) -> HttpResponse:
        return ctx.client.get(f"/bench/baseline/{kind}-authenticated", **ctx.auth(ctx.viewer(i)))

    floor_name = "  authenticated baseline (bearer token + 1 raw SQL query)"
    result, floor_result = measure.run_alternating(
        [(name, app), (floor_name, floor)], ctx.requests, ctx.warmup
    )
    _with_queries(ctx, floor_result, floor)
    bare = ctx.client.get(f"/bench/baseline/{kind}/{ctx.viewer(0)}")
    if _ids(floor(0)) != _ids(bare):
        raise measure.Failed(f"{kind}: the authenticated baseline returned another page")
    return result, floor_result


def _match_count(q: str) -> int:
    words = query_words(q)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            fts = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
            cursor.execute(
                "SELECT COUNT(*) FROM search_note_fts WHERE search_note_fts MATCH %s", [fts]
            )
        else:
            cursor.execute(
                "SELECT COUNT(*) FROM search_notedocument"
                " WHERE vector @@ plainto_tsquery('simple', %s)",
                [" ".join(words)],
            )
        return cursor.fetchone()[0]


def search(ctx: Context, name: str, q: str) -> Row:
    send = _get(ctx, "/api/v1/search", {"q": q})
    result = measure.run(name, send, ctx.requests, ctx.warmup)
    _with_queries(ctx, result, send)
    ctx.notes.append(f"search {q!r}: words {query_words(q)}, {_match_count(q):,} matching notes")
    passed = result.p99_ms <= SEARCH_P99_TARGET_MS
    return Row(result, target=f"p99 <= {SEARCH_P99_TARGET_MS:.0f} ms", passed=passed)


# Realistic queries, English and Chinese; `QuerySource` follows them with item + place
# combinations so that every request of a row asks something never asked before.
HAND_QUERIES = ["cozy cafe", "lipstick for pale skin", "weekend trip ideas", "hiking near Tokyo"]
HAND_QUERIES += ["sunset beach", "minimalist living room", "easy yoga for beginners"]
HAND_QUERIES += ["bubble tea", "sourdough bread recipe", "what to wear in autumn"]
HAND_QUERIES += ["trench coat outfit", "sunscreen that doesn't pill", "budget travel Bali"]
HAND_QUERIES += ["cat toys", "film camera", "morning routine", "home office desk setup"]
HAND_QUERIES += ["dumplings in Shanghai", "perfume that lasts", "Great Wall in winter"]
HAND_QUERIES += ["quiet places to read", "road trip playlist", "best matcha dessert"]
HAND_QUERIES += ["skincare routine for dry skin", "camping gear"]
HAND_QUERIES += ["拿铁", "口红推荐", "周末去哪儿", "成都火锅", "上海咖啡店", "秋冬穿搭"]
HAND_QUERIES += ["显白口红", "大理民宿", "新手瑜伽", "收纳技巧", "小户型客厅", "减脂餐食谱"]
HAND_QUERIES += ["防晒霜推荐", "冬天去长城", "杭州周末", "露营装备", "奶茶店", "早午餐推荐"]
HAND_QUERIES += ["猫咪日常", "香水推荐", "面膜好用吗", "跑步入门", "租房改造", "日落海边"]
HAND_QUERIES += ["读书笔记"]


def all_queries() -> list[str]:
    """The 50 hand-written queries, then item + place ones alternating English and Chinese."""
    en = [f"{i} {p}" for t in vocab.TOPICS for i in vocab.EN_ITEMS[t] for p in vocab.EN_PLACES]
    zh = [f"{p}{i}" for t in vocab.TOPICS for i in vocab.ZH_ITEMS[t] for p in vocab.ZH_PLACES]
    rng = random.Random(5)
    rng.shuffle(en)
    rng.shuffle(zh)
    queries = dict.fromkeys(HAND_QUERIES)
    for pair in itertools.zip_longest(en, zh):
        queries.update((q, None) for q in pair if q)
    return list(queries)


class QuerySource:
    """Hands out each query once, across rows (a later row never meets a cached query)."""

    def __init__(self) -> None:
        self.queries = all_queries()
        self.taken = 0

    def next(self) -> str:
        q = self.queries[self.taken % len(self.queries)]
        if self.taken >= len(self.queries):  # more requests than queries: still distinct
            q = f"{q} {self.taken // len(self.queries)}"
        self.taken += 1
        return q


def search_distinct(ctx: Context, name: str, source: QuerySource) -> Row:
    """A new query for every request, warm-up included: the query's gloss, hashtag look-up
    and vector (encode_query) are computed in the request, none comes from a cache."""
    first = source.taken

    def send(i: int) -> HttpResponse:
        return ctx.client.get("/api/v1/search", {"q": source.next()}, **ctx.auth(ctx.viewer(i)))

    result = measure.run(name, send, ctx.requests, ctx.warmup)
    _with_queries(ctx, result, send)
    ctx.notes.append(
        f"{name}: {source.taken - first} distinct queries (e.g. {source.queries[first]!r},"
        f" {source.queries[first + 1]!r}), each asked once"
    )
    passed = result.p99_ms <= SEARCH_P99_TARGET_MS
    return Row(result, target=f"p99 <= {SEARCH_P99_TARGET_MS:.0f} ms", passed=passed)


def search_words_only(ctx: Context, name: str, source: QuerySource) -> Row:
    """The same with CROSSNOTE_SEARCH_MEANING off: the full-text half alone, for comparison."""
    with override_settings(CROSSNOTE_SEARCH_MEANING=False):
        row = search_distinct(ctx, name, source)
    row.target, row.passed = "", None
    return row


_COLD_LOAD = """
import json, os, sys, time
import django
django.setup()
from bench.note_vectors import rss_mb
from crossnote.search import meaning, vectors
out = {"rss_django": rss_mb()}
t0 = time.perf_counter()
index = vectors.index()
out["index_s"] = time.perf_counter() - t0
out["rss_index"] = rss_mb()
out["vectors"] = len(index)
out["arrays_mb"] = index.nbytes() / 2**20
t0 = time.perf_counter()
meaning.encode_query("warm up")
out["encoder_s"] = time.perf_counter() - t0
out["rss_both"] = rss_mb()
print(json.dumps(out))
"""


def warm_meaning(ctx: Context, cold: bool = True) -> None:
    """Load the meaning index and the encoder before timing, as a web process has them after
    its first search. With `cold`, first in a fresh process (subprocess): the cold load time
    and resident memory a web worker would have. Both go into the notes."""
    if not settings.CROSSNOTE_SEARCH_MEANING:
        ctx.notes.append("meaning search off (CROSSNOTE_SEARCH_MEANING=0): search is words only")
        return
    if cold:
        done = subprocess.run(  # noqa: S603 (our own interpreter, fixed code)
            [sys.executable, "-c", _COLD_LOAD],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "CROSSNOTE_LOG_LEVEL": "ERROR"},
        )
        c = json.loads(done.stdout.strip().splitlines()[-1])
        ctx.notes.append(
            f"meaning index, fresh process: {c['vectors']:,} vectors loaded cold from the table"
            f" in {c['index_s']:.1f} s ({c['arrays_mb']:.0f} MB of arrays); process RSS"
            f" {c['rss_django']:.0f} MB with Django → {c['rss_index']:.0f} MB with the index"
            f" → {c['rss_both']:.0f} MB with the encoder too (loaded in {c['encoder_s']:.1f} s)"
        )
    vectors.forget_index()
    before = rss_mb()
    started = time.perf_counter()
    index = vectors.index()
    load = time.perf_counter() - started
    meaning.encode_query("warm up")
    ctx.notes.append(
        f"meaning index in the benchmark process: {len(index):,} vectors loaded in {load:.1f} s"
        f" before timing (RSS {before:.0f} → {rss_mb():.0f} MB, encoder included)"
    )


def small_jpeg() -> bytes:
    image = Image.new("RGB", (480, 360), (214, 190, 160))
    ImageDraw.Draw(image).ellipse((120, 60, 360, 300), fill=(120, 80, 50))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def post(ctx: Context, name: str, fanout_limit: int | None) -> tuple[Row, list[int]]:
    """POST /api/v1/notes as the star; tasks (photo, publish, fan-out) run inline."""
    jpeg = small_jpeg()
    made: list[int] = []

    def send(i: int) -> HttpResponse:
        data = {
            "title": POST_TITLE,
            "body": f"周末的咖啡 {i} #咖啡 #weekend coffee time",
            "topic": "food",
            "images": SimpleUploadedFile("photo.jpg", jpeg, content_type="image/jpeg"),
        }
        response = ctx.client.post("/api/v1/notes", data, **ctx.auth(ctx.star_id))
        if response.status_code == 201:
            made.append(json.loads(response.content)["id"])
        return response

    limit = fanout_limit or settings.CROSSNOTE_FANOUT_LIMIT
    with override_settings(CROSSNOTE_FANOUT_LIMIT=limit):
        result = measure.run(name, send, ctx.post_requests, warmup=2, expect=201)
    ctx.created.extend(made)
    states = set(Note.objects.filter(pk__in=made).values_list("state", flat=True))
    if states != {Note.State.PUBLISHED}:
        raise measure.Failed(f"posted notes are {states}, not all published")
    return Row(result), made[2:]


def fan_out_alone(ctx: Context, name: str, note_ids: list[int]) -> Row:
    """fan_out_note.call_local for the star's notes, with the fan-out limit raised."""
    written: list[int] = []
    with override_settings(CROSSNOTE_FANOUT_LIMIT=NO_LIMIT):
        result = measure.time_calls(
            name, lambda i: written.append(fan_out_note.call_local(note_ids[i])), len(note_ids)
        )
    ctx.notes.append(f"fan-out alone wrote {written[0]:,} timeline entries per note")
    return Row(result)


def posting(ctx: Context) -> list[Row]:
    default = settings.CROSSNOTE_FANOUT_LIMIT
    pull = ctx.star_followers > default
    label = "pull author, no fan-out" if pull else "fan-out inline"
    rows = []
    row, plain_ids = post(ctx, f"Post note as star ({label}; limit {default:,})", None)
    rows.append(row)
    row, _ids = post(
        ctx, f"Post note as star (limit raised: {ctx.star_followers:,} fan-out inline)", NO_LIMIT
    )
    rows.append(row)
    rows.append(fan_out_alone(ctx, f"Fan-out alone to {ctx.star_followers:,} followers", plain_ids))
    if pull:
        ctx.notes.append(
            f"the star has {ctx.star_followers:,} followers > CROSSNOTE_FANOUT_LIMIT={default:,}:"
            " with the default setting its notes are pulled at read time, not fanned out"
        )
    return rows


def remove_bench_notes() -> int:
    """Delete notes posted by earlier benchmark runs (through the app, so every counter,
    timeline and file goes with them)."""
    notes = list(Note.objects.filter(title=POST_TITLE, author__username=STAR_USERNAME))
    for note in notes:
        do_delete_note(note)
    return len(notes)
