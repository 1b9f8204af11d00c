"""Discover, Following, hashtags, trending and search."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from crossnote.feeds.discover import discover_page
from crossnote.feeds.following import following_page
from crossnote.feeds.lists import tag_notes_page
from crossnote.notes.models import Topic
from crossnote.search.queries import search_notes, search_users
from crossnote.tags.queries import get_tag, trending_tags
from crossnote.web import sharing
from crossnote.web.views.common import render_cards


def discover(request: HttpRequest) -> HttpResponse:
    topic = request.GET.get("topic") or ""
    if topic not in Topic.values:
        topic = ""
    page = discover_page(request.user, topic or None, request.GET.get("cursor"), None)
    return render_cards(
        request, "web/discover.html", page, {"topics": Topic.choices, "topic": topic}
    )


@login_required
def following(request: HttpRequest) -> HttpResponse:
    page = following_page(request.user, request.GET.get("cursor"), None)
    return render_cards(request, "web/following.html", page)


def tag(request: HttpRequest, name: str) -> HttpResponse:
    hashtag = get_tag(name)
    page = tag_notes_page(request.user, hashtag, request.GET.get("cursor"), None)
    context = {
        "tag": hashtag,
        "preview": sharing.tag_preview(request, hashtag),
        "share_url": sharing.share_url(request, "web:tag", hashtag.name),
    }
    return render_cards(request, "web/tag.html", page, context)


def guidelines(request: HttpRequest) -> HttpResponse:
    return render(request, "web/guidelines.html")


def trending(request: HttpRequest) -> HttpResponse:
    return render(request, "web/trending.html", {"rows": trending_tags()})


def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    kind = "users" if request.GET.get("type") == "users" else "notes"
    context = {"q": q, "kind": kind, "show_language": True}
    if kind == "users":
        people = search_users(request.user, q, request.GET.get("cursor"), None) if q else None
        return render(
            request, "web/search.html", {**context, "people": people.items if people else []}
        )
    page = search_notes(request.user, q, request.GET.get("cursor"), None)
    return render_cards(request, "web/search.html", page, context)
