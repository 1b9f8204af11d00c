"""Small helpers the web views share."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from crossnote.core.pagination import Page
from crossnote.moderation.filters import apply_filters

# The largest id a row can have (a signed 64-bit primary key).
MAX_ID = 2**63 - 1


def posted_id(value: str | None) -> int | None:
    """An id from a form field or query parameter, or None when it is not one: only ASCII
    digits count ("²" and "٣" pass str.isdigit() but int() refuses or misreads them)."""
    if not value or not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if number <= MAX_ID else None


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def render_cards(
    request: HttpRequest, template: str, page: Page, context: dict[str, Any] | None = None
) -> HttpResponse:
    """A page of note cards: the whole page, or (for infinite scroll) only the next cards."""
    params = request.GET.copy()
    if page.next_cursor:
        params["cursor"] = page.next_cursor
    ctx = {
        "notes": apply_filters(request.user, page.items),
        "next_url": f"{request.path}?{params.urlencode()}" if page.next_cursor else "",
        **(context or {}),
    }
    if is_htmx(request) and request.GET.get("cursor"):
        return render(request, "web/partials/cards.html", ctx)
    return render(request, template, ctx)
