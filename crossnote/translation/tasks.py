"""Translating popular notes before anyone asks, so their readers never wait."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from huey import crontab

from crossnote.core.tasks import periodic
from crossnote.notes.models import Note, Visibility
from crossnote.translation import service
from crossnote.translation.service import Source

POPULAR_NOTES = 50
TARGETS = ("en", "zh-hans")


def pretranslate_popular(limit: int = POPULAR_NOTES) -> int:
    """Translate the hottest public notes of the last day into both languages. Returns how
    many translations were asked for (stored ones cost nothing)."""
    since = timezone.now() - timedelta(days=1)
    notes = (
        Note.objects.filter(
            state=Note.State.PUBLISHED, visibility=Visibility.PUBLIC, published_at__gte=since
        )
        .exclude(language="")
        .order_by("-hot_score")
        .only("pk", "language", "title", "body")[:limit]
    )
    sources = [Source(n.pk, n.language, [n.title, n.body]) for n in notes]
    asked = 0
    for target in TARGETS:
        wanted = [s for s in sources if service.needs_translation(s.language, target)]
        asked += len(wanted)
        if wanted:
            service.translate("note", wanted, target)
    return asked


@periodic(crontab(minute="*/15"))
def pretranslate_popular_notes() -> None:
    pretranslate_popular()
