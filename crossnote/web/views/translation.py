"""Translate / See original on a note and its comments, in place."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from crossnote.accounts.queries import access_user
from crossnote.core.pagination import Page
from crossnote.engagement.queries import comments_page, liked_comment_ids
from crossnote.notes.queries import access_note
from crossnote.translation import service
from crossnote.translation.languages import TRANSLATION_LANGUAGES, parse_language_tag
from crossnote.translation.service import Source
from crossnote.web.formatting import mentions_in


def reading_target(request: HttpRequest) -> str:
    """The language to translate into: `?target=` (a BCP 47 tag such as zh-TW; InvalidInput
    when it is not one Crossnote translates into), else the person's reading language, else
    the page's."""
    if "target" in request.GET:
        return parse_language_tag(request.GET["target"])
    chosen = getattr(request.user, "reading_language", "")
    if chosen not in TRANSLATION_LANGUAGES:
        chosen = "zh-hans" if (get_language() or "").startswith("zh") else "en"
    return chosen


def note_translation_context(request: HttpRequest, note: object) -> dict:
    target = reading_target(request)
    source = Source(note.pk, note.language, [note.title, note.body])  # type: ignore[attr-defined]
    if not service.needs_translation(note.language, target):  # type: ignore[attr-defined]
        return {"translation": None, "can_translate": False, "target": target}
    return {"can_translate": True, "target": target, "source": source}


def translate_note(request: HttpRequest, note_id: int) -> HttpResponse:
    note = access_note(request.user, note_id)
    target = reading_target(request)
    source = Source(note.pk, note.language, [note.title, note.body])
    result = service.translate("note", [source], target).get(note.pk)
    return render(
        request,
        "web/partials/note_translation.html",
        {
            "note": note,
            "result": result,
            "target": target,
            "mentions": mentions_in(*(result.parts if result else [])),
        },
    )


def original_note(request: HttpRequest, note_id: int) -> HttpResponse:
    note = access_note(request.user, note_id)
    return render(
        request,
        "web/partials/note_text.html",
        {
            "note": note,
            "can_translate": True,
            "mentions": mentions_in(note.body),
        },
    )


def translate_bio(request: HttpRequest, username: str) -> HttpResponse:
    person = access_user(request.user, username)
    target = reading_target(request)
    result = service.translate(
        "bio", [Source(person.pk, person.bio_language, [person.bio])], target
    )
    return render(
        request,
        "web/partials/bio.html",
        {
            "person": person,
            "result": result.get(person.pk),
            "translated": True,
            "mentions": mentions_in(person.bio),
        },
    )


def original_bio(request: HttpRequest, username: str) -> HttpResponse:
    person = access_user(request.user, username)
    return render(
        request,
        "web/partials/bio.html",
        {
            "person": person,
            "can_translate": True,
            "mentions": mentions_in(person.bio),
        },
    )


def translate_comments(request: HttpRequest, note_id: int) -> HttpResponse:
    """The page of comments again, each with its translation (one engine call for all), and
    the button turned into "Show original". When every comment is already in the reader's
    language, the comments come back as they were and the button says so."""
    note = access_note(request.user, note_id)
    target = reading_target(request)
    page = comments_page(request.user, note, None, None)
    sources = service.comment_sources(page.items)
    if not any(service.needs_translation(s.language, target) for s in sources):
        status = _("Nothing to translate: these comments are already in your language.")
        return _comment_list(request, note, page, sources, {}, translated=False, status=status)
    translations = service.translate("comment", sources, target)
    return _comment_list(request, note, page, sources, translations, translated=True)


def original_comments(request: HttpRequest, note_id: int) -> HttpResponse:
    """The page of comments as written, and the button back to "Translate comments"."""
    note = access_note(request.user, note_id)
    page = comments_page(request.user, note, None, None)
    sources = service.comment_sources(page.items)
    return _comment_list(request, note, page, sources, {}, translated=False)


def _comment_list(
    request: HttpRequest,
    note: object,
    page: Page,
    sources: list[Source],
    translations: dict,
    *,
    translated: bool,
    status: str = "",
) -> HttpResponse:
    """The comment list, then (out of band, for htmx) the translate button and its status."""
    context = {
        "note": note,
        "comments": page.items,
        "comments_next": page.next_cursor,
        "liked_comments": liked_comment_ids(request.user, page.items),
        "mentions": mentions_in(*(s.parts[0] for s in sources)),
        "translations": translations,
    }
    button = {"note": note, "translated": translated, "oob": True, "status": status}
    return HttpResponse(
        render_to_string("web/partials/comment_list.html", context, request)
        + render_to_string("web/partials/translate_comments.html", button, request)
    )
