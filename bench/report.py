"""The plain-text results table."""

from __future__ import annotations

import unicodedata

from bench.scenarios import Row

HEADERS = ["scenario", "requests", "req/s", "p50 ms", "p99 ms", "SQL/req"]
HEADERS += ["baseline req/s", "ratio", "target"]


def width(text: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cells(row: Row) -> list[list[str]]:
    r = row.result
    queries = "" if r.queries is None else str(r.queries)
    main = [r.name, str(r.count), f"{r.rps:.1f}", f"{r.p50_ms:.1f}", f"{r.p99_ms:.1f}", queries]
    if row.baseline:
        main += [f"{row.baseline.rps:.1f}", f"{r.rps / row.baseline.rps:.2f}"]
    else:
        main += ["", ""]
    verdict = "" if row.passed is None else (" PASS" if row.passed else " FAIL")
    main.append(row.target + verdict)
    lines = [main]
    if row.baseline:
        b = row.baseline
        bq = "" if b.queries is None else str(b.queries)
        timing = [f"{b.rps:.1f}", f"{b.p50_ms:.1f}", f"{b.p99_ms:.1f}"]
        lines.append([b.name, str(b.count), *timing, bq, "", "", ""])
    if row.floor:
        f = row.floor
        fq = "" if f.queries is None else str(f.queries)
        timing = [f"{f.rps:.1f}", f"{f.p50_ms:.1f}", f"{f.p99_ms:.1f}"]
        ratio = f"{r.rps / f.rps:.2f}"  # the feed's ratio to this floor (the target's)
        lines.append([f.name, str(f.count), *timing, fq, f"{f.rps:.1f}", ratio, ""])
    return lines


def table(rows: list[Row]) -> str:
    lines = [HEADERS] + [line for row in rows for line in _cells(row)]
    widths = [max(width(line[i]) for line in lines) for i in range(len(HEADERS))]

    def fmt(line: list[str]) -> str:
        out = []
        for i, cell in enumerate(line):
            pad = " " * (widths[i] - width(cell))
            out.append(cell + pad if i in (0, len(line) - 1) else pad + cell)
        return " | ".join(out).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([fmt(lines[0]), rule, *(fmt(line) for line in lines[1:])])
