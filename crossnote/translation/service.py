"""Translating notes, comments and bios: stored translations first, engines after.

Engines are called outside any database transaction, each call bounded by a total deadline
(CROSSNOTE_TRANSLATION_DEADLINE, 3 s by default); a failing engine is skipped for the next
in the configured order. Engine output is cleaned of every tag (nh3) before it is stored,
and rendered escaped like any user text. When nothing can translate, callers get None and
show the original with "translation unavailable" — never an error page.

#hashtags and @mentions never reach an engine (see names.py): they come back as written.
"""

from __future__ import annotations

import hashlib
import html
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import nh3
from django.conf import settings
from django.db import IntegrityError, transaction

from crossnote.translation.engines.base import EngineError, StrOrPromise
from crossnote.translation.engines.registry import configured_engines, engine_labels
from crossnote.translation.models import Translation
from crossnote.translation.names import Cut

log = logging.getLogger(__name__)


# Part of every stored translation's key: bumped when what is stored changes shape, so
# rows made the old way stop matching and are translated afresh. 2: names kept as written;
# 3: plain text (no HTML entities), escaped where it is shown like any text people write.
STORED_FORMAT = 3


@dataclass(frozen=True)
class Translated:
    parts: list[str]
    engine: str  # the engine's stable id
    label: StrOrPromise  # how to credit it, in the reader's language when rendered
    is_gloss: bool


@dataclass(frozen=True)
class Source:
    """One object's text to translate: its id, language and parts (e.g. title and body)."""

    object_id: int
    language: str
    parts: list[str]


def comment_sources(top_level: Sequence[Any]) -> list[Source]:
    """Sources for a page of comments (engagement.queries.comments_page): each top-level
    comment, then the replies it shows."""
    return [
        Source(c.pk, c.language, [c.body])
        for top in top_level
        for c in (top, *getattr(top, "shown_replies", []))
    ]


def revision_of(parts: Sequence[str]) -> str:
    """The digest stored translations are keyed by: the source text and STORED_FORMAT."""
    keyed = f"v{STORED_FORMAT}\x1e" + "\x1f".join(parts)
    return hashlib.sha256(keyed.encode()).hexdigest()[:16]


def base_language(code: str) -> str:
    return "zh" if code.startswith("zh") else code


def needs_translation(language: str, target: str) -> bool:
    return (
        bool(language) and bool(target) and base_language(language) != base_language(target)
    ) or (language.startswith("zh") and target.startswith("zh") and language != target)


def _clean(text: str) -> str:
    """Engine output as plain text: markup removed (nh3), entities decoded, so that the
    page's escaping shows "Tom & Jerry" rather than "Tom &amp;amp; Jerry"."""
    return html.unescape(nh3.clean(text, tags=set(), strip_comments=True)).strip()


def translate(kind: str, sources: Sequence[Source], target: str) -> dict[int, Translated | None]:
    """Translations of `sources` into `target`, keyed by object id (None: unavailable).
    Objects already in `target` are left out. One engine call per source language."""
    wanted = [s for s in sources if needs_translation(s.language, target)]
    if not wanted:
        return {}
    labels = engine_labels()
    revisions = {s.object_id: revision_of(s.parts) for s in wanted}
    stored = Translation.objects.filter(
        kind=kind, object_id__in=list(revisions), target=target, engine__in=list(labels)
    )
    preference = {name: i for i, name in enumerate(labels)}
    found: dict[int, Translation] = {}
    for row in stored:
        if row.revision != revisions[row.object_id]:
            continue
        if (
            row.object_id not in found
            or preference[row.engine] < preference[found[row.object_id].engine]
        ):
            found[row.object_id] = row
    result: dict[int, Translated | None] = {
        oid: Translated(row.parts, row.engine, *labels[row.engine]) for oid, row in found.items()
    }
    missing = [s for s in wanted if s.object_id not in found]
    by_language: dict[str, list[Source]] = {}
    for source in missing:
        by_language.setdefault(source.language, []).append(source)
    for language, group in by_language.items():
        result.update(_translate_fresh(kind, group, language, target, revisions))
    return result


def _translate_fresh(
    kind: str, group: list[Source], language: str, target: str, revisions: dict[int, str]
) -> dict[int, Translated | None]:
    cuts = [Cut.of(part) for source in group for part in source.parts]
    texts = [prose for cut in cuts for prose in cut.prose]
    for engine in configured_engines():
        if not engine.supports(language, target):
            continue
        deadline = time.monotonic() + settings.CROSSNOTE_TRANSLATION_DEADLINE
        try:
            translated = engine.translate(texts, language, target, deadline)
        except EngineError as exc:
            log.warning("translation engine %s failed: %s", engine.info.name, exc)
            continue
        if len(translated) != len(texts):
            log.warning(
                "translation engine %s answered %d texts for %d",
                engine.info.name,
                len(translated),
                len(texts),
            )
            continue
        answers = iter([_clean(t) for t in translated])
        cleaned = [cut.rejoin(answers) for cut in cuts]
        out: dict[int, Translated | None] = {}
        position = 0
        for source in group:
            parts = cleaned[position : position + len(source.parts)]
            position += len(source.parts)
            _store(
                kind, source.object_id, revisions[source.object_id], target, engine.info.name, parts
            )
            out[source.object_id] = Translated(
                parts, engine.info.name, engine.info.label, engine.info.is_gloss
            )
        return out
    return {source.object_id: None for source in group}


def _store(
    kind: str, object_id: int, revision: str, target: str, engine: str, parts: list[str]
) -> None:
    try:
        with transaction.atomic():
            Translation.objects.create(
                kind=kind,
                object_id=object_id,
                revision=revision,
                target=target,
                engine=engine,
                parts=parts,
            )
    except IntegrityError:
        pass  # translated meanwhile by another request: theirs is as good
