"""Who may fetch a photo file: decided at request time by the rules that decide the rest.

A photo variant is served to whoever may see what it belongs to *now*:
- a note's photos follow the note (`notes.queries.access_note`): they are public while the
  note is public to everyone (public note, public account, active author, published), and
  otherwise reach only the people the note reaches, so a changed audience, a block, a
  moderator hiding the note, a ban or a deletion takes effect on the very next request;
- an avatar is public while its owner is active: profiles are public pages, and avatars
  appear beside every card and comment (a banned person's avatar goes with their profile);
- a direct message's photo is never public: it goes to the conversation's members who may
  read it now, and to moderators when the message was reported (`messaging.queries`);
- anything else (an avatar that was replaced, a photo whose note is gone) is not there.

The common case, a public photo, costs one indexed query and never reads the viewer, so its
answer is the same for everyone and may be cached anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Subquery

from crossnote.accounts.models import User
from crossnote.core.errors import NotFound
from crossnote.media.models import Photo, Video
from crossnote.messaging.models import Message
from crossnote.messaging.queries import may_load_message_photo
from crossnote.notes.models import Note, NoteImage
from crossnote.notes.queries import access_note, visible_notes

# A variant's name says which column holds it (see media.actions.do_process_photo).
VARIANT_COLUMNS = {"_g.webp": "grid", "_f.webp": "full"}
# A video file's name says which column holds it (see media.video_actions.video_names).
VIDEO_COLUMNS = {"_hd.mp4": "hd", "_sd.mp4": "sd", "_p.webp": "poster"}


@dataclass(frozen=True)
class PhotoAudience:
    public: bool  # everyone may see it, now
    note_id: int | None  # the note it belongs to, if any
    message_photo_id: int | None = None  # the photo, when a direct message holds it


def photo_audience(name: str) -> PhotoAudience | None:
    """Whom the READY variant stored as `name` is for, or None if there is none. One query."""
    if name.startswith("videos/"):
        return video_audience(name)
    column = next((c for end, c in VARIANT_COLUMNS.items() if name.endswith(end)), None)
    if column is None:
        return None
    row = (
        Photo.objects.filter(state=Photo.State.READY, **{column: name})
        .annotate(
            avatar=Exists(User.objects.filter(avatar_id=OuterRef("pk"), is_active=True)),
            public_note=Exists(visible_notes(AnonymousUser()).filter(images__photo=OuterRef("pk"))),
            note_id=Subquery(NoteImage.objects.filter(photo=OuterRef("pk")).values("note_id")[:1]),
            in_message=Exists(Message.objects.filter(photo=OuterRef("pk"))),
        )
        .values_list("avatar", "public_note", "note_id", "in_message", "pk")
        .first()
    )
    if row is None:
        return None
    avatar, public_note, note_id, in_message, photo_id = row
    return PhotoAudience(
        public=bool(avatar or public_note),
        note_id=note_id,
        message_photo_id=photo_id if in_message else None,
    )


def video_audience(name: str) -> PhotoAudience | None:
    """Whom the READY video file `name` (a rendition or the poster) is for: its note's
    audience, by the same rule as a note's photos. One query."""
    column = next((c for end, c in VIDEO_COLUMNS.items() if name.endswith(end)), None)
    if column is None:
        return None
    row = (
        Video.objects.filter(state=Video.State.READY, **{column: name})
        .annotate(
            public_note=Exists(visible_notes(AnonymousUser()).filter(video=OuterRef("pk"))),
            note_id=Subquery(Note.objects.filter(video=OuterRef("pk")).values("pk")[:1]),
        )
        .values_list("public_note", "note_id")
        .first()
    )
    if row is None:
        return None
    public_note, note_id = row
    return PhotoAudience(public=bool(public_note), note_id=note_id)


def access_photo(viewer: object, name: str) -> PhotoAudience:
    """The audience of the variant `name` if `viewer` may fetch it, else NotFound: the same
    answer as for a file that does not exist. `viewer` is read only when the photo is not
    public, so a lazy request user costs nothing on the common path."""
    audience = photo_audience(name)
    if audience is None:
        raise NotFound()
    if audience.public:
        return audience
    if audience.message_photo_id is not None:
        if not may_load_message_photo(viewer, audience.message_photo_id):
            raise NotFound()
        return audience
    if audience.note_id is None:
        raise NotFound()
    access_note(viewer, audience.note_id)  # NotFound when the viewer may not see the note
    return audience
