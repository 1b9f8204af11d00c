"""Generating the benchmark dataset with bulk raw SQL (see bench/README.md, "The dataset").

People follow others with a lognormal number of follows (median ~60) chosen by a skewed
popularity, plus one star author whom STAR_FOLLOWERS people follow. Notes are bilingual,
carry Zipf-distributed hashtags, and are published with freshness and hot_score computed as
crossnote.notes.scoring does. Likes go mostly to a few hot notes (Pareto). Every counter
(follower_count, following_count, note_count, like_count, Hashtag.note_count) matches its
rows, and the search index (NoteDocument, plus FTS5 on SQLite) holds every published note.
"""

from __future__ import annotations

import gc
import itertools
import math
import random
from array import array
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bench import vocab
from bench.loader import Loader, step, timestamp, vendor
from bench.note_vectors import COLUMNS as VECTOR_COLUMNS
from bench.note_vectors import Composer
from bench.texts import NoteText, NoteWriter, check_texts, weighted
from crossnote.notes import scoring
from crossnote.search.backends import FTS_TABLE
from crossnote.tags.parsing import tag_key

STAR_USERNAME = "bench_star"
DAY = 86_400.0
NOTE_SPAN_DAYS = 180
PHOTO_SHARE = 100  # notes per shared cover photo
CHUNK = 50_000
# Share of notes per language: Chinese, English, Chinese with an English sentence.
LANGUAGES = [("zh", 55), ("en", 35), ("mixed", 10)]
VISIBILITY = [("public", 96), ("followers", 3), ("private", 1)]


@dataclass
class Spec:
    people: int
    notes: int
    likes: int
    star_followers: int
    seed: int = 1
    tags: int = 2000
    following_median: float = 60.0
    following_sigma: float = 0.8
    now: float = 0.0
    vectors: bool = True  # a meaning vector per note (bench.note_vectors)


@dataclass
class Plan:
    """What is decided before writing: the follow graph, authors and like counts."""

    followees: list[array]
    follower_counts: list[int]
    authors: array
    like_counts: array
    visibility: list[str]
    tag_counts: list[int] = field(default_factory=list)


def follow_graph(spec: Spec, rng: random.Random) -> tuple[list[array], list[int]]:
    """Followee indexes per person (0-based) and follower counts; person 0 is the star."""
    people = spec.people
    others = list(range(1, people))
    rng.shuffle(others)  # popularity rank → person, so popularity is not the id order
    cum = list(itertools.accumulate(1.0 / (rank + 10) ** 0.7 for rank in range(len(others))))
    max_follows = min(people - 2, 5000)
    followees: list[set[int]] = []
    for person in range(people):
        want = round(rng.lognormvariate(math.log(spec.following_median), spec.following_sigma))
        want = max(1, min(max_follows, want))
        chosen: set[int] = set()
        while len(chosen) < want:
            for v in rng.choices(others, cum_weights=cum, k=want - len(chosen) + 4):
                if v != person and len(chosen) < want:
                    chosen.add(v)
        followees.append(chosen)
    for person in rng.sample(range(1, people), spec.star_followers):
        followees[person].add(0)
    counts = [0] * people
    for chosen in followees:
        for v in chosen:
            counts[v] += 1
    return [array("i", sorted(c)) for c in followees], counts


def plan(spec: Spec, rng: random.Random) -> Plan:
    followees, follower_counts = follow_graph(spec, rng)
    activity = [rng.lognormvariate(0, 1.0) for _ in range(spec.people)]
    mean_notes = spec.notes / spec.people
    activity[0] = max(50 / max(mean_notes, 1e-9), 3.0) * (sum(activity) / spec.people)
    cum = list(itertools.accumulate(activity))
    authors = array("i", rng.choices(range(spec.people), cum_weights=cum, k=spec.notes))
    visibility = weighted(VISIBILITY, rng, spec.notes)
    weights = [0.0 if v == "private" else rng.paretovariate(1.5) for v in visibility]
    like_counts = array("i", [0]) * spec.notes
    cap = spec.people // 2
    for i in rng.choices(
        range(spec.notes), cum_weights=list(itertools.accumulate(weights)), k=spec.likes
    ):
        if like_counts[i] < cap:
            like_counts[i] += 1
    return Plan(followees, follower_counts, authors, like_counts, visibility)


# --- Rows ----------------------------------------------------------------------------
def published_at(spec: Spec, index: int) -> float:
    """Notes are published in id order over the last NOTE_SPAN_DAYS, the newest an hour ago."""
    start = spec.now - NOTE_SPAN_DAYS * DAY
    step_s = (NOTE_SPAN_DAYS * DAY - 3600) / max(spec.notes, 1)
    return start + index * step_s


def photo_rows(spec: Spec, rng: random.Random, avatars: int, covers: int):
    made = timestamp(spec.now - 200 * DAY)
    for k in range(avatars + covers):
        owner = rng.randrange(spec.people) + 1
        color = f"#{rng.randrange(140, 240):02x}{rng.randrange(120, 220):02x}96"
        yield (
            k + 1,
            owner,
            "ready",
            "jpeg",
            "",
            f"photos/bench/{k + 1}_g.webp",
            f"photos/bench/{k + 1}_f.webp",
            1080,
            1440,
            color,
            1,
            "",
            made,
            made,
        )


PHOTO_COLUMNS = ["id", "owner_id", "state", "source_format", "original", "grid", "full", "width"]
PHOTO_COLUMNS += ["height", "color", "attempts", "error", "created_at", "updated_at"]
USER_COLUMNS = ["id", "password", "is_superuser", "first_name", "last_name", "email"]
USER_COLUMNS += ["is_staff", "is_active", "date_joined", "username", "username_key"]
USER_COLUMNS += ["display_name", "bio", "languages", "reading_language", "is_private"]
USER_COLUMNS += ["session_generation", "follower_count", "following_count", "note_count"]
USER_COLUMNS += ["avatar_id", "bio_language", "auto_translate", "interests"]
ZH_NAMES = ["小雨", "阿梅", "橙子", "鹿鹿", "糖糖", "一一", "木子", "七七"]
EN_NAMES = ["Sam", "Anna", "Leo", "Maya", "Noah", "Ivy", "Kai", "Zoe"]


def user_rows(spec: Spec, rng: random.Random, p: Plan, avatars: int):
    note_counts = [0] * spec.people
    for a in p.authors:
        note_counts[a] += 1
    for i in range(spec.people):
        zh = rng.random() < 0.6
        name = STAR_USERNAME if i == 0 else f"user{i + 1}"
        shown = f"{rng.choice(ZH_NAMES if zh else EN_NAMES)}{i % 100}"
        langs = '["zh-hans"]' if zh else '["en"]'
        avatar = rng.randrange(avatars) + 1 if avatars and rng.random() < 0.6 else None
        joined = timestamp(spec.now - rng.uniform(200, 400) * DAY)
        yield (
            i + 1,
            "!bench",
            False,
            "",
            "",
            "",
            False,
            True,
            joined,
            name,
            name.lower(),
            shown,
            "",
            langs,
            "zh-hans" if zh else "en",
            False,
            0,
            p.follower_counts[i],
            len(p.followees[i]),
            note_counts[i],
            avatar,
            "",
            False,
            "[]",
        )


def follow_rows(spec: Spec, rng: random.Random, p: Plan):
    days = [timestamp(spec.now - d * DAY) for d in range(1, 366)]
    for i, chosen in enumerate(p.followees):
        for v in chosen:
            yield (i + 1, v + 1, rng.choice(days))


class Minutes:
    """Fast timestamps: formatting is cached per minute."""

    def __init__(self) -> None:
        self.cache: dict[int, str] = {}
        self.sqlite = vendor() == "sqlite"

    def __call__(self, epoch: float) -> str:
        minute, second = divmod(int(epoch), 60)
        head = self.cache.get(minute)
        if head is None:
            head = self.cache[minute] = timestamp(minute * 60)[:16]
        return f"{head}:{second:02d}" if self.sqlite else f"{head}:{second:02d}+00"


def like_rows(spec: Spec, rng: random.Random, p: Plan):
    stamp = Minutes()
    people = range(1, spec.people + 1)
    for i, count in enumerate(p.like_counts):
        if not count:
            continue
        pub = published_at(spec, i)
        window = min(spec.now - pub, 7 * DAY)
        for user in rng.sample(people, count):
            yield (user, i + 1, stamp(pub + rng.random() * window))


# --- Notes ---------------------------------------------------------------------------
NOTE_COLUMNS = ["id", "author_id", "title", "body", "topic", "place", "visibility", "state"]
NOTE_COLUMNS += ["language", "cover_id", "like_count", "collect_count", "comment_count"]
NOTE_COLUMNS += ["view_count", "hot_score", "freshness", "revision", "created_at", "updated_at"]
NOTE_COLUMNS += ["published_at", "kind"]


def note_chunks(
    spec: Spec,
    rng: random.Random,
    p: Plan,
    writer: NoteWriter,
    first_cover: int,
    composer: Composer | None = None,
):
    """Yields dicts of table → rows, CHUNK notes at a time; counts tags in p.tag_counts.
    With a composer, "vectors" holds each note's search_notevector row."""
    topics = rng.choices(vocab.TOPICS, weights=vocab.TOPIC_WEIGHTS, k=spec.notes)
    languages = weighted(LANGUAGES, rng, spec.notes)
    p.tag_counts = [0] * len(writer.pools.tags)
    for start in range(0, spec.notes, CHUNK):
        tables: dict[str, list] = {"notes": [], "images": [], "tags": [], "docs": []}
        texts: list[tuple[int, NoteText]] = []
        for i in range(start, min(start + CHUNK, spec.notes)):
            t = writer.text(languages[i], topics[i])
            pub = published_at(spec, i)
            when = datetime.fromtimestamp(pub, UTC)
            likes = p.like_counts[i]
            views = likes * rng.randint(8, 40) + rng.randint(20, 400)
            fresh = scoring.freshness(when)
            hot = scoring.hot_score(likes, 0, 0, views, fresh)
            cover = first_cover + i // PHOTO_SHARE
            stamp = timestamp(pub)
            tables["notes"].append(
                (
                    i + 1,
                    p.authors[i] + 1,
                    t.title,
                    t.body,
                    topics[i],
                    t.place,
                    p.visibility[i],
                    "published",
                    "",
                    cover,
                    likes,
                    0,
                    0,
                    views,
                    hot,
                    fresh,
                    1,
                    timestamp(pub - 60),
                    stamp,
                    stamp,
                    "note",
                )
            )
            tables["images"].append((i + 1, cover, 0, ""))
            for position, tag_id in enumerate(t.tag_ids):
                tables["tags"].append((i + 1, tag_id, position))
                if p.visibility[i] == "public":
                    p.tag_counts[tag_id - 1] += 1
            tables["docs"].append((i + 1, t.head_words, t.body_words))
            texts.append((i + 1, t))
        tables["vectors"] = composer.rows(texts) if composer else []
        yield tables


# --- Putting it together -------------------------------------------------------------
BULK_TABLES = ["media_photo", "accounts_user", "relations_follow", "notes_note"]
BULK_TABLES += ["notes_noteimage", "tags_notetag", "search_notedocument", "engagement_like"]
BULK_TABLES += ["tags_hashtag", "search_notevector"]


def generate(spec: Spec, timings: dict[str, float], info: dict | None = None) -> dict[str, int]:
    """Write the whole dataset into the (freshly migrated, empty) database; `info` receives
    how the meaning vectors compare with real embeddings (bench.note_vectors)."""
    gc.disable()  # millions of short-lived tuples and no cycles: collections only cost time
    try:
        return _generate(spec, timings, {} if info is None else info)
    finally:
        gc.enable()
        gc.collect()


def _generate(spec: Spec, timings: dict[str, float], info: dict) -> dict[str, int]:
    rng = random.Random(spec.seed)
    with step("plan: follow graph, authors, like counts", timings):
        p = plan(spec, rng)
    with step("segment text pools (jieba)", timings):
        writer = NoteWriter(rng, spec.tags)
        check_texts(writer, random.Random(spec.seed + 1))
    composer = None
    if spec.vectors:
        with step("embed every distinct title, sentence and hashtag once (USE)", timings):
            composer = Composer(writer, spec.seed)
    avatars = min(500, max(1, spec.people // 10))
    covers = spec.notes // PHOTO_SHARE + 1
    load = Loader(BULK_TABLES)
    load.open()
    with step("people, photos, follows", timings):
        load.rows("media_photo", PHOTO_COLUMNS, photo_rows(spec, rng, avatars, covers))
        load.rows("accounts_user", USER_COLUMNS, user_rows(spec, rng, p, avatars))
        load.rows(
            "relations_follow",
            ["follower_id", "followee_id", "created_at"],
            follow_rows(spec, rng, p),
        )
    label = "notes, images, tags, search documents" + (", meaning vectors" if composer else "")
    with step(label, timings):
        _load_notes(spec, rng, p, writer, load, avatars + 1, composer)
    if composer:
        with step("check composed vectors against real embeddings", timings):
            info.update(composer.check())
    with step("likes", timings):
        load.rows("engagement_like", ["user_id", "note_id", "created_at"], like_rows(spec, rng, p))
    with step("build indexes and constraints", timings):
        load.close()
    return load.counts


def _load_notes(
    spec: Spec,
    rng: random.Random,
    p: Plan,
    writer: NoteWriter,
    load: Loader,
    first_cover: int,
    composer: Composer | None,
) -> None:
    for tables in note_chunks(spec, rng, p, writer, first_cover, composer):
        load.rows("notes_note", NOTE_COLUMNS, tables["notes"])
        load.rows(
            "notes_noteimage", ["note_id", "photo_id", "position", "alt_text"], tables["images"]
        )
        load.rows("tags_notetag", ["note_id", "tag_id", "position"], tables["tags"])
        load.rows("search_notedocument", ["note_id", "head", "body"], tables["docs"])
        if vendor() == "sqlite":  # on PostgreSQL the tsvector column is generated
            load.rows(FTS_TABLE, ["rowid", "head", "body"], tables["docs"])
        if tables["vectors"]:
            load.rows("search_notevector", VECTOR_COLUMNS, tables["vectors"])
        print(f"    {tables['notes'][-1][0]:,} notes", flush=True)
    made = timestamp(spec.now - 400 * DAY)
    load.rows(
        "tags_hashtag",
        ["id", "name", "key", "note_count", "view_count", "created_at", "review_state"],
        (
            (r + 1, t.text[1:], tag_key(t.text[1:]), p.tag_counts[r], 0, made, "pending")
            for r, t in enumerate(writer.pools.tags)
        ),
    )
