"""The one interface every translation engine implements.

An engine turns a batch of texts from one language into another. Languages are our codes:
"en", "zh-hans", "zh-hant" (and the others translation.languages.SPOKEN_LANGUAGES lists); each
engine maps them to its service's own codes. Engines never touch the database: callers
hold no transaction while an engine works (a slow service must never hold a lock).

Failures are one exception type, EngineError, whatever went wrong (timeout, refused
connection, HTTP error, a malformed or oversized answer); callers show the original text
and "translation unavailable", never a server error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.utils.functional import Promise

# A label people read: a lazy translation (gettext_lazy), or a brand name that needs none.
StrOrPromise = str | Promise


class EngineError(Exception):
    """The engine could not translate (down, slow, refused, or answered nonsense)."""


@dataclass(frozen=True)
class EngineInfo:
    name: str  # stable id stored with cached translations: "offline", "libretranslate", …
    label: StrOrPromise  # what people read: "Dictionary gloss (offline)" (translated), "DeepL"
    is_gloss: bool = False  # word-by-word dictionary output, labelled honestly as such


class Engine(Protocol):
    info: EngineInfo

    def supports(self, source: str, target: str) -> bool:
        """Whether this engine can translate from `source` into `target`."""

    def translate(self, texts: list[str], source: str, target: str, deadline: float) -> list[str]:
        """Translate every text (same order, same length) or raise EngineError.

        `deadline` is an absolute time.monotonic() value: the whole call, retries included,
        must finish by then. Returned texts are plain text (callers escape and sanitise).
        """
