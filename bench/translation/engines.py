"""Which translation engines the benchmark can run here, and why the others are skipped.

The offline engine always runs. Each HTTP engine runs when its settings are there (the
same CROSSNOTE_* variables the app reads, see crossnote/settings.py), whether or not
CROSSNOTE_TRANSLATION_ENGINES names it: the benchmark compares every engine it can reach.
It is built exactly as the app builds it, by the registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from crossnote.translation.engines import registry
from crossnote.translation.engines.base import Engine
from crossnote.translation.engines.offline import OfflineEngine

# The HTTP engines and the settings each needs, for the "skipped" line.
HTTP_ENGINES = {
    "libretranslate": "CROSSNOTE_LIBRETRANSLATE_URL (optional …_API_KEY)",
    "deepl": "CROSSNOTE_DEEPL_API_KEY (optional CROSSNOTE_DEEPL_URL)",
    "openai_chat": "CROSSNOTE_LLM_URL and CROSSNOTE_LLM_MODEL (optional …_API_KEY)",
}


@dataclass(frozen=True)
class Skipped:
    name: str
    reason: str


def _http_engine(name: str, configured: dict[str, Engine]) -> Engine | str:
    """The engine called `name`, or why it cannot run here."""
    if name in configured:
        return configured[name]  # the very instance the service uses
    try:
        # The registry's builder: None when the engine's settings are missing. (Private,
        # but the only place that knows how the app builds an engine from its settings.)
        engine = registry._build(name)
    except ImportError as exc:
        return f"its module is not importable ({exc})"
    except Exception as exc:  # a half-written or misconfigured engine must not stop the run
        return f"could not be built: {type(exc).__name__}: {exc}"
    return engine if engine is not None else f"not configured: {HTTP_ENGINES[name]}"


def runnable_engines() -> tuple[list[Engine], list[Skipped]]:
    """The offline engine first, then every configured HTTP engine; and the skipped ones."""
    configured = {e.info.name: e for e in registry.configured_engines()}
    engines: list[Engine] = [OfflineEngine()]
    skipped: list[Skipped] = []
    for name in HTTP_ENGINES:
        found = _http_engine(name, configured)
        if isinstance(found, str):
            skipped.append(Skipped(name, found))
        else:
            engines.append(found)
    return engines, skipped
