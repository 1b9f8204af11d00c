"""What a note may contain, with messages a person understands."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from crossnote.core.errors import InvalidInput
from crossnote.core.text import clean_text, rednote_length
from crossnote.notes.models import Kind, Topic, Visibility

MAX_TITLE_LENGTH = 20  # counted the RedNote way: CJK 1, ASCII ½
MAX_BODY_LENGTH = 1000
MAX_IMAGES = 18
MAX_PLACE_LENGTH = 80
MAX_ALT_LENGTH = 300


def check_title(raw: str) -> str:
    title = " ".join(clean_text(raw).split())
    if rednote_length(title) > MAX_TITLE_LENGTH:
        raise InvalidInput(
            _("A title can be at most 20 Chinese characters or 40 Latin letters long."),
            code="title_too_long",
        )
    return title


def check_body(raw: str) -> str:
    body = clean_text(raw)
    if len(body) > MAX_BODY_LENGTH:
        raise InvalidInput(
            _("A note can have at most %(max)d characters; this one has %(n)d.")
            % {"max": MAX_BODY_LENGTH, "n": len(body)},
            code="body_too_long",
        )
    return body


def check_topic(raw: str) -> str:
    if raw not in Topic.values:
        raise InvalidInput(_("Choose one of the topics."), code="invalid_topic")
    return raw


def check_kind(raw: str) -> str:
    if raw not in Kind.values:
        raise InvalidInput(_("A note is a note, a guide or a question."), code="invalid_kind")
    return raw


def check_visibility(raw: str) -> str:
    if raw not in Visibility.values:
        raise InvalidInput(
            _("Visibility must be public, followers or private."), code="invalid_visibility"
        )
    return raw


def check_place(raw: str) -> str:
    place = " ".join(clean_text(raw).split())
    if len(place) > MAX_PLACE_LENGTH:
        raise InvalidInput(_("A place name has at most 80 characters."), code="place_too_long")
    return place


def check_alt_texts(raw: list[str], image_count: int) -> list[str]:
    texts = [clean_text(t) for t in raw]
    if len(texts) > image_count:
        raise InvalidInput(
            _("There are more image descriptions than images."), code="invalid_alt_text"
        )
    if any(len(t) > MAX_ALT_LENGTH for t in texts):
        raise InvalidInput(
            _("An image description has at most 300 characters."), code="invalid_alt_text"
        )
    return texts + [""] * (image_count - len(texts))


def check_image_count(count: int, kind: str = Kind.NOTE) -> None:
    # A newcomer's question may be words alone; everything else on Crossnote has photos.
    if count < 1 and kind != Kind.QUESTION:
        raise InvalidInput(_("Add at least one photo."), code="no_images")
    if count > MAX_IMAGES:
        raise InvalidInput(
            _("A note can have at most %(max)d photos.") % {"max": MAX_IMAGES},
            code="too_many_images",
        )
