"""Engines suggest which new hashtags name a topic that already has a tag in the other
language (#TikTok难民 → #TikTokRefugee); when none does, meaning may (tags.meaning: #美妆 →
#makeup). A moderator approves them in the admin."""

from __future__ import annotations

import time

from django.conf import settings

from crossnote.core.tasks import background
from crossnote.tags.meaning import meaning_match
from crossnote.tags.models import AliasSuggestion, Hashtag
from crossnote.tags.parsing import tag_key
from crossnote.translation.detection import detect_language
from crossnote.translation.engines.base import EngineError
from crossnote.translation.engines.registry import configured_engines


@background()
def suggest_aliases(tag_id: int) -> int:
    """Translate the tag's name with each engine; a translation that is another tag's key
    (spaces removed) becomes a suggestion. When none does, the topic in the other language
    closest in meaning (tags.meaning.meaning_match) may. Returns how many were suggested."""
    tag = Hashtag.objects.filter(pk=tag_id, canonical__isnull=True).first()
    if tag is None:
        return 0
    language = detect_language(
        tag.name, "zh-hans" if any("\u3400" <= c <= "\u9fff" for c in tag.name) else "en"
    )
    other = "en" if language.startswith("zh") else "zh-hans"
    made = 0
    for engine in configured_engines():
        if not engine.supports(language, other):
            continue
        deadline = time.monotonic() + settings.CROSSNOTE_TRANSLATION_DEADLINE
        try:
            (translated,) = engine.translate([tag.name], language, other, deadline)
        except (EngineError, ValueError):
            continue
        key = tag_key("".join(translated.split()))
        match = Hashtag.objects.filter(key=key).exclude(pk=tag.pk).first()
        if match is not None:
            topic = match.canonical or match
            _obj, created = AliasSuggestion.objects.get_or_create(
                tag=tag, canonical=topic, defaults={"engine": engine.info.name}
            )
            made += created
    if not made:
        made += _suggest_by_meaning(tag)
    return made


def _suggest_by_meaning(tag: Hashtag) -> int:
    found = meaning_match(tag)
    if found is None:
        return 0
    match, _similarity = found
    if match.pk == tag.pk:
        return 0
    _obj, created = AliasSuggestion.objects.get_or_create(
        tag=tag, canonical=match, defaults={"engine": "meaning"}
    )
    return int(created)
