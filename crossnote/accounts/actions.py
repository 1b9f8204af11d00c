"""Writes for accounts: sign-up, passwords, sessions, tokens and profiles."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossnote.accounts.models import ApiToken, User
from crossnote.accounts.usernames import normalize_username, username_key, username_skeleton
from crossnote.core.errors import Conflict, InvalidInput, NotFound
from crossnote.core.tasks import enqueue_on_commit
from crossnote.core.text import clean_text
from crossnote.moderation.permissions import ensure_can_act
from crossnote.translation.detection import detect_language, language_hint
from crossnote.translation.languages import SPOKEN_LANGUAGES, parse_language_tag

MAX_TOKENS_PER_USER = 50


def _check_password(password: str, user: User | None = None) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), code="weak_password") from None


def check_email_address(value: str) -> str:
    """`value` as stored (trimmed, lower-cased), or "" for none. InvalidInput if malformed."""
    email = value.strip().lower()
    if not email:
        return ""
    try:
        if len(email) > 254:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        raise InvalidInput(_("That is not a valid email address."), code="invalid_email") from None
    return email


def _check_languages(languages: Iterable[str]) -> list[str]:
    """BCP 47 tags as people write them (zh-CN, EN-gb…) → our codes, without repeats."""
    chosen = []
    for tag in languages:
        code = parse_language_tag(str(tag), SPOKEN_LANGUAGES, error_code="invalid_language")
        if code not in chosen:
            chosen.append(code)
    return chosen


def check_interests(interests: Iterable[str]) -> list[str]:
    from crossnote.notes.models import Topic

    chosen: list[str] = []
    for topic in interests:
        if topic not in Topic.values:
            raise InvalidInput(_("Choose topics from the list."), code="invalid_topic")
        if topic not in chosen:
            chosen.append(topic)
    return chosen


def check_signup(
    username: str,
    password: str,
    display_name: str = "",
    languages: Iterable[str] = (),
    address: str = "",
    email: str = "",
) -> User:
    """Validate and create an account. Raises InvalidInput / Conflict with a reason."""
    from crossnote.moderation.limits import check_rate

    check_rate("signup", address=address)
    name = normalize_username(username)
    langs = _check_languages(languages)
    email = check_email_address(email)
    candidate = User(username=name, display_name=display_name)
    _check_password(password, candidate)
    _check_username_free(name)
    return do_signup(name, password, clean_text(display_name)[:40], langs, email)


def do_signup(
    username: str, password: str, display_name: str, languages: list[str], email: str = ""
) -> User:
    user = User(username=username, display_name=display_name, languages=languages, email=email)
    if languages:
        user.reading_language = languages[0]
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # Two sign-ups raced for the same name (or two look-alikes); the loser hears it plainly.
        _check_username_free(username)
        raise
    return user


def _check_username_free(name: str) -> None:
    """Conflict if `name`, or a name that looks like it (the same TR39 skeleton), is taken."""
    if User.objects.filter(username_key=username_key(name)).exists():
        raise Conflict(_("That username is taken."), code="username_taken")
    if User.objects.filter(username_skeleton=username_skeleton(name)).exists():
        raise Conflict(
            _(
                "That username looks like one that is taken: it differs only by characters "
                "that look alike (such as a Cyrillic “а” for a Latin “a”). Choose another."
            ),
            code="username_look_alike",
        )


def check_change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise InvalidInput(_("Your current password is not right."), code="wrong_password")
    _check_password(new, user)
    do_change_password(user, new)


def do_change_password(user: User, new: str) -> None:
    """Set a new password, ending every session and revoking every API token."""
    with transaction.atomic():
        user.set_password(new)
        user.session_generation = F("session_generation") + 1
        user.save(update_fields=["password", "session_generation"])
        user.refresh_from_db(fields=["session_generation"])
        ApiToken.objects.filter(user=user).delete()


def check_change_email(user: User, email: str, current_password: str) -> User:
    """Set (or, with "", remove) the address password resets are sent to.

    A new address needs the current password: otherwise a stolen session or token could
    point resets at the thief's mailbox and keep the account for good. Sending the address
    it already has is a no-op and needs nothing. Raises InvalidInput (invalid_email,
    wrong_password).
    """
    email = check_email_address(email)
    if email == user.email:
        return user
    if not user.check_password(current_password):
        raise InvalidInput(
            _("Enter your current password to change your email address."), code="wrong_password"
        )
    return do_change_email(user, email)


def do_change_email(user: User, email: str) -> User:
    """Store `email` (already checked). Any reset link sent before stops working."""
    user.email = email
    user.save(update_fields=["email"])
    return user


def do_logout_everywhere(user: User) -> None:
    """End every session and revoke every API token of `user`."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
        ApiToken.objects.filter(user=user).delete()
    user.refresh_from_db(fields=["session_generation"])


def do_create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token and its secret; the secret cannot be seen again."""
    name = clean_text(name)[:60] or "API token"
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise Conflict(_("You have too many API tokens. Revoke one first."), code="too_many_tokens")
    raw = "cn_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=ApiToken.hash_key(raw), prefix=raw[:10]
    )
    return token, raw


def do_revoke_token(user: User, token_id: int) -> None:
    deleted, _rows = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise NotFound(_("No such token."))


def do_revoke_token_secret(raw: str) -> None:
    """Revoke the token whose secret is `raw` (logging out of one API client)."""
    ApiToken.objects.filter(key_hash=ApiToken.hash_key(raw)).delete()


def check_login(username: str, password: str, address: str = "") -> User | None:
    """The active person with this username and password, or None. Attempts are limited
    per account and per address, right or wrong, so guessing is slow everywhere. A pending
    account deletion is cancelled, and the user returned carries `deletion_cancelled`."""
    from django.contrib.auth import authenticate

    from crossnote.accounts.deletion import cancel_on_login
    from crossnote.moderation.limits import check_rate

    check_rate("login", account=username_key(username)[:90], address=address)
    user = authenticate(username=username, password=password)
    if user is not None and user.deletion_requested_at is not None:
        # Logging in within the grace period cancels a deletion; the interfaces say so.
        user.deletion_cancelled = cancel_on_login(user)
        if not user.deletion_cancelled:
            return None  # erasing has begun: there is no account to log in to any more
    return user


# One raw statement rather than a queryset: the token is resolved on every API request,
# and compiling the equivalent ORM query cost more than running it. `token_stale` says
# whether last_used_at is due for a write (see user_for_token).
_USER_BY_KEY_HASH_SQL = (
    "SELECT u.*, t.id AS token_id,"
    " (t.last_used_at IS NULL OR t.last_used_at < %s) AS token_stale"
    " FROM accounts_apitoken t JOIN accounts_user u ON u.id = t.user_id"
    " WHERE t.key_hash = %s AND u.is_active"
)
TOKEN_USE_WRITE_SECONDS = 300


def user_for_token(raw: str) -> User | None:
    """The active user a bearer token belongs to, recording when it was last used.

    Looked up in the database on every request, never cached: a revoked token (its row
    deleted) or a banned person stops working at once."""
    now = timezone.now()
    stale_before = connection.ops.adapt_datetimefield_value(
        now - timedelta(seconds=TOKEN_USE_WRITE_SECONDS)
    )
    found = list(User.objects.raw(_USER_BY_KEY_HASH_SQL, [stale_before, ApiToken.hash_key(raw)]))
    if not found:
        return None
    user = found[0]
    # Writing on every request would serialise readers behind SQLite's one writer.
    if user.token_stale:
        ApiToken.objects.filter(pk=user.token_id).update(last_used_at=now)
    return user


PROFILE_FIELDS = (
    "display_name",
    "bio",
    "languages",
    "reading_language",
    "is_private",
    "auto_translate",
    "interests",
)


def check_update_profile(user: User, current_password: str = "", **changes: object) -> User:
    """Profile changes and, when `email` is among them, a new email address (which needs
    the current password, see check_change_email): all of them or, on an error, none."""
    email = changes.pop("email", None)
    with transaction.atomic():
        if email is not None:
            check_change_email(user, str(email), current_password)
        return do_update_profile(user, **changes)


PUBLIC_PROFILE_FIELDS = ("display_name", "bio")


def do_update_profile(user: User, **changes: object) -> User:
    """Change profile fields; unknown fields are a programming error, bad values an InvalidInput.
    Changing the public text (display name, bio) is Forbidden while suspended, as posting
    is; settings that only protect or concern the person (private account, languages,
    translation, topics) stay open, like blocking and muting."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not profile fields: {sorted(unknown)}")
    if any(
        field in changes and clean_text(str(changes[field])) != getattr(user, field)
        for field in PUBLIC_PROFILE_FIELDS
    ):
        ensure_can_act(user)
    if "display_name" in changes:
        user.display_name = clean_text(str(changes["display_name"]))
        if len(user.display_name) > 40:
            raise InvalidInput(
                _("A display name has at most 40 characters."), code="display_name_too_long"
            )
    if "bio" in changes:
        user.bio = clean_text(str(changes["bio"]))
        if len(user.bio) > 500:
            raise InvalidInput(_("A bio has at most 500 characters."), code="bio_too_long")
        user.bio_language = detect_language(user.bio, language_hint(user))
    if "languages" in changes:
        user.languages = _check_languages(changes["languages"])  # type: ignore[arg-type]
    if "reading_language" in changes:
        value = str(changes["reading_language"] or "")
        user.reading_language = _check_languages([value])[0] if value else ""
    if "interests" in changes:
        user.interests = check_interests(changes["interests"])  # type: ignore[arg-type]
    if "is_private" in changes:
        user.is_private = bool(changes["is_private"])
    if "auto_translate" in changes:
        user.auto_translate = bool(changes["auto_translate"])
    fields = [*changes, "bio_language"] if "bio" in changes else list(changes)
    user.save(update_fields=fields)
    return user


def check_set_avatar(user: User, stream: object, size: int) -> int:
    """Store a new avatar photo for processing; it replaces the old one once ready.
    Returns the new photo's id. Forbidden while suspended."""
    from crossnote.accounts import tasks
    from crossnote.media.actions import StoredFiles, store_originals
    from crossnote.media.inspect import inspect_upload

    ensure_can_act(user)
    info = inspect_upload(stream, size)  # type: ignore[arg-type]
    written = StoredFiles()
    try:
        with transaction.atomic():
            (photo,) = store_originals(user, [(stream, info)], written)  # type: ignore[list-item]
            enqueue_on_commit(tasks.process_avatar, user.pk, photo.pk)
    except BaseException:
        written.discard()
        raise
    return photo.pk
