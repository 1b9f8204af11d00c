from django.db import models


class Translation(models.Model):
    """A stored translation of one object's text into one language by one engine.

    `revision` is a digest of the source text (`service.revision_of`): an edit changes it,
    so an edited note is translated afresh and old rows simply stop matching.
    """

    kind = models.CharField(max_length=12)  # "note", "comment", "bio"
    object_id = models.BigIntegerField()
    revision = models.CharField(max_length=16)
    target = models.CharField(max_length=16)
    engine = models.CharField(max_length=30)
    parts = models.JSONField()  # the translated texts, in the order they were given
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "revision", "target", "engine"],
                name="unique_translation",
            )
        ]
        indexes = [
            models.Index(fields=["kind", "object_id", "target"], name="translation_lookup_idx")
        ]
