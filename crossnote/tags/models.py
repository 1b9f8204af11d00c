from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Hashtag(models.Model):
    class Review(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved for trending")
        REJECTED = "rejected", _("Kept out of trending")

    name = models.CharField(max_length=40)  # as first written: "TikTokRefugee"
    key = models.CharField(max_length=120, unique=True)  # compared form: "tiktokrefugee"
    # Set on an alias: the tag it is another name of (#TikTok难民 → #TikTokRefugee). One
    # topic, one page; views and note counts add up across a canonical tag and its aliases.
    canonical = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="aliases"
    )
    # Published public notes carrying the tag; kept in step by notes.actions.
    note_count = models.PositiveIntegerField(default=0)
    view_count = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # Whether the tag may trend, when the site requires review (moderation.SiteSettings).
    # Only a canonical tag's review counts: its aliases trend, or not, with it.
    review_state = models.CharField(max_length=8, choices=Review.choices, default=Review.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"#{self.name}"


class AliasSuggestion(models.Model):
    """An engine thinks `tag` names the same topic as `canonical`; a moderator decides."""

    tag = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="+")
    canonical = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="+")
    engine = models.CharField(max_length=30)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tag", "canonical"], name="unique_alias_suggestion")
        ]

    def __str__(self) -> str:
        return f"#{self.tag.name} → #{self.canonical.name}"


class NoteTag(models.Model):
    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="note_tags")
    tag = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="note_tags")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "tag"], name="unique_note_tag")]
        indexes = [models.Index(fields=["tag", "-note"], name="notetag_tag_note_idx")]


class TagViewBucket(models.Model):
    """Views of a tag's notes in one hour: what the trending list sums over."""

    tag = models.ForeignKey(Hashtag, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tag", "hour"], name="unique_tag_hour")]
        indexes = [models.Index(fields=["hour"], name="tagview_hour_idx")]
