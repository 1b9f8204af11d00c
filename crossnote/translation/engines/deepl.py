"""DeepL: POST {base}/v2/translate with `Authorization: DeepL-Auth-Key <key>`.

The documented request is JSON {"text": [...], "source_lang", "target_lang"}; the answer is
{"translations": [{"detected_source_language", "text"}, ...]} in the order of "text".
A request holds at most 50 texts and 128 KiB of body, so batches stay within 50 texts and
30,000 characters: at most 4 bytes each in UTF-8, so under 120 KB even for emoji.

Free-plan keys end in ":fx" and must use api-free.deepl.com; others use api.deepl.com.
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

FREE_API = "https://api-free.deepl.com"
PRO_API = "https://api.deepl.com"
# Source languages are plain "ZH" for either script; targets name the script. "EN" alone as a
# target is deprecated by DeepL in favour of a variant.
SOURCE_CODES = {"en": "EN", "zh": "ZH", "zh-hans": "ZH", "zh-hant": "ZH"}
TARGET_CODES = {"en": "EN-US", "zh-hans": "ZH-HANS", "zh-hant": "ZH-HANT"}


def default_base_url(api_key: str) -> str:
    return FREE_API if api_key.endswith(":fx") else PRO_API


class DeepLEngine(HttpEngine):
    info = EngineInfo(name="deepl", label="DeepL")

    def __init__(
        self,
        api_key: str,
        base_url: str = "",
        *,
        max_chars: int = 30_000,
        max_items: int = 50,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        if not api_key:
            raise ValueError("DeepL needs an API key")
        super().__init__(
            JsonClient(
                base_url or default_base_url(api_key),
                name="deepl",
                headers={"Authorization": f"DeepL-Auth-Key {api_key}"},
                max_response_bytes=max_response_bytes,
            ),
            breaker,
        )
        self.max_chars = max_chars
        self.max_items = min(max_items, 50)

    def _translate_batch(
        self, texts: list[str], source: str, target: str, deadline: float
    ) -> list[Any]:
        payload = {
            "text": texts,
            "source_lang": SOURCE_CODES[source],
            "target_lang": TARGET_CODES[target],
        }
        answer = self.client.post("/v2/translate", payload, deadline=deadline)
        translations = answer.get("translations") if isinstance(answer, dict) else None
        if not isinstance(translations, list) or not all(isinstance(t, dict) for t in translations):
            raise EngineError("deepl: the answer has no list of translations")
        return [t.get("text") for t in translations]
