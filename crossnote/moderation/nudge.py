"""A respectful nudge: before a comment with unkind words goes out, its author is asked
"Are you sure?" in both languages, with a link to the community guidelines. They can still
post it (with `confirm`), or edit it. The words are configurable
(CROSSNOTE_NUDGE_WORDS, comma-separated); matching folds case and Traditional/Simplified.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.urls import reverse

from crossnote.core.errors import CrossnoteError
from crossnote.moderation.filters import fold


class AreYouSure(CrossnoteError):
    status = 409
    code = "are_you_sure"

    def __init__(self) -> None:
        url = reverse("web:guidelines")
        # Both languages at once: the comment may be read by either community.
        super().__init__(
            "Are you sure? This might hurt someone. Our guidelines ask us to be kind: "
            f"{url} · 确定要发吗？这句话可能会伤到别人。社区公约请大家友善相待：{url}"
        )


@cache
def _words(configured: str) -> tuple[str, ...]:
    return tuple(fold(w.strip()) for w in configured.split(",") if w.strip())


def check_kindness(text: str, confirmed: bool) -> None:
    """AreYouSure when the text has a listed word and the author has not confirmed."""
    if confirmed:
        return
    folded = fold(text)
    if any(word in folded for word in _words(settings.CROSSNOTE_NUDGE_WORDS)):
        raise AreYouSure()
