"""`crossnote load_demo`: the bilingual demo that `make demo` serves.

People, notes with photos, follows, likes, collects, comments and views, all written through
the same actions the app and the API use (so every counter, tag count, timeline and
notification is what real use would have made). The data is in `crossnote.demo.content`,
the pictures are drawn by `crossnote.demo.artwork`.

- Idempotent: if the demo is there already, it says so and changes nothing.
- All or nothing: everything is written in one transaction, so a failure leaves no half demo.
- Ready when it returns: each note's photos are made in this process as soon as the note is
  written (not after commit), so the note is published before anyone likes it, and the
  work queued after commit (timelines, notifications) runs here too, not in a worker that
  may not be running yet. That also makes the command behave the same inside a test's
  transaction.
"""

from __future__ import annotations

import io
import random
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from crossnote.accounts import tasks as account_tasks
from crossnote.accounts.actions import check_set_avatar, check_signup, do_update_profile
from crossnote.accounts.models import User
from crossnote.accounts.usernames import username_key
from crossnote.core.maintenance import analyze_database
from crossnote.demo import artwork, clips, content
from crossnote.demo.content import NoteSpec, Thread
from crossnote.engagement.actions import (
    check_comment,
    do_collect,
    do_create_board,
    do_like,
    do_like_comment,
    do_record_view,
    viewer_key,
)
from crossnote.engagement.models import Comment
from crossnote.guides.actions import check_guide_pairs
from crossnote.media import uploads as video_uploads
from crossnote.media.models import Photo
from crossnote.notes import scoring
from crossnote.notes import tasks as note_tasks
from crossnote.notes.actions import Upload, check_create_note
from crossnote.notes.models import Note
from crossnote.relations.actions import check_follow, do_answer_follow_request

# How many people like, collect and anonymously view a note, by its buzz (0–3).
LIKES = (2, 4, 7, 11)
COLLECTS = (0, 1, 3, 6)
ANONYMOUS_VIEWS = (4, 9, 16, 26)
# Notes are spread over this many days before now, oldest first, as if written this week.
SPREAD = timedelta(days=6)
# Drawing runs in a thread beside the main one (Pillow releases the GIL while it works).
ARTWORK_THREADS = 1


@contextmanager
def tasks_inline() -> Iterator[None]:
    """Run background tasks in this process as they are queued, then restore the queue."""
    was = HUEY.immediate
    HUEY.immediate = True
    try:
        yield
    finally:
        HUEY.immediate = was


def _upload(data: bytes) -> Upload:
    return Upload(io.BytesIO(data), len(data))


def approve_alias_suggestions() -> None:
    from crossnote.tags.actions import do_make_alias
    from crossnote.tags.models import AliasSuggestion

    for suggestion in AliasSuggestion.objects.select_related("tag", "canonical"):
        do_make_alias(suggestion.tag, suggestion.canonical)


class Command(BaseCommand):
    help = "Load the bilingual demo: people, notes with photos, follows, likes and comments."

    def handle(self, *args: Any, **options: Any) -> None:
        if User.objects.filter(username_key=username_key(content.MARKER)).exists():
            self.stdout.write("Demo content is already loaded.")
            return
        keys = [username_key(p.username) for p in content.PEOPLE]
        taken = User.objects.filter(username_key__in=keys).values_list("username", flat=True)
        if taken:
            raise CommandError(
                "Cannot load the demo: these usernames are taken already: "
                + ", ".join(sorted(taken))
            )
        started = time.monotonic()
        pool = ThreadPoolExecutor(ARTWORK_THREADS)
        try:
            # A week of the story's notes and comments arrives in one minute: the abuse
            # limits (5 notes an hour for a new account…) are not for the loader.
            with tasks_inline(), override_settings(CROSSNOTE_RATE_LIMITS=False):
                loader = DemoLoader(pool, self.stdout if options["verbosity"] > 1 else None)
                with transaction.atomic():
                    loader.load()
                    loader.check_ready()  # before commit: a failure leaves nothing behind
        finally:
            pool.shutdown(cancel_futures=True)
        approve_alias_suggestions()  # as the demo moderator would: #TikTok难民 → #TikTokRefugee
        analyze_database()  # fresh statistics for the planner after a bulk load
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the demo in {time.monotonic() - started:.1f}s: {loader.summary()}."
            )
        )
        self.stdout.write(
            f"Log in as mei (中文) or sam (English); every demo password is {content.PASSWORD}"
        )


class DemoLoader:
    """Writes `crossnote.demo.content` through the actions, in story order."""

    def __init__(self, pool: ThreadPoolExecutor, progress: OutputWrapper | None = None) -> None:
        self.progress = progress
        self.people: dict[str, User] = {}
        self.notes: dict[str, Note] = {}
        self.videos: list[Note] = []
        self.counts = {"follows": 0, "likes": 0, "collects": 0, "comments": 0, "views": 0}
        self.collected: set[tuple[str, str]] = set()
        # Every picture is started now, in the order the loader will want them.
        self.avatars = {
            p.username: pool.submit(artwork.avatar, p.avatar, seed=p.username, palette=p.palette)
            for p in content.PEOPLE
        }
        self.photos: dict[str, list[Future[bytes]]] = {
            n.key: [
                pool.submit(artwork.photo, motif, seed=f"{n.key}-{i}", shape=n.shape)
                for i, motif in enumerate(n.photos)
            ]
            for n in content.NOTES
        }

    def _say(self, message: str) -> None:
        if self.progress is not None:
            self.progress.write(message)

    def load(self) -> None:
        self._say("People…")
        self._people()
        self._follows()
        self._say("Notes and their photos…")
        self._notes()
        self._say("Video notes…")
        self._videos()
        self._say("Likes, collects, comments and views…")
        self._boards()
        for spec in content.NOTES:
            self._engage(spec)

    def _people(self) -> None:
        now = timezone.now()
        for person in content.PEOPLE:
            user = check_signup(
                person.username, content.PASSWORD, person.display_name, person.languages
            )
            do_update_profile(user, bio=person.bio, is_private=person.is_private)
            picture = _upload(self.avatars[person.username].result())
            photo_id = check_set_avatar(user, picture.stream, picture.size)
            account_tasks.process_avatar.call_local(user.pk, photo_id)
            # Demo-only: locals have been here for years, newcomers since this week.
            user.date_joined = now - timedelta(days=person.joined_days_ago)
            User.objects.filter(pk=user.pk).update(date_joined=user.date_joined)
            if person.guides:
                check_guide_pairs(user, person.guides)
            self.people[person.username] = user

    def _follows(self) -> None:
        for follower, followees in content.FOLLOWS.items():
            for followee in followees:
                check_follow(self.people[follower], self.people[followee])
                self.counts["follows"] += 1
        for requester, owner in (
            *content.FOLLOW_REQUESTS_ACCEPTED,
            *content.FOLLOW_REQUESTS_PENDING,
        ):
            check_follow(self.people[requester], self.people[owner])  # a request: it's private
        for requester, owner in content.FOLLOW_REQUESTS_ACCEPTED:
            do_answer_follow_request(self.people[owner], self.people[requester], approve=True)
            self.counts["follows"] += 1

    def _notes(self) -> None:
        now = timezone.now()
        step = SPREAD / len(content.NOTES)
        rng = random.Random("when")  # noqa: S311 - jitter for timestamps, not a secret
        for i, spec in enumerate(content.NOTES):
            author = self.people[spec.author]
            language = author.languages[0]
            note = check_create_note(
                author,
                title=spec.title,
                body=spec.body,
                topic=spec.topic,
                kind=spec.kind,
                place=spec.place,
                images=[_upload(f.result()) for f in self.photos.pop(spec.key)],
                alt_texts=[artwork.alt_text(m, language) for m in spec.photos],
            )
            note_tasks.process_note_photos.call_local(note.pk)
            written = now - SPREAD + step * i + rng.uniform(0, 0.8) * step
            _backdate(note, written)
            self.notes[spec.key] = note

    def _videos(self) -> None:
        """A few short video notes, drawn and encoded here (see demo.clips), sent through
        the same resumable upload and note actions an app uses."""
        for spec in clips.CLIPS:
            author = self.people[spec.author]
            data = clips.clip(spec)
            upload = video_uploads.check_create_upload(author, str(len(data)))
            video_uploads.do_append(upload, "0", io.BytesIO(data), len(data))
            note = check_create_note(
                author,
                title=spec.title,
                body=spec.body,
                topic=spec.topic,
                video_upload=upload.token,
            )
            note_tasks.process_note_photos.call_local(note.pk)
            self.videos.append(note)

    def _boards(self) -> None:
        for username, (name, keys) in content.BOARDS.items():
            user = self.people[username]
            board = do_create_board(user, name, is_private=False)
            for key in keys:
                self._collect(user, key, board.pk)

    def _collect(self, user: User, key: str, board_id: int | None = None) -> None:
        if (user.username, key) not in self.collected:
            do_collect(user, self.notes[key], board_id)
            self.collected.add((user.username, key))
            self.counts["collects"] += 1

    def _engage(self, spec: NoteSpec) -> None:
        """Comments, likes, collects and views of one note, from people who can see it."""
        note = self.notes[spec.key]
        rng = random.Random(spec.key)  # noqa: S311 - picks demo likers, not secrets
        audience = self._audience(spec)
        threads = content.COMMENTS.get(spec.key, ())
        commenters = list(dict.fromkeys(t.author for t in threads if t.author in audience))
        others = [u for u in audience if u not in commenters]
        rng.shuffle(others)
        likers = (commenters + others)[: max(LIKES[spec.buzz], len(commenters))]
        for username in likers:
            do_like(self.people[username], note)
        self.counts["likes"] += len(likers)
        for username in rng.sample(likers, min(COLLECTS[spec.buzz], len(likers))):
            self._collect(self.people[username], spec.key)
        for thread in threads:
            self._thread(note, self.people[spec.author], thread)
        viewers = {*likers, *(u for u, k in self.collected if k == spec.key), *commenters}
        keys = [f"u:{self.people[u].pk}" for u in sorted(viewers)]
        keys += [
            viewer_key(AnonymousUser(), f"198.51.100.{n}", "Mozilla/5.0 (crossnote demo)")
            for n in range(ANONYMOUS_VIEWS[spec.buzz] + rng.randint(0, 6))
        ]
        self.counts["views"] += sum(do_record_view(note, key) for key in keys)

    def _audience(self, spec: NoteSpec) -> list[str]:
        """Who may see the note: everyone but its author, or a private author's followers."""
        author = next(p for p in content.PEOPLE if p.username == spec.author)
        if author.is_private:
            return [r for r, owner in content.FOLLOW_REQUESTS_ACCEPTED if owner == spec.author]
        return [p.username for p in content.PEOPLE if p.username != spec.author]

    def _thread(self, note: Note, note_author: User, thread: Thread) -> None:
        """A comment and its replies; each reply answers the one before it. The note's author
        likes what others said, as authors on RedNote do."""
        author = self.people[thread.author]
        top = check_comment(author, note, thread.text)
        written: list[Comment] = [top]
        for username, text in thread.replies:
            written.append(check_comment(self.people[username], note, text, written[-1].pk))
        for comment in written:
            if comment.author_id != note_author.pk:
                do_like_comment(note_author, comment)
        self.counts["comments"] += len(written)

    def check_ready(self) -> None:
        """Raise CommandError unless every demo note is published and every photo ready."""
        notes = Note.objects.filter(pk__in=[n.pk for n in [*self.notes.values(), *self.videos]])
        stuck = list(notes.exclude(state=Note.State.PUBLISHED).values_list("title", flat=True))
        if stuck:
            raise CommandError(f"These demo notes were not published: {', '.join(stuck)}")
        owners = [u.pk for u in self.people.values()]
        photos = Photo.objects.filter(owner_id__in=owners).exclude(state=Photo.State.READY)
        if photos.exists():
            raise CommandError(f"{photos.count()} demo photos could not be made.")

    def summary(self) -> str:
        photos = sum(len(n.photos) for n in content.NOTES)
        c = self.counts
        return (
            f"{len(self.people)} people, {len(self.notes)} notes ({photos} photos), "
            f"{len(self.videos)} video notes, "
            f"{c['follows']} follows, {c['likes']} likes, {c['collects']} collects, "
            f"{c['comments']} comments, {c['views']} views"
        )


def _backdate(note: Note, at: datetime) -> None:
    """Demo-only: move a just-published note back to when the story says it was written, so
    feeds show a week of notes rather than sixty written the same minute. Its freshness
    (what Discover ranks by) moves with it, keeping a newcomer's boost; engagement then
    refreshes its hot score."""
    note.refresh_from_db(fields=["published_at", "freshness"])
    boost = note.freshness - scoring.freshness(note.published_at) if note.published_at else 0.0
    Note.objects.filter(pk=note.pk).update(
        created_at=at, updated_at=at, published_at=at, freshness=scoring.freshness(at) + boost
    )
    scoring.refresh_hot_score(note.pk)
