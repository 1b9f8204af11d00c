"""LibreTranslate (self-hosted or libretranslate.com): POST {base}/translate.

The documented request is JSON {"q", "source", "target", "format", "api_key"}; with `q` a
list of texts, the answer's "translatedText" is a list in the same order.

Chinese codes differ between servers: a self-hosted LibreTranslate (Argos models) lists
Simplified Chinese as "zh" and Traditional as "zt" in its /languages, while newer releases
and libretranslate.com use "zh-Hans" / "zh-Hant". The defaults are the long-standing
"zh" / "zt"; pass `language_codes` for a server that wants the others.
"""

from __future__ import annotations

from typing import Any

from crossnote.translation.engines.base import EngineError, EngineInfo
from crossnote.translation.engines.http import (
    MAX_RESPONSE_BYTES,
    CircuitBreaker,
    HttpEngine,
    JsonClient,
)

LANGUAGE_CODES = {"en": "en", "zh": "zh", "zh-hans": "zh", "zh-hant": "zt"}


class LibreTranslateEngine(HttpEngine):
    info = EngineInfo(name="libretranslate", label="LibreTranslate")

    def __init__(
        self,
        base_url: str,
        api_key: str = "",
        *,
        max_chars: int = 30_000,
        max_items: int = 50,
        language_codes: dict[str, str] | None = None,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        super().__init__(
            JsonClient(base_url, name="libretranslate", max_response_bytes=max_response_bytes),
            breaker,
        )
        self.api_key = api_key
        self.max_chars = max_chars
        self.max_items = max_items
        self.language_codes = {**LANGUAGE_CODES, **(language_codes or {})}

    def _translate_batch(
        self, texts: list[str], source: str, target: str, deadline: float
    ) -> list[Any]:
        payload = {
            "q": texts,
            "source": self.language_codes[source],
            "target": self.language_codes[target],
            "format": "text",
        }
        if self.api_key:
            payload["api_key"] = self.api_key
        answer = self.client.post("/translate", payload, deadline=deadline)
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, list):
            raise EngineError("libretranslate: the answer has no list of translatedText")
        return translated
