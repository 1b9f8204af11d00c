"""The process's OpenCC converters between Simplified and Traditional characters, each
loaded once (about 27 MB of tables; crossnote/core/warmup.py loads them before gunicorn
forks, so its workers share one copy)."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def to_simplified() -> Any:
    import opencc

    return opencc.OpenCC("t2s.json")


@cache
def to_traditional() -> Any:
    import opencc

    return opencc.OpenCC("s2t.json")
