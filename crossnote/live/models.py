from django.db import models


class LiveEvent(models.Model):
    """One event for one person, kept a few minutes so a reconnecting browser can replay
    what it missed (the laptop profile's backlog; with Redis the backlog is a Redis stream
    and this table stays empty). The id is the event's id on the wire."""

    user_id = models.BigIntegerField()
    event = models.CharField(max_length=64)
    data = models.TextField()  # JSON, encoded once when published
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["user_id", "id"], name="live_user_id_idx")]


class PushSubscription(models.Model):
    """A browser's Web Push subscription (what PushManager.subscribe returned) for one person:
    where to POST, and the keys the payload is encrypted to. Removed when the push service
    answers 404 or 410 (the browser dropped it), or when the person turns it off."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=100)  # the browser's ECDH public key, base64url
    auth = models.CharField(max_length=40)  # the shared authentication secret, base64url
    language = models.CharField(max_length=16, default="en")  # what the pushes are written in
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
