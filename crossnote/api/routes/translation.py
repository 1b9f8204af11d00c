"""Reading notes, comments and bios in another language."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from crossnote.accounts.queries import access_user
from crossnote.api.auth import optional
from crossnote.api.schemas import ERROR_CODES, ErrorOut
from crossnote.engagement.queries import comments_page
from crossnote.notes.queries import access_note
from crossnote.translation import service
from crossnote.translation.languages import TRANSLATION_LANGUAGES, parse_language_tag
from crossnote.translation.pinyin import pinyin_of
from crossnote.translation.service import Source

router = Router(tags=["translation"])
TARGET = Query(
    None,
    description="A BCP 47 tag in any case: en, en-US, zh, zh-CN, zh-Hans, zh-TW, zh-Hant… "
    "(default: your reading language). Answered as en, zh-hans or zh-hant.",
)
E = dict.fromkeys(ERROR_CODES, ErrorOut)


class TranslationOut(Schema):
    source_language: str = Field(description="The detected language of the original.")
    target: str
    available: bool = Field(description="False when no engine could translate right now.")
    same_language: bool = Field(description="True when the original is already in `target`.")
    engine: str = Field(
        "", description="Which engine translated, a stable id: offline, libretranslate, …"
    )
    engine_label: str = Field(
        "",
        description="How to credit it, in the request's language, e.g. 'Dictionary gloss "
        "(offline)' / '离线词典逐词释义'.",
    )
    is_gloss: bool = Field(False, description="A word-by-word dictionary gloss, not a translation.")
    parts: list[str] = Field(default_factory=list, description="Translated texts, in order.")
    source_pinyin: list[str] = Field(
        default_factory=list, description="For Chinese originals: each part's pinyin."
    )


class CommentTranslationOut(TranslationOut):
    comment_id: int


def _target(request: HttpRequest, target: str | None) -> str:
    """`target` as a BCP 47 tag (zh, zh-CN, zh-TW, en-US…), else the reading language."""
    if target is not None:
        return parse_language_tag(target)
    reading = getattr(request.auth, "reading_language", "")
    return reading if reading in TRANSLATION_LANGUAGES else "en"


def _answer(source: Source, target: str, result: dict) -> dict:
    return {**_result(source, target, result), "source_pinyin": _pinyin(source)}


def _pinyin(source: Source) -> list[str]:
    if not source.language.startswith("zh"):
        return []
    return [pinyin_of(part) for part in source.parts]


def _result(source: Source, target: str, result: dict) -> dict:
    if not service.needs_translation(source.language, target):
        return {
            "source_language": source.language,
            "target": target,
            "available": True,
            "same_language": True,
            "parts": source.parts,
        }
    done = result.get(source.object_id)
    if done is None:
        return {
            "source_language": source.language,
            "target": target,
            "available": False,
            "same_language": False,
        }
    return {
        "source_language": source.language,
        "target": target,
        "available": True,
        "same_language": False,
        "engine": done.engine,
        "engine_label": str(done.label),  # in the language of the request
        "is_gloss": done.is_gloss,
        "parts": done.parts,
    }


@router.get("/notes/{note_id}/translation", response={200: TranslationOut, **E}, auth=optional)
def note_translation(request: HttpRequest, note_id: int, target: str | None = TARGET):
    """The note's title and text (`parts`: [title, body]) in `target` (default: your
    reading language). Never fails because an engine is down: `available` says so."""
    note = access_note(request.auth, note_id)
    chosen = _target(request, target)
    source = Source(note.pk, note.language, [note.title, note.body])
    return _answer(source, chosen, service.translate("note", [source], chosen))


@router.get(
    "/notes/{note_id}/translation/comments",
    response={200: list[CommentTranslationOut], **E},
    auth=optional,
)
def comments_translation(
    request: HttpRequest,
    note_id: int,
    target: str | None = TARGET,
    cursor: str | None = None,
    limit: int | None = None,
):
    """A page of comments (and their shown replies) in `target`, translated in one batch."""
    note = access_note(request.auth, note_id)
    chosen = _target(request, target)
    page = comments_page(request.auth, note, cursor, limit)
    sources = service.comment_sources(page.items)
    result = service.translate("comment", sources, chosen)
    return [{**_answer(s, chosen, result), "comment_id": s.object_id} for s in sources]


@router.get("/users/{username}/bio/translation", response={200: TranslationOut, **E}, auth=optional)
def bio_translation(request: HttpRequest, username: str, target: str | None = TARGET):
    person = access_user(request.auth, username)
    chosen = _target(request, target)
    source = Source(person.pk, person.bio_language, [person.bio])
    return _answer(source, chosen, service.translate("bio", [source], chosen))
