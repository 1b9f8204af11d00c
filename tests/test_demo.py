"""`crossnote load_demo`: bilingual people and notes with photos, engagement between English
and Chinese speakers, everything counted, and loaded once only."""

from __future__ import annotations

import dataclasses
import io
from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q
from django.utils import timezone
from PIL import Image

from crossnote.accounts.actions import check_signup
from crossnote.accounts.models import User
from crossnote.accounts.usernames import normalize_username
from crossnote.core.errors import InvalidInput
from crossnote.demo import artwork, content
from crossnote.engagement.models import Collect, Comment, Like, NoteView
from crossnote.feeds.stores import timeline_store
from crossnote.guides.queries import guide_languages
from crossnote.media.models import Photo
from crossnote.notes import rules
from crossnote.notes.models import Kind, Note, NoteImage, Topic
from crossnote.notifications.models import Notification
from crossnote.relations.models import Follow, FollowRequest
from crossnote.tags.models import Hashtag
from crossnote.tags.parsing import parse_hashtags, parse_mentions, tag_key
from crossnote.tags.queries import trending_tags

HASHTAGS = ["TikTokRefugee", "TikTok难民", "上海Coffee", "旅行", "穿搭", "OOTD", "美食", "makeup",
            "妆容教程", "citywalk"]  # fmt: skip


def _writes_chinese(user: User) -> bool:
    return user.languages[0].startswith("zh")


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_the_content_follows_the_rules() -> None:
    people = {p.username: p for p in content.PEOPLE}
    assert len(people) >= 14
    assert sum(p.writes_chinese for p in content.PEOPLE) == len(people) / 2
    for person in content.PEOPLE:
        assert normalize_username(person.username) == person.username
    assert len(content.NOTES) >= 60
    assert len({n.key for n in content.NOTES}) == len(content.NOTES)
    assert {n.topic for n in content.NOTES} == set(Topic.values)
    for note in content.NOTES:
        rules.check_title(note.title)  # raises InvalidInput when too long
        rules.check_body(note.body)
        assert (0 if note.kind == "question" else 1) <= len(note.photos) <= 6, note.key
        assert all(m in artwork.MOTIFS for m in note.photos), note.key
        assert note.shape in artwork.SHAPES, note.key
        assert set(parse_mentions(note.body)) <= set(people), note.key
    tags = {tag_key(t) for n in content.NOTES for t in parse_hashtags(n.body)}
    assert {tag_key(t) for t in HASHTAGS} <= tags
    keys = {n.key for n in content.NOTES}
    assert set(content.COMMENTS) <= keys
    assert all(set(ks) <= keys for _name, ks in content.BOARDS.values())


@pytest.mark.parametrize("shape", sorted(artwork.SHAPES))
def test_artwork_is_a_jpeg_of_the_shape(shape: str) -> None:
    data = artwork.photo("coffee", seed="a", shape=shape)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.size == artwork.SHAPES[shape]
        assert 900 <= max(image.size) <= 1200
    assert artwork.photo("coffee", seed="a", shape=shape) == data  # the same every time
    assert artwork.photo("coffee", seed="b", shape=shape) != data


def test_every_motif_draws() -> None:
    for motif in artwork.MOTIFS:
        assert artwork.avatar(motif, seed="x")[:2] == b"\xff\xd8"
        assert artwork.alt_text(motif, "zh-hans") != artwork.alt_text(motif, "en")


@pytest.fixture
def small_artwork(monkeypatch: pytest.MonkeyPatch) -> None:
    """Full-size pictures take most of a real load's ~20 s; small ones go the same way."""
    monkeypatch.setattr(
        artwork, "SHAPES", {"portrait": (90, 120), "square": (100, 100), "landscape": (120, 90)}
    )
    monkeypatch.setattr(artwork, "AVATAR_SIZE", 64)


def _load(capture_on_commit) -> str:
    """Run the command as `make demo` would, with the work queued after commit done too."""
    out = io.StringIO()
    with capture_on_commit(execute=True):
        call_command("load_demo", stdout=out)
    return out.getvalue()


def _row_counts() -> dict[str, int]:
    models = (User, Note, Photo, Like, Collect, Comment, Follow, FollowRequest, NoteView)
    return {m.__name__: m.objects.count() for m in models}


@pytest.mark.usefixtures("small_artwork")
def test_load_demo_once(db, django_capture_on_commit_callbacks, settings) -> None:
    settings.CROSSNOTE_RATE_LIMITS = True  # as in `make demo`
    out = _load(django_capture_on_commit_callbacks)
    assert "Loaded the demo" in out

    people = list(User.objects.filter(username__in=[p.username for p in content.PEOPLE]))
    _check_people(people)
    notes = Note.objects.filter(author__in=people, video__isnull=True)
    _check_notes(notes)
    _check_video_notes(Note.objects.filter(author__in=people, video__isnull=False))
    _check_engagement_crosses_languages(people)
    _check_counters(notes, people)
    _check_after_commit_work(people)

    before = _row_counts()
    assert _load(django_capture_on_commit_callbacks).strip() == "Demo content is already loaded."
    assert _row_counts() == before


def _check_people(people: list[User]) -> None:
    assert len(people) == len(content.PEOPLE) >= 14
    assert sum(_writes_chinese(u) for u in people) == len(people) / 2
    for username in ("mei", "sam", "小红薯"):
        assert authenticate(username=username, password=content.PASSWORD) is not None
    assert all(u.display_name and u.bio for u in people)
    assert all(u.avatar and u.avatar.state == Photo.State.READY for u in people)
    private = [u for u in people if u.is_private]
    assert len(private) == 1
    assert FollowRequest.objects.filter(target=private[0]).exists()
    assert Follow.objects.filter(followee=private[0]).exists()
    # Locals have been here for years, newcomers arrived this week.
    assert min(u.date_joined for u in people) < timezone.now() - timedelta(days=365)


def _check_video_notes(notes) -> None:
    """A few short clips the project draws itself, transcoded like any upload."""
    from crossnote.demo.clips import CLIPS
    from crossnote.media.models import Video

    assert notes.count() == len(CLIPS) >= 3
    assert set(notes.values_list("state", flat=True)) == {Note.State.PUBLISHED}
    videos = Video.objects.filter(pk__in=notes.values("video_id"))
    assert set(videos.values_list("state", flat=True)) == {Video.State.READY}
    for video in videos:
        assert (video.width, video.height) == (540, 960) and video.duration >= 3
        assert default_storage.exists(video.sd) and default_storage.exists(video.hd)


def _check_notes(notes) -> None:
    assert notes.count() == len(content.NOTES) >= 60
    assert set(notes.values_list("state", flat=True)) == {Note.State.PUBLISHED}
    assert set(notes.values_list("topic", flat=True)) == set(Topic.values)
    titles = list(notes.values_list("title", flat=True))
    assert sum(_has_cjk(t) for t in titles) >= 20
    assert sum(not _has_cjk(t) for t in titles) >= 20
    with_photos = notes.exclude(kind=Kind.QUESTION)
    per_note = with_photos.annotate(n=Count("images")).values_list("n", flat=True)
    assert min(per_note) >= 1
    assert max(per_note) > 4  # a few carousels are longer
    photos = Photo.objects.filter(pk__in=NoteImage.objects.filter(note__in=notes).values("photo"))
    assert set(photos.values_list("state", flat=True)) == {Photo.State.READY}
    for photo in photos[:5]:
        assert default_storage.exists(photo.grid)
        assert default_storage.exists(photo.full)
    for name in HASHTAGS:
        assert Hashtag.objects.get(key=tag_key(name)).note_count > 0, name
    # Spread over the week of the story, not all written this minute.
    oldest = notes.order_by("published_at").first()
    assert oldest.published_at < timezone.now() - timedelta(days=4)
    assert len(set(notes.values_list("hot_score", flat=True))) > 30
    _check_guides_and_questions(notes)


def _check_guides_and_questions(notes) -> None:
    """Locals guide newcomers: guide notes by volunteer guides, questions with answers."""
    guides = notes.filter(kind=Kind.GUIDE)
    assert guides.count() >= 5
    assert all(guide_languages(n.author) for n in guides.select_related("author"))
    questions = notes.filter(kind=Kind.QUESTION)
    assert questions.count() >= 2
    for question in questions:
        answers = Comment.objects.filter(note=question, is_answer=True)
        assert answers.exists(), question.title
        assert not answers.filter(author=question.author).exists()
    assert Comment.objects.filter(note__in=questions, is_answer=False).exists()


def _check_engagement_crosses_languages(people: list[User]) -> None:
    chinese = [u.pk for u in people if _writes_chinese(u)]
    english = [u.pk for u in people if not _writes_chinese(u)]
    for a, b in ((chinese, english), (english, chinese)):
        assert Follow.objects.filter(follower__in=a, followee__in=b).exists()
        assert Like.objects.filter(user__in=a, note__author__in=b).exists()
        assert Collect.objects.filter(user__in=a, note__author__in=b).exists()
        assert Comment.objects.filter(author__in=a, note__author__in=b).exists()
        assert Comment.objects.filter(author__in=a, reply_to__in=b).exists()  # replies
    assert NoteView.objects.filter(viewer_key__startswith="u:").exists()
    assert NoteView.objects.filter(viewer_key__startswith="a:").exists()
    trending = [t["tag"].key for t in trending_tags()]
    assert tag_key("TikTokRefugee") in trending


def _check_counters(notes, people: list[User]) -> None:
    """The demo went through the actions: every counter matches its rows."""
    counted = notes.annotate(
        n_likes=Count("likes", distinct=True),
        n_comments=Count("comments", distinct=True),
        n_collects=Count("collects", distinct=True),
    )
    off = counted.exclude(
        like_count=F("n_likes"), comment_count=F("n_comments"), collect_count=F("n_collects")
    )
    assert not off.exists()
    assert notes.filter(like_count__gt=0, view_count__gt=0).count() == notes.count()
    for user in people:
        assert user.follower_count == Follow.objects.filter(followee=user).count()
        assert user.following_count == Follow.objects.filter(follower=user).count()
        assert user.note_count == Note.objects.filter(author=user).count()


def _check_after_commit_work(people: list[User]) -> None:
    """Timelines and notifications are written by tasks queued after commit."""
    by_name = {u.username: u for u in people}
    kinds = set(
        Notification.objects.filter(recipient=by_name["mei"]).values_list("kind", flat=True)
    )
    assert {"follow", "like", "collect", "comment", "reply", "mention"} <= kinds
    assert Notification.objects.filter(
        Q(recipient=by_name["豆豆"]) & Q(kind="follow_request")
    ).exists()
    timeline = timeline_store().page(by_name["sam"].pk, None, 100)
    authors = set(Note.objects.filter(pk__in=timeline).values_list("author__username", flat=True))
    assert {"mei", "lin_chen", "priya"} <= authors
    assert "豆豆" not in authors  # sam's request to the private account is still waiting


def test_load_demo_refuses_when_a_demo_username_is_taken(db) -> None:
    check_signup("sam", "a different password 123")
    with pytest.raises(CommandError, match="sam"):
        call_command("load_demo", stdout=io.StringIO())
    assert User.objects.count() == 1


@pytest.mark.usefixtures("small_artwork")
def test_a_failed_load_leaves_nothing_behind(db, monkeypatch: pytest.MonkeyPatch) -> None:
    good = content.NOTES[0]
    too_long = dataclasses.replace(good, key="too-long", title="这个标题实在是太长了" * 3)
    monkeypatch.setattr(content, "NOTES", (good, too_long))
    with pytest.raises(InvalidInput):
        call_command("load_demo", stdout=io.StringIO())
    assert _row_counts() == dict.fromkeys(_row_counts(), 0)
