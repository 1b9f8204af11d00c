"""Background work for guides: telling them about newcomers' questions."""

from __future__ import annotations

from django.db.models import Q

from crossnote.core.tasks import background
from crossnote.guides.queries import guides_reading
from crossnote.notes.models import Kind, Note, Visibility
from crossnote.notifications.models import Notification
from crossnote.relations.queries import people_not_seeing

# Enough guides to get an answer quickly, without a question flooding a large community.
MAX_GUIDES_TOLD = 100


@background()
def tell_guides_of_question(note_id: int) -> int:
    """Notify the guides who read a published public question's language (at most
    MAX_GUIDES_TOLD), except its author and anyone blocked either way
    or muting the author. Returns how many were told."""
    note = (
        Note.objects.filter(
            pk=note_id,
            kind=Kind.QUESTION,
            state=Note.State.PUBLISHED,
            visibility=Visibility.PUBLIC,
            author__is_private=False,
        )
        .only("pk", "author_id", "language")
        .first()
    )
    if note is None:
        return 0
    author = note.author_id
    unwelcome = people_not_seeing(author, "user") | Q(user_id=author)
    told = list(
        guides_reading(note.language)
        .exclude(unwelcome)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")[:MAX_GUIDES_TOLD]
    )
    Notification.objects.bulk_create(
        Notification(recipient_id=uid, actor_id=author, kind=Notification.Kind.QUESTION, note=note)
        for uid in told
    )
    return len(told)
