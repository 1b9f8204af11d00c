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
