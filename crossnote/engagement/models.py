"""Likes, boards and collects, comments, and counted views."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


class Like(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "note"], name="unique_like")]
        indexes = [models.Index(fields=["note", "-id"], name="like_note_idx")]


class Board(models.Model):
    """A collection of collected notes. Every person has one default board; boards are
    private unless their owner makes them public. Who sees a board is decided in one place,
    engagement.queries.visible_boards."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="boards"
    )
    name = models.CharField(max_length=40)
    is_default = models.BooleanField(default=False)
    is_private = models.BooleanField(default=True)
    note_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=models.Q(is_default=True), name="one_default_board"
            ),
            # A person's board names are distinct, ignoring case (engagement.actions checks
            # first, with a message; this catches two requests at once).
            models.UniqueConstraint("owner", Lower("name"), name="unique_board_name"),
        ]


class Collect(models.Model):
    """A note kept in one of the user's boards. A note is collected once per person."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="collects")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="collects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "note"], name="unique_collect")]
        indexes = [models.Index(fields=["board", "-id"], name="collect_board_idx")]


class Comment(models.Model):
    """A comment on a note, or a reply to one. Replies are one level deep: a reply to a reply
    hangs under the same top-level comment and names the person it answers."""

    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    reply_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=500)
    language = models.CharField(max_length=16, blank=True)
    like_count = models.PositiveIntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)
    # On a question note: written by a guide who reads the question's language. Decided when
    # the comment is written, so highlighting answers costs no query when a thread is shown.
    is_answer = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["note", "parent", "id"], name="comment_thread_idx"),
        ]


class CommentLike(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "comment"], name="unique_comment_like")
        ]


class NoteView(models.Model):
    """When a viewer's view of a note last counted. `viewer_key` is "u:<user id>" for people
    logged in and a keyed hash of the client for everyone else."""

    viewer_key = models.CharField(max_length=70)
    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="+")
    counted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["viewer_key", "note"], name="unique_note_view")
        ]
