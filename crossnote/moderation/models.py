"""Reports people file about notes, comments and people, for moderators to handle."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or scam")
        HARASSMENT = "harassment", _("Harassment or bullying")
        HATE = "hate", _("Hate or discrimination")
        NUDITY = "nudity", _("Nudity or sexual content")
        VIOLENCE = "violence", _("Violence or danger")
        MISINFORMATION = "misinformation", _("False information")
        OTHER = "other", _("Something else")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ACTIONED = "actioned", _("Action taken")
        DISMISSED = "dismissed", _("Dismissed")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # Whom the report is about, always; and which note or comment, when it is about one.
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.ForeignKey(
        "notes.Note", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.ForeignKey(
        "engagement.Comment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the report is about, fixed when it is filed: "note:<id>", "comment:<id>" or
    # "person". The foreign keys above become NULL when the note or comment is deleted; this
    # does not, so two reports about different things never start to look alike.
    subject = models.CharField(max_length=40, editable=False)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    text = models.TextField(max_length=1000, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["state", "-id"], name="report_queue_idx")]
        permissions = [("moderate", "Can handle reports and act on people and content")]
        constraints = [
            # Reporting the same thing again while the first report is open files nothing new.
            models.UniqueConstraint(
                fields=["reporter", "person", "subject"],
                condition=Q(state="open"),
                name="one_open_report_per_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} about @{self.person_id}"

    @staticmethod
    def subject_of(note_id: int | None, comment_id: int | None) -> str:
        if comment_id is not None:
            return f"comment:{comment_id}"
        return f"note:{note_id}" if note_id is not None else "person"

    @property
    def about(self) -> str:
        """What was reported: "note", "comment" or "person", even after a deletion."""
        return self.subject.split(":", 1)[0]


class ModerationAction(models.Model):
    """The audit log: who did what to whom, when and why. Rows are never edited."""

    class Kind(models.TextChoices):
        HIDE = "hide", _("Hide the note")
        REMOVE = "remove", _("Remove the note or comment")
        WARN = "warn", _("Warn")
        SUSPEND = "suspend", _("Suspend")
        BAN = "ban", _("Ban")
        DISMISS = "dismiss", _("Dismiss the report")
        APPROVE_TAG = "approve_tag", _("Approve the hashtag for trending")
        REJECT_TAG = "reject_tag", _("Keep the hashtag out of trending")
        UNSUSPEND = "unsuspend", _("Lift the suspension")
        UNBAN = "unban", _("Lift the ban")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Whom the action concerns; none for a hashtag review, which concerns a tag, not a person.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    # What the action was about, kept as ids and text: a removed note leaves its excerpt here,
    # a reviewed hashtag its "#name".
    note_id = models.BigIntegerField(null=True, blank=True)
    comment_id = models.BigIntegerField(null=True, blank=True)
    tag_id = models.BigIntegerField(null=True, blank=True)
    excerpt = models.CharField(max_length=200, blank=True)
    reason = models.TextField(max_length=1000, blank=True)
    until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        about = f"@{self.person_id}" if self.person_id else self.excerpt
        return f"{self.kind} {about} by @{self.moderator_id}"


# What a moderator can do about a report (hashtag reviews and lifting an earlier suspension
# or ban are not answers to reports).
REPORT_KINDS = [
    kind
    for kind in ModerationAction.Kind
    if kind
    not in (
        ModerationAction.Kind.APPROVE_TAG,
        ModerationAction.Kind.REJECT_TAG,
        ModerationAction.Kind.UNSUSPEND,
        ModerationAction.Kind.UNBAN,
    )
]
# What a person is told about: every action on them but a dismissed report.
NOTICE_KINDS = [*REPORT_KINDS, ModerationAction.Kind.UNSUSPEND, ModerationAction.Kind.UNBAN]


class SiteSettings(models.Model):
    """Choices the staff make for the whole site, in the admin. One row (pk 1), made with
    the deployment's defaults the first time it is read (see moderation.queries)."""

    hashtags_need_review = models.BooleanField(
        _("hashtags need review before trending"),
        default=False,
        help_text=_(
            "When on, a hashtag appears in the trending list only after a moderator approves"
            " it. Hashtag pages and search show every tag either way."
        ),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return str(_("Site settings"))


class KeywordFilter(models.Model):
    """A word or phrase someone does not want to see: notes containing it are hidden from
    them, or shown behind a warning. Compared case-folded, Traditional folded to Simplified."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hide")
        WARN = "warn", _("Warn")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    phrase = models.CharField(max_length=60)
    folded = models.CharField(max_length=120)
    action = models.CharField(max_length=4, choices=Action.choices, default=Action.HIDE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "folded"], name="unique_keyword_filter")
        ]

    def __str__(self) -> str:
        return self.phrase
