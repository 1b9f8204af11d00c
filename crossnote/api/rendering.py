"""The API's JSON renderer, in a module of its own so that a route which sends its answer
as a ready HttpResponse (the Following feed) writes it exactly as the NinjaAPI in
`api.main` does, without importing `api.main` (which imports every route)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja.renderers import JSONRenderer

RENDERER = JSONRenderer()
CONTENT_TYPE = f"{RENDERER.media_type}; charset={RENDERER.charset}"


def json_response(request: HttpRequest, data: Any, status: int = 200) -> HttpResponse:
    """`data` rendered as NinjaAPI.create_response renders an answer."""
    content = RENDERER.render(request, data, response_status=status)
    return HttpResponse(content, status=status, content_type=CONTENT_TYPE)
