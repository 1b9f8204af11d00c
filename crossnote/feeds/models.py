from django.conf import settings
from django.db import models


class TimelineEntry(models.Model):
    """A note id in one person's Following timeline (the database timeline store).

    Derived data: it can be rebuilt from Follow and Note rows at any time.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "note"], name="unique_timeline_entry")
        ]
        indexes = [
            models.Index(fields=["owner", "-note"], name="timeline_owner_note_idx"),
            models.Index(fields=["owner", "author"], name="timeline_owner_author_idx"),
        ]
