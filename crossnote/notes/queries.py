"""Reads for notes: who may see what, and fetching notes ready to show.

`visible_notes(viewer)` is the single definition of note visibility. Feeds, search, tag
pages and profiles all start from it, so no surface can forget a rule:
- the author sees all of their own notes;
- a PUBLIC note from a public account is seen by everyone;
- a FOLLOWERS note, or any note of a private account, is seen by the author's followers;
- a PRIVATE note only by its author;
- a note that is not PUBLISHED (processing, failed, hidden by a moderator, or a DRAFT) only
  by its author, and only where they open it directly (`access_note`), never in a list;
- nobody sees the notes of someone they blocked or who blocked them;
- nobody sees the notes of a banned (deactivated) person; `access_note` still lets
  moderators open one directly, and unbanning brings every note back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value

from crossnote.accounts.models import User
from crossnote.core.errors import Forbidden, NotFound
from crossnote.engagement.models import Collect, Like
from crossnote.moderation.queries import is_moderator
from crossnote.notes.models import Note, NoteImage, Visibility
from crossnote.relations.models import Follow
from crossnote.relations.queries import is_authenticated, unseen_people


def visible_notes(
    viewer: object,
    *,
    published_only: bool = True,
    include_banned: bool = False,
    hide_muted: bool = False,
) -> QuerySet[Note]:
    """The notes `viewer` may see (see the module's rules). `include_banned` keeps the notes
    of banned people, for callers that have already decided the viewer may see them;
    `hide_muted` also leaves out the people the viewer muted (lists, not explicit visits)."""
    notes = Note.objects.all()
    hidden = unseen_people(viewer, "author", mutes=hide_muted, banned=not include_banned)
    if hidden:
        notes = notes.exclude(hidden)
    if published_only:
        notes = notes.filter(state=Note.State.PUBLISHED)
    public = Q(visibility=Visibility.PUBLIC, author__is_private=False)
    if not is_authenticated(viewer):
        return notes.filter(public)
    vid = viewer.pk  # type: ignore[attr-defined]
    followed = Follow.objects.filter(follower_id=vid).values("followee_id")
    as_follower = Q(
        visibility__in=[Visibility.PUBLIC, Visibility.FOLLOWERS], author_id__in=followed
    )
    return notes.filter(Q(author_id=vid) | public | as_follower)


def readable_notes(viewer: object) -> QuerySet[Note]:
    """The notes `viewer` may read now: the published notes they may see, and their own in
    any state (a hidden one stays theirs). The one rule for anything that points at or quotes
    a note to someone (notifications, their excerpts and unread counts), checked when it is
    read, since an audience edit or a block may have come since."""
    notes = visible_notes(viewer, published_only=False)
    if not is_authenticated(viewer):
        return notes.filter(state=Note.State.PUBLISHED)
    return notes.filter(Q(state=Note.State.PUBLISHED) | Q(author_id=viewer.pk))  # type: ignore[attr-defined]


def may_read_note(viewer: object, note_id: int) -> bool:
    """Whether `viewer` may read note `note_id` now (readable_notes). One query."""
    return readable_notes(viewer).filter(pk=note_id).exists()


def shown_note_count(viewer: object, person: User) -> int:
    """How many notes `person` has, as `viewer` may count them: the author sees their own
    counter (every published note); anyone else counts only the published notes they may
    see (visible_notes), so a count never tells of a private or followers-only note. One
    query on the author's index, none for the author."""
    if _is_me(viewer, person):
        return person.note_count
    return visible_notes(viewer, include_banned=not person.is_active).filter(author=person).count()


def _is_me(viewer: object, person: User) -> bool:
    return is_authenticated(viewer) and viewer.pk == person.pk  # type: ignore[attr-defined]


def _is_author(viewer: object, note: Note) -> bool:
    return is_authenticated(viewer) and viewer.pk == note.author_id  # type: ignore[attr-defined]


def access_note(viewer: object, note_id: int) -> Note:
    """Fetch a note the viewer may see, or NotFound — the same answer as for a missing note,
    so nobody learns that a private note exists. A banned person's note is there only for
    moderators."""
    note = (
        visible_notes(viewer, published_only=False, include_banned=True)
        .select_related("author__avatar")
        .filter(pk=note_id)
        .first()
    )
    if note is None or (note.state != Note.State.PUBLISHED and not _is_author(viewer, note)):
        raise NotFound()
    if not note.author.is_active and not is_moderator(viewer):
        raise NotFound()
    return note


def access_note_for_edit(viewer: object, note_id: int) -> Note:
    """Fetch a note to change: NotFound if the viewer cannot see it, Forbidden if not theirs."""
    note = access_note(viewer, note_id)
    if not _is_author(viewer, note):
        raise Forbidden(code="not_your_note")
    return note


def with_display_data(notes: QuerySet[Note]) -> QuerySet[Note]:
    """What every list of notes shows: author and avatar, images in order, tags."""
    return notes.select_related("author__avatar", "cover", "video").prefetch_related(
        Prefetch("images", queryset=NoteImage.objects.select_related("photo").order_by("position")),
        "note_tags__tag",
    )


def viewer_state(viewer: object, note_ids: Iterable[int]) -> tuple[set[int], set[int]]:
    """(liked note ids, collected note ids) of the viewer among `note_ids`: two queries."""
    ids = list(note_ids)
    if not ids or not is_authenticated(viewer):
        return set(), set()
    vid = viewer.pk  # type: ignore[attr-defined]
    liked = set(Like.objects.filter(user_id=vid, note_id__in=ids).values_list("note_id", flat=True))
    collected = set(
        Collect.objects.filter(user_id=vid, note_id__in=ids).values_list("note_id", flat=True)
    )
    return liked, collected


# The columns a feed card shows (crossnote.api.present.note_card, web/partials/card.html):
# loading only these keeps a page of cards cheap to read and to turn into objects.
CARD_COLUMNS = (
    "title",
    "body",
    "topic",
    "kind",
    "language",
    "like_count",
    "created_at",
    "visibility",
    "author__username",
    "author__display_name",
    "author__date_joined",
    "author__avatar__grid",
    "cover__state",
    "cover__grid",
    "cover__full",
    "cover__width",
    "cover__height",
    "cover__color",
    "video__state",
    "video__hd",
    "video__sd",
    "video__poster",
    "video__width",
    "video__height",
    "video__duration",
    "video__color",
)


def as_cards(notes: QuerySet[Note], viewer: object) -> QuerySet[Note]:
    """Notes as feed cards: the card's columns, and `liked` (by the viewer) in the same query."""
    if is_authenticated(viewer):
        mine = Like.objects.filter(user_id=viewer.pk, note_id=OuterRef("pk"))  # type: ignore[attr-defined]
        liked = Exists(mine)
    else:
        liked = Value(False)
    return (
        notes.select_related("author__avatar", "cover", "video")
        .only(*CARD_COLUMNS)
        .annotate(liked=liked)
    )


def feed_notes(viewer: object) -> QuerySet[Note]:
    """Visible notes as feeds list them: without muted authors, with what a card shows
    (author, avatar, cover photo) joined in, so a page of cards is one query."""
    return as_cards(visible_notes(viewer, hide_muted=True), viewer)


def cards_in_order(viewer: object, ids: Sequence[int]) -> list[Note]:
    """Feed cards for `ids`, in that order; notes the viewer may not see are skipped."""
    if not ids:
        return []
    found = {n.pk: n for n in feed_notes(viewer).filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]


# Two kinds of DRAFT share the state: one saved from the compose form (text only, in
# notes.drafts; publishing it makes a new note) and one imported from another platform (with
# its photos and `original_platform`; publishing moves it on, crossnote.imports). Each list
# and each way to publish takes only its own kind, through these two.
def saved_drafts(author_id: int) -> QuerySet[Note]:
    """The person's drafts saved from the compose form."""
    return Note.objects.filter(author_id=author_id, state=Note.State.DRAFT, original_platform="")


def imported_drafts(author_id: int) -> QuerySet[Note]:
    """The person's drafts imported from another platform, waiting for review."""
    return Note.objects.filter(author_id=author_id, state=Note.State.DRAFT).exclude(
        original_platform=""
    )
