"""Direct messages: conversations (one-to-one or small groups), their members, messages,
reactions, and reports of messages for the moderators.

Who may read and write is decided by `messaging.queries` and `messaging.actions`; rows
never carry a copy of a relationship (a block is read from `relations` at request time, so
it ends a conversation both ways at once, and an unblock restores it).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_MEMBERS = 32  # a group's members, its creator included
MAX_MESSAGE_LENGTH = 2000
MAX_TITLE_LENGTH = 60


class Conversation(models.Model):
    class Kind(models.TextChoices):
        DIRECT = "direct"
        GROUP = "group"

    kind = models.CharField(max_length=6, choices=Kind.choices)
    title = models.CharField(max_length=MAX_TITLE_LENGTH, blank=True)  # groups only
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "smaller id:larger id" for a one-to-one conversation, so two people have at most one
    # (a unique constraint settles two first messages racing); NULL for groups.
    direct_key = models.CharField(max_length=41, null=True, blank=True, unique=True)
    last_message_id = models.BigIntegerField(default=0)  # orders the inbox
    created_at = models.DateTimeField(auto_now_add=True)

    @staticmethod
    def key_for(a_id: int, b_id: int) -> str:
        low, high = sorted((a_id, b_id))
        return f"{low}:{high}"


class Membership(models.Model):
    """One person in one conversation, with their own view of it.

    State: ACTIVE (in the inbox), REQUEST (a message request: someone they neither follow
    nor are followed by wrote to them; they read it before choosing), DECLINED (request
    declined or reported: hidden, the sender is not told), LEFT (left a group, or was
    removed from it: a former member reads nothing more, photos included)."""

    class State(models.TextChoices):
        ACTIVE = "active"
        REQUEST = "request"
        DECLINED = "declined"
        LEFT = "left"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=8, choices=State.choices, default=State.ACTIVE)
    last_read_id = models.BigIntegerField(default=0)
    unread = models.PositiveIntegerField(default=0)
    # "Translate into my language", for this person alone.
    translate = models.BooleanField(default=False)
    # Whether others see how far this person has read.
    read_receipts = models.BooleanField(default=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="unique_membership")
        ]
        indexes = [models.Index(fields=["user", "state"], name="membership_user_idx")]


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=MAX_MESSAGE_LENGTH, blank=True)
    language = models.CharField(max_length=16, blank=True)
    photo = models.ForeignKey(
        "media.Photo", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_note = models.ForeignKey(
        "notes.Note", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # {"❤️": 2, ...}: changed with the Reaction rows, in their transaction, so a page of
    # messages carries its reactions without another query.
    reactions = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["conversation", "-id"], name="message_conversation_idx")]


class Reaction(models.Model):
    """One person's reaction to one message (a new one replaces the old)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    emoji = models.CharField(max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "user"], name="unique_reaction")]


class MessageReport(models.Model):
    """A member reported messages of a conversation. Moderators see those messages and
    nothing else of the conversation."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DISMISSED = "dismissed", _("Dismissed")
        ACTIONED = "actioned", _("Action taken")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="+")
    messages = models.ManyToManyField(Message, related_name="reports")
    reason = models.CharField(max_length=20)
    text = models.TextField(max_length=1000, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["state", "-id"], name="messagereport_queue_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "conversation"],
                condition=Q(state="open"),
                name="one_open_message_report",
            )
        ]
