"""Latency summaries and the plain-text tables."""

from __future__ import annotations

import math
import statistics
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Latencies of one measured operation, in seconds."""

    latencies: list[float]

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies, 0.99) * 1000

    @property
    def max_ms(self) -> float:
        return max(self.latencies) * 1000

    @property
    def per_second(self) -> float:
        total = sum(self.latencies)
        return self.count / total if total else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "count": self.count,
            "p50_ms": round(self.p50_ms, 4),
            "p99_ms": round(self.p99_ms, 4),
            "max_ms": round(self.max_ms, 4),
            "per_second": round(self.per_second, 1),
        }


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile, as bench/measure.py computes p99."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def width(text: str) -> int:
    """Columns a string takes in a terminal (CJK characters and emoji take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(headers: list[str], rows: list[list[str]]) -> str:
    """Columns separated by " | "; the first column left-aligned, the others right-aligned
    except a last column named "target" or "note"."""
    lines = [headers, *rows]
    widths = [max(width(line[i]) for line in lines) for i in range(len(headers))]
    left = {0} | ({len(headers) - 1} if headers[-1] in ("target", "note") else set())

    def fmt(line: list[str]) -> str:
        cells = []
        for i, cell in enumerate(line):
            pad = " " * (widths[i] - width(cell))
            cells.append(cell + pad if i in left else pad + cell)
        return " | ".join(cells).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([fmt(headers), rule, *(fmt(line) for line in rows)])


def ms(value: float) -> str:
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"
