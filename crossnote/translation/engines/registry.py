"""Which engines run, in which order: CROSSNOTE_TRANSLATION_ENGINES, a comma-separated list
of engine names. The offline dictionary engine is always the last resort."""

from __future__ import annotations

from functools import cache

from django.conf import settings

from crossnote.translation.engines.base import Engine
from crossnote.translation.engines.offline import OfflineEngine


def _build(name: str) -> Engine | None:
    if name == "offline":
        return OfflineEngine()
    builder = _HTTP_ENGINES.get(name)
    return builder() if builder else None


# HTTP engines register their builders here (crossnote.translation.engines.http_setup).
_HTTP_ENGINES: dict[str, object] = {}


@cache
def configured_engines() -> tuple[Engine, ...]:
    names = [n.strip() for n in settings.CROSSNOTE_TRANSLATION_ENGINES.split(",") if n.strip()]
    engines = [engine for name in names if (engine := _build(name)) is not None]
    if not any(e.info.name == "offline" for e in engines):
        engines.append(OfflineEngine())
    return tuple(engines)


def engine_labels() -> dict[str, tuple[str, bool]]:
    return {e.info.name: (e.info.label, e.info.is_gloss) for e in configured_engines()}
