from django.conf import settings
from django.db import models


class Notification(models.Model):
    class Kind(models.TextChoices):
        LIKE = "like"
        COLLECT = "collect"
        COMMENT = "comment"
        REPLY = "reply"
        MENTION = "mention"
        FOLLOW = "follow"
        FOLLOW_REQUEST = "follow_request"
        FOLLOW_ACCEPTED = "follow_accepted"
        COMMENT_LIKE = "comment_like"
        MODERATION = "moderation"  # a moderator acted; `text` says what and why
        QUESTION = "question"  # a newcomer asked the guides who read its language
        ANSWER = "answer"  # a guide answered the recipient's question

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.ForeignKey(
        "notes.Note", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        "engagement.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(blank=True)
    # Notifications with the same key are shown as one ("Mei and 8 others liked your note"):
    # the same kind about the same note or comment within one window (grouping.py). Empty:
    # shown on its own.
    group_key = models.CharField(max_length=80, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["recipient", "-id"], name="notif_recipient_idx")]
