"""Writes for notes: create, publish once photos are ready, edit, delete.

`check_*` validates input and permission, then calls `do_*`, which changes rows inside one
transaction and queues side effects (photo processing, fan-out, notifications) after commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.models import User
from crossnote.accounts.queries import resolve_mentions
from crossnote.core.errors import Conflict, CrossnoteError, Forbidden, InvalidInput
from crossnote.core.tasks import enqueue_on_commit
from crossnote.engagement.models import Board, Collect, Comment
from crossnote.feeds import tasks as feed_tasks
from crossnote.idempotency import actions as idempotency
from crossnote.idempotency.actions import Once
from crossnote.media import uploads as video_uploads
from crossnote.media.actions import StoredFiles, store_originals
from crossnote.media.inspect import inspect_upload
from crossnote.media.models import Photo, Video, VideoUpload
from crossnote.media.video_actions import store_video
from crossnote.media.video_probe import ProbedVideo, probe_video
from crossnote.moderation.limits import check_rate, is_new
from crossnote.moderation.permissions import ensure_can_act
from crossnote.notes import rules, scoring
from crossnote.notes.models import Kind, Mention, Note, NoteImage, Visibility
from crossnote.notes.queries import access_note_for_edit, imported_drafts
from crossnote.notifications import tasks as notify
from crossnote.relations.queries import blocked_either_way_ids
from crossnote.search import index as search_index
from crossnote.tags.actions import adjust_note_counts, set_note_tags
from crossnote.tags.models import NoteTag
from crossnote.tags.parsing import parse_hashtags, parse_mentions
from crossnote.translation.detection import detect_language, language_hint
from crossnote.translation.models import Translation


@dataclass
class Upload:
    """One uploaded file as the interfaces hand it over: a readable stream and its size."""

    stream: Any
    size: int


def _check_not_empty(title: str, body: str) -> None:
    if not title and not body:
        raise InvalidInput(_("Write a title or some text for your note."), code="empty_note")


def _check_kind(author: User, kind: str, image_count: int) -> str:
    """Only volunteer guides mark notes as guides, for the newcomer hub to stay useful."""
    from crossnote.guides.models import GuidePair

    rules.check_kind(kind)
    if kind == Kind.GUIDE and not GuidePair.objects.filter(user=author).exists():
        raise Forbidden(
            _("Volunteer as a guide in your settings before marking a note as a guide."),
            code="not_a_guide",
        )
    rules.check_image_count(image_count, kind)
    return kind


def check_create_note_once(
    author: User,
    key: str | None,
    fields: dict[str, str],
    files: Sequence[Any],
    alt_texts: Sequence[str],
    address: str,
) -> tuple[int, bool]:
    """`check_create_note` under an idempotency key (the API's header, the compose form's
    token): (the note's id, whether an earlier request with the same key created it).
    `files` are uploaded files; `fields` the note's text fields."""
    return idempotency.run_once(
        author,
        idempotency.check_key(key),
        "note",
        lambda: idempotency.fingerprint("note", {**fields, "alt_text": alt_texts}, files),
        lambda once: (
            check_create_note(
                author,
                **fields,
                images=[Upload(f, f.size) for f in files],
                alt_texts=alt_texts,
                address=address,
                once=once,
            ).pk
        ),
    )


def check_create_note(
    author: User,
    *,
    title: str = "",
    body: str = "",
    topic: str = "other",
    kind: str = Kind.NOTE,
    place: str = "",
    visibility: str = Visibility.PUBLIC,
    images: Sequence[Upload] = (),
    alt_texts: Sequence[str] = (),
    video_upload: str = "",
    address: str = "",
    once: Once | None = None,
) -> Note:
    """Validate everything (rate, text, then every photo or the video) before storing
    anything. `video_upload` names a finished upload of the author's (`media.uploads`); a
    note has photos or one video, not both. With `once`, the note is created under that
    idempotency key (IntegrityError if taken)."""
    ensure_can_act(author)
    check_rate("note", account=author.pk, new_account=is_new(author), address=address)
    fields = {
        "title": rules.check_title(title),
        "body": rules.check_body(body),
        "topic": rules.check_topic(topic),
        "place": rules.check_place(place),
        "visibility": rules.check_visibility(visibility),
    }
    _check_not_empty(fields["title"], fields["body"])
    if video_upload and images:
        raise InvalidInput(_("A note has photos or one video, not both."), code="video_and_photos")
    fields["kind"] = _check_kind(author, kind, len(images) or int(bool(video_upload)))
    alts = rules.check_alt_texts(list(alt_texts), len(images))
    uploads = [(u.stream, inspect_upload(u.stream, u.size)) for u in images]
    video = _check_video(author, video_upload) if video_upload else None
    return do_create_note(author, fields, uploads, alts, once, video)


def _check_video(author: User, token: str) -> tuple[VideoUpload, ProbedVideo]:
    """The author's finished upload, probed. A video we refuse is deleted at once (row and
    file): it can never become a note, and nothing of a refused request is kept."""
    upload = video_uploads.access_upload(author, token)
    size = video_uploads.offset_of(upload)
    if size != upload.length:
        raise Conflict(_("That video has not finished uploading yet."), code="upload_incomplete")
    try:
        return upload, probe_video(video_uploads.upload_path(upload), size)
    except CrossnoteError:
        with transaction.atomic():
            video_uploads.do_delete_upload(upload)
        raise


def do_create_note(
    author: User,
    fields: dict[str, str],
    uploads: Sequence[tuple[Any, Any]],
    alt_texts: list[str],
    once: Once | None = None,
    video: tuple[VideoUpload, ProbedVideo] | None = None,
) -> Note:
    written = StoredFiles()
    try:
        with transaction.atomic():
            if once:
                once.claim()  # first, so a request that lost the race writes no file
            language = detect_language(
                f"{fields['title']}\n{fields['body']}", language_hint(author)
            )
            note = Note.objects.create(author=author, language=language, **fields)
            photos = store_originals(author, uploads, written)
            if photos:
                note.cover = photos[0]
                note.save(update_fields=["cover"])
            if video:
                note.video = store_video(author, *video, written)
                note.save(update_fields=["video"])
            NoteImage.objects.bulk_create(
                NoteImage(note=note, photo=p, position=i, alt_text=alt_texts[i])
                for i, p in enumerate(photos)
            )
            set_note_tags(note.pk, parse_hashtags(note.body))
            _set_mentions(note)
            from crossnote.notes import tasks

            enqueue_on_commit(tasks.process_note_photos, note.pk)
            if once:
                once.bind(note.pk)
    except BaseException:
        written.discard()
        raise
    return note


def do_create_draft(
    author: User,
    fields: dict[str, str],
    uploads: Sequence[tuple[Any, Any]],
    written: StoredFiles,
    *,
    original_posted_at: Any = None,
    original_platform: str = "",
    video: tuple[VideoUpload, ProbedVideo] | None = None,
) -> Note:
    """A note brought from another platform, as a DRAFT that only its author sees until
    they publish it (`check_publish_drafts`). Runs inside the caller's transaction, which
    discards `written` if it fails. Its photos (or video) are made in the background; its
    hashtags are kept, but no mention is made: a name from elsewhere may be someone else here.
    The caller makes its photos (notes.tasks.make_note_media) after the commit; publishing
    makes whatever is left."""
    language = detect_language(f"{fields['title']}\n{fields['body']}", language_hint(author))
    note = Note.objects.create(
        author=author,
        language=language,
        state=Note.State.DRAFT,
        original_posted_at=original_posted_at,
        original_platform=original_platform,
        **fields,
    )
    photos = store_originals(author, uploads, written)
    if photos:
        note.cover = photos[0]
    if video:
        note.video = store_video(author, *video, written)
    note.save(update_fields=["cover", "video"])
    NoteImage.objects.bulk_create(
        NoteImage(note=note, photo=p, position=i) for i, p in enumerate(photos)
    )
    set_note_tags(note.pk, parse_hashtags(note.body))
    return note


def check_publish_drafts(author: User, note_ids: Sequence[int] | None = None) -> int:
    """Publish the author's drafts: all of them, or those of `note_ids` (others' notes and
    notes that are not drafts are ignored). Each goes through PROCESSING, so it is published
    once its photos are made, as a new note is. Returns how many were sent."""
    ensure_can_act(author)
    with transaction.atomic():
        drafts = imported_drafts(author.pk).select_for_update()
        if note_ids is not None:
            drafts = drafts.filter(pk__in=list(note_ids))
        ids = list(drafts.values_list("pk", flat=True))
        Note.objects.filter(pk__in=ids).update(state=Note.State.PROCESSING)
        from crossnote.notes import tasks

        for note_id in ids:
            enqueue_on_commit(tasks.process_note_photos, note_id)
    return len(ids)


def _set_mentions(note: Note) -> list[int]:
    """Make the note's mentions match its body; returns the ids of people newly mentioned.
    Nobody blocked either way by the author can be mentioned."""
    excluded = blocked_either_way_ids(note.author_id) | {note.author_id}
    named = resolve_mentions(parse_mentions(note.body)).values()
    wanted = {person.pk for person in named if person.pk not in excluded}
    current = set(Mention.objects.filter(note=note).values_list("user_id", flat=True))
    Mention.objects.filter(note=note, user_id__in=current - wanted).delete()
    Mention.objects.bulk_create(Mention(note=note, user_id=uid) for uid in wanted - current)
    return sorted(wanted - current)


def _counts_for_tags(note: Note) -> bool:
    return note.state == Note.State.PUBLISHED and note.visibility == Visibility.PUBLIC


def do_publish_if_ready(note_id: int) -> str:
    """Publish a PROCESSING note once all its photos are READY (FAILED if any failed).
    Returns the note's state afterwards. Safe to call any number of times."""
    with transaction.atomic():
        note = Note.objects.select_for_update().filter(pk=note_id).first()
        if note is None or note.state != Note.State.PROCESSING:
            return note.state if note else "gone"
        states = set(
            Photo.objects.filter(
                pk__in=NoteImage.objects.filter(note=note).values("photo_id")
            ).values_list("state", flat=True)
        )
        if note.video_id:  # a video's states are the photos' (Video.State is Photo.State)
            states.add(Video.objects.values_list("state", flat=True).get(pk=note.video_id))
        if Photo.State.FAILED in states:
            note.state = Note.State.FAILED
            note.save(update_fields=["state"])
            return note.state
        if states - {Photo.State.READY}:  # a question without photos has none to wait for
            return note.state
        now = timezone.now()
        joined, published_before = User.objects.values_list("date_joined", "note_count").get(
            pk=note.author_id
        )
        note.state = Note.State.PUBLISHED
        note.published_at = now
        note.freshness = scoring.freshness(now) + scoring.newcomer_boost(
            joined, published_before, now
        )
        note.hot_score = scoring.hot_score(
            note.like_count, note.collect_count, note.comment_count, note.view_count, note.freshness
        )
        note.save(update_fields=["state", "published_at", "freshness", "hot_score"])
        User.objects.filter(pk=note.author_id).update(note_count=F("note_count") + 1)
        if _counts_for_tags(note):
            adjust_note_counts(
                NoteTag.objects.filter(note=note).values_list("tag_id", flat=True), +1
            )
        search_index.index_note(note)
        enqueue_on_commit(feed_tasks.fan_out_note, note.pk)
        for uid in Mention.objects.filter(note=note).values_list("user_id", flat=True):
            enqueue_on_commit(notify.notify, "mention", note.author_id, uid, note.pk)
        if note.kind == Kind.QUESTION:
            from crossnote.guides import tasks as guide_tasks

            enqueue_on_commit(guide_tasks.tell_guides_of_question, note.pk)
    return note.state


EDITABLE = ("title", "body", "topic", "kind", "place", "visibility", "alt_texts")


def check_edit_note(viewer: User, note_id: int, changes: dict[str, Any]) -> Note:
    """Change the author's own note. NotFound if the viewer cannot see it, Forbidden if it is
    someone else's (or while the author is suspended), InvalidInput for bad values."""
    note = access_note_for_edit(viewer, note_id)
    ensure_can_act(viewer)
    cleaned: dict[str, Any] = {}
    for field, check in (
        ("title", rules.check_title),
        ("body", rules.check_body),
        ("topic", rules.check_topic),
        ("place", rules.check_place),
        ("visibility", rules.check_visibility),
    ):
        if changes.get(field) is not None:
            cleaned[field] = check(changes[field])
    _check_not_empty(cleaned.get("title", note.title), cleaned.get("body", note.body))
    if changes.get("kind") is not None:
        cleaned["kind"] = _check_kind(note.author, changes["kind"], note.images.count())
    if changes.get("alt_texts") is not None:
        cleaned["alt_texts"] = rules.check_alt_texts(
            list(changes["alt_texts"]), note.images.count()
        )
    return do_edit_note(note, cleaned)


def do_edit_note(note: Note, cleaned: dict[str, Any]) -> Note:
    with transaction.atomic():
        note = Note.objects.select_for_update().get(pk=note.pk)
        was_counted = _counts_for_tags(note)
        old_visibility = note.visibility
        old_tags = list(NoteTag.objects.filter(note=note).values_list("tag_id", flat=True))
        alt_texts = cleaned.pop("alt_texts", None)
        for field, value in cleaned.items():
            setattr(note, field, value)
        note.revision += 1
        note.language = detect_language(f"{note.title}\n{note.body}", language_hint(note.author))
        note.save(update_fields=[*cleaned, "revision", "language", "updated_at"])
        if alt_texts is not None:
            for image in note.images.all():
                NoteImage.objects.filter(pk=image.pk).update(alt_text=alt_texts[image.position])
        new_mentions: list[int] = []
        if "body" in cleaned:
            set_note_tags(note.pk, parse_hashtags(note.body))
            new_mentions = _set_mentions(note)
        if was_counted:
            adjust_note_counts(old_tags, -1)
        if _counts_for_tags(note):
            adjust_note_counts(
                NoteTag.objects.filter(note=note).values_list("tag_id", flat=True), +1
            )
        if note.state == Note.State.PUBLISHED:
            search_index.index_note(note)
            for uid in new_mentions:
                enqueue_on_commit(notify.notify, "mention", note.author_id, uid, note.pk)
            if note.visibility != old_visibility:
                enqueue_on_commit(feed_tasks.refresh_note_in_timelines, note.pk)
    return note


def check_delete_note(viewer: User, note_id: int) -> None:
    do_delete_note(access_note_for_edit(viewer, note_id))


def do_delete_note(note: Note) -> None:
    """Delete a note with everything hanging on it, keeping every counter in step."""
    with transaction.atomic():
        note = Note.objects.select_for_update().get(pk=note.pk)
        photo_ids = list(NoteImage.objects.filter(note=note).values_list("photo_id", flat=True))
        if _counts_for_tags(note):
            adjust_note_counts(
                NoteTag.objects.filter(note=note).values_list("tag_id", flat=True), -1
            )
        if note.state == Note.State.PUBLISHED:
            User.objects.filter(pk=note.author_id).update(note_count=F("note_count") - 1)
        Board.objects.filter(pk__in=Collect.objects.filter(note=note).values("board_id")).update(
            note_count=F("note_count") - 1
        )
        search_index.unindex_note(note.pk)
        # Stored translations are copies of the note's and its comments' text: they go too.
        Translation.objects.filter(kind="note", object_id=note.pk).delete()
        Translation.objects.filter(
            kind="comment", object_id__in=Comment.objects.filter(note=note).values("pk")
        ).delete()
        note_id, author_id, video_id = note.pk, note.author_id, note.video_id
        note.delete()
        from crossnote.notes import tasks

        enqueue_on_commit(tasks.delete_note_photos, photo_ids)
        if video_id:
            enqueue_on_commit(tasks.delete_note_video, video_id)
        enqueue_on_commit(feed_tasks.forget_note, note_id, author_id)


def do_hide_note(note: Note) -> None:
    """A moderator hides a note: it leaves feeds, search and tag pages; its author still
    sees it (marked hidden). Counters follow as for a deletion."""
    with transaction.atomic():
        note = Note.objects.select_for_update().get(pk=note.pk)
        if note.state != Note.State.PUBLISHED:
            return
        if _counts_for_tags(note):
            adjust_note_counts(
                NoteTag.objects.filter(note=note).values_list("tag_id", flat=True), -1
            )
        User.objects.filter(pk=note.author_id).update(note_count=F("note_count") - 1)
        search_index.unindex_note(note.pk)
        note.state = Note.State.HIDDEN
        note.save(update_fields=["state"])
        enqueue_on_commit(feed_tasks.forget_note, note.pk, note.author_id)
