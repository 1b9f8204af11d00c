"""Which engines run, in which order: CROSSNOTE_TRANSLATION_ENGINES, a comma-separated list
of engine names. The offline dictionary engine is always the last resort."""

from __future__ import annotations

from functools import cache

from django.conf import settings

from crossnote.translation.engines.base import Engine, StrOrPromise
from crossnote.translation.engines.offline import OfflineEngine


def _build(name: str) -> Engine | None:
    if name == "offline":
        return OfflineEngine()
    builder = _HTTP_ENGINES.get(name)
    return builder() if builder else None


def _libretranslate() -> Engine | None:
    from crossnote.translation.engines.libretranslate import LibreTranslateEngine

    url = settings.CROSSNOTE_LIBRETRANSLATE_URL
    return LibreTranslateEngine(url, settings.CROSSNOTE_LIBRETRANSLATE_API_KEY) if url else None


def _deepl() -> Engine | None:
    from crossnote.translation.engines.deepl import DeepLEngine

    key = settings.CROSSNOTE_DEEPL_API_KEY
    return DeepLEngine(key, settings.CROSSNOTE_DEEPL_URL) if key else None


def _openai_chat() -> Engine | None:
    from crossnote.translation.engines.openai_chat import OpenAIChatEngine

    url, model = settings.CROSSNOTE_LLM_URL, settings.CROSSNOTE_LLM_MODEL
    return OpenAIChatEngine(url, model, settings.CROSSNOTE_LLM_API_KEY) if url and model else None


# An engine is built only when its settings are there; names without settings are skipped.
_HTTP_ENGINES = {"libretranslate": _libretranslate, "deepl": _deepl, "openai_chat": _openai_chat}


@cache
def configured_engines() -> tuple[Engine, ...]:
    names = [n.strip() for n in settings.CROSSNOTE_TRANSLATION_ENGINES.split(",") if n.strip()]
    engines = [engine for name in names if (engine := _build(name)) is not None]
    if not any(e.info.name == "offline" for e in engines):
        engines.append(OfflineEngine())
    return tuple(engines)


def engine_labels() -> dict[str, tuple[StrOrPromise, bool]]:
    return {e.info.name: (e.info.label, e.info.is_gloss) for e in configured_engines()}
