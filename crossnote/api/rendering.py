"""The API's JSON renderer, in a module of its own so that a route which sends its answer
as a ready HttpResponse (the Following feed) writes it exactly as the NinjaAPI in
`api.main` does, without importing `api.main` (which imports every route).

orjson instead of the standard library's encoder (Ninja's default): a page of 20 cards took
~135 µs to encode, ~6 µs with orjson, on the feed read on every app open (bench/README.md).
Datetimes are written by orjson itself, RFC 3339 in UTC with a `Z`; what orjson does not
know (pydantic models, lazy translations, URLs) goes through Ninja's own encoder, so the
answers are the ones the schema describes.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

# Non-string keys (ids) become strings, as the standard library's encoder writes them.
_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS


class OrjsonRenderer(BaseRenderer):
    media_type = "application/json"
    _fallback = NinjaJSONEncoder()

    def render(self, request: HttpRequest | None, data: Any, *, response_status: int) -> bytes:
        return orjson.dumps(data, default=self._fallback.default, option=_OPTIONS)


RENDERER = OrjsonRenderer()
CONTENT_TYPE = f"{RENDERER.media_type}; charset={RENDERER.charset}"


def json_response(request: HttpRequest, data: Any, status: int = 200) -> HttpResponse:
    """`data` rendered as NinjaAPI.create_response renders an answer."""
    content = RENDERER.render(request, data, response_status=status)
    return HttpResponse(content, status=status, content_type=CONTENT_TYPE)
