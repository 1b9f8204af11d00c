from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.usernames import username_key, username_skeleton

# How long a new account carries the newcomer badge (and its first notes a Discover boost).
NEWCOMER_PERIOD = timedelta(days=30)


def newcomers_joined_after(now: datetime) -> datetime:
    """Who joined after this moment is a newcomer at `now` (the feeds' card query asks the
    database with it; `User.is_newcomer` asks Python)."""
    return now - NEWCOMER_PERIOD


class CrossnoteUserManager(UserManager):
    def get_by_natural_key(self, username: str) -> User:
        return self.get(username_key=username_key(username))


class User(AbstractUser):
    """A person on Crossnote. Counters are kept in step with their rows by the actions."""

    username = models.CharField(max_length=30, unique=True)
    # NFKC + casefold of `username`: what uniqueness and lookups use, the same on every DB.
    username_key = models.CharField(max_length=90, unique=True, editable=False)
    # The TR39 confusable skeleton of the key: unique, so no look-alike of a name can be
    # registered, even by two sign-ups racing. NULL only for accounts that already looked
    # alike when the rule came in (the later of each pair keeps its name; the earlier holds
    # the skeleton, so nobody new gets it).
    # NULL, not "", for those: a unique index lets any number of NULLs share it.
    username_skeleton = models.TextField(null=True, editable=False)  # noqa: DJ001
    display_name = models.CharField(max_length=40, blank=True)
    # Optional, only for password resets. Stored lower-cased so lookups use the index. Not
    # unique: without a confirmation step, uniqueness would let anyone claim someone else's
    # address first, and sign-up would tell who has an account (see accounts/resets.py).
    email = models.EmailField(_("email address"), blank=True, db_index=True)
    bio = models.TextField(max_length=500, blank=True)
    bio_language = models.CharField(max_length=16, blank=True)
    avatar = models.ForeignKey(
        "media.Photo", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    languages = models.JSONField(default=list, blank=True)
    reading_language = models.CharField(max_length=16, blank=True)
    # Show notes and comments already translated into reading_language (the original a tap away).
    auto_translate = models.BooleanField(default=False)
    is_private = models.BooleanField(default=False)
    # Topics chosen during onboarding: Discover leans toward them until likes say more.
    interests = models.JSONField(default=list, blank=True)
    onboarded_at = models.DateTimeField(null=True, blank=True)
    guidelines_accepted_at = models.DateTimeField(null=True, blank=True)
    # Bumped to end every session at once (log out everywhere, password change).
    session_generation = models.PositiveIntegerField(default=0)
    # Set by a moderator: until then the person can read but not post, comment or engage.
    suspended_until = models.DateTimeField(null=True, blank=True)
    follower_count = models.PositiveIntegerField(default=0)
    following_count = models.PositiveIntegerField(default=0)
    note_count = models.PositiveIntegerField(default=0)
    # The person asked for their account to be deleted (accounts.deletion): after the grace
    # period it is, unless they log in first. `deleted_at` marks the tombstone left after.
    deletion_requested_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = CrossnoteUserManager()

    class Meta:
        db_table = "accounts_user"
        constraints = [
            models.UniqueConstraint(fields=["username_skeleton"], name="unique_username_skeleton")
        ]
        indexes = [
            # The hourly sweep looks for requests past their grace period: few rows, so a
            # partial index keeps it cheap however many people there are.
            models.Index(
                fields=["deletion_requested_at"],
                condition=models.Q(deletion_requested_at__isnull=False),
                name="user_deletion_requested_idx",
            )
        ]

    def save(self, *args, **kwargs) -> None:
        key = username_key(self.username)
        if self._state.adding or key != self.username_key:
            self.username_skeleton = username_skeleton(self.username)
        self.username_key = key
        super().save(*args, **kwargs)

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django ends sessions whose stored hash no longer matches; mixing in the generation
        # lets "log out everywhere" do that without touching the password.
        return salted_hmac(
            "crossnote.accounts.User.session",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def is_newcomer(self) -> bool:
        return self.date_joined > newcomers_joined_after(timezone.now())

    @property
    def shown_name(self) -> str:
        return self.display_name or self.username

    def __str__(self) -> str:
        return self.username


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored; the secret is shown once, at creation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=60)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()
