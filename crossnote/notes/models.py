"""Notes: the photo posts everything else is about."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    FASHION = "fashion", _("Fashion")
    BEAUTY = "beauty", _("Beauty")
    FOOD = "food", _("Food")
    TRAVEL = "travel", _("Travel")
    WELLNESS = "wellness", _("Wellness")
    HOME = "home", _("Home")
    PETS = "pets", _("Pets")
    OTHER = "other", _("Other")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    FOLLOWERS = "followers", _("Followers")
    PRIVATE = "private", _("Only me")


class Kind(models.TextChoices):
    NOTE = "note", _("Note")
    # Written by a volunteer guide for newcomers: etiquette, how-tos, local tips.
    GUIDE = "guide", _("Guide")
    # "Ask a local": shown to the guides who read its language; their comments are answers.
    QUESTION = "question", _("Question")


class Note(models.Model):
    """A note. Lifecycle: PROCESSING (photos being made) → PUBLISHED, or → FAILED. A DRAFT is
    either saved from the compose form (notes.drafts: text only; publishing it makes a new
    note) or imported from another platform (crossnote.imports: with its photos; its author
    publishes it, → PROCESSING → PUBLISHED).

    Only PUBLISHED notes reach feeds, tag pages and search (`queries.visible_notes`): a
    DRAFT, like every state but PUBLISHED, is seen by its author alone, everywhere. The
    counters are kept in step with their rows by the engagement actions; `hot_score` by
    `notes.scoring`.
    """

    class State(models.TextChoices):
        PROCESSING = "processing"
        PUBLISHED = "published"
        FAILED = "failed"
        HIDDEN = "hidden"  # by a moderator: only its author still sees it
        DRAFT = "draft"  # saved or imported, waiting for its author; seen by nobody else

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes"
    )
    title = models.CharField(max_length=40, blank=True)
    body = models.TextField(max_length=1000, blank=True)
    topic = models.CharField(max_length=12, choices=Topic.choices, default=Topic.OTHER)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NOTE)
    place = models.CharField(max_length=80, blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.PROCESSING)
    language = models.CharField(max_length=16, blank=True)
    # The first photo, kept on the note so a feed card needs no second query.
    cover = models.ForeignKey("media.Photo", null=True, on_delete=models.SET_NULL, related_name="+")
    # A video note carries one video instead of photos (its poster is what cards show).
    video = models.ForeignKey("media.Video", null=True, on_delete=models.PROTECT, related_name="+")
    like_count = models.PositiveIntegerField(default=0)
    collect_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    view_count = models.PositiveBigIntegerField(default=0)
    hot_score = models.FloatField(default=0.0)
    freshness = models.FloatField(default=0.0)  # see notes.scoring
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Brought from another platform (crossnote.imports): when and where it was first posted.
    original_posted_at = models.DateTimeField(null=True, blank=True)
    original_platform = models.CharField(max_length=12, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["author", "-id"], name="note_author_idx"),
            models.Index(fields=["state", "visibility", "-hot_score"], name="note_hot_idx"),
            models.Index(
                fields=["topic", "state", "visibility", "-hot_score"], name="note_topic_hot_idx"
            ),
            models.Index(fields=["kind", "state", "-id"], name="note_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.body[:30]


class NoteImage(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="images")
    photo = models.ForeignKey("media.Photo", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    alt_text = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["note", "position"], name="unique_note_image_position")
        ]


class Mention(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "user"], name="unique_mention")]
