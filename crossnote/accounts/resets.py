"""Password resets: a link by email, then a new password.

Asking (`check_request_password_reset`) takes a username or an email address and always
gets the same answer. Whom it names is looked up in a background task after that answer, so
neither the answer nor its timing tells whether an account exists. Accounts without an
address and deactivated (banned) accounts get nothing; several accounts may share an
address, and each gets its own link.

The link carries the account id (base64, as Django encodes it) and a token from Django's
PasswordResetTokenGenerator: an HMAC over the password hash, the last login and the email
address, so it stops working once the password (or the address) changes, and after
PASSWORD_RESET_TIMEOUT. Nothing about it is stored.

Using it (`check_password_reset`) sets the new password under the sign-up rules and, like a
password change, ends every session and revokes every API token. Both steps are limited per
account and per client address (moderation.limits: reset_request, reset_confirm).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from crossnote.accounts.actions import _check_password, check_email_address, do_change_password
from crossnote.accounts.models import User
from crossnote.accounts.queries import email_language
from crossnote.accounts.usernames import username_key
from crossnote.core.errors import InvalidInput
from crossnote.core.tasks import enqueue_on_commit
from crossnote.moderation.limits import check_rate

INVALID_LINK = gettext_lazy(
    "This password reset link does not work: it may have expired or been used already."
    " Ask for a new one."
)


def reset_link_parts(user: User) -> tuple[str, str]:
    """The (uid, token) pair a reset link for `user` carries."""
    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)


def _identifier_key(identifier: str) -> str:
    # What the per-account limit counts: the name or address as typed (folded), whether or
    # not it names anyone. Hashed, so the cache holds no addresses.
    folded = identifier.lower() if "@" in identifier else username_key(identifier)
    return hashlib.sha256(folded.encode()).hexdigest()[:32]


def check_request_password_reset(
    identifier: str, *, address: str = "", origin: str = "", language: str = ""
) -> None:
    """Ask for a reset link for the account with this username or email address.

    `origin` is where the link points (see core.clients.site_url); `language` the one the
    request was made in, used when the person has not said which they read. Returns the
    same whether or not such an account exists. Raises InvalidInput (missing_identifier,
    invalid_email) or RateLimited.
    """
    identifier = identifier.strip()
    if not identifier:
        raise InvalidInput(_("Enter your username or email address."), code="missing_identifier")
    if "@" in identifier:  # usernames never contain "@"
        identifier = check_email_address(identifier)
    check_rate("reset_request", account=_identifier_key(identifier), address=address)
    do_request_password_reset(identifier, origin, language)


def do_request_password_reset(identifier: str, origin: str, language: str) -> None:
    from crossnote.accounts import tasks

    enqueue_on_commit(tasks.send_password_reset, identifier, origin, language)


def send_reset_email(user: User, origin: str, fallback_language: str = "") -> None:
    """Send `user` a reset link, in their language. Called by the background task."""
    uid, token = reset_link_parts(user)
    base = settings.CROSSNOTE_SITE_URL or origin
    link = base + reverse("web:password_reset_confirm", args=[uid, token])
    hours = max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)
    with translation.override(email_language(user, fallback_language)):
        subject = _("Reset your Crossnote password")
        paragraphs = [
            _("Hello %(name)s,") % {"name": user.shown_name},
            _(
                "Someone, we hope you, asked to reset the password of the Crossnote account"
                " @%(username)s. To choose a new password, open this link:"
            )
            % {"username": user.username},
            link,
            ngettext(
                "The link works for %(hours)s hour, and only once.",
                "The link works for %(hours)s hours, and only once.",
                hours,
            )
            % {"hours": hours},
            _("If you did not ask for this, ignore this email: your password stays as it is."),
            "— Crossnote",
        ]
    send_mail(subject, "\n\n".join(paragraphs) + "\n", None, [user.email])


def _decode_uid(uid: str) -> int | None:
    try:
        value = urlsafe_base64_decode(uid).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def access_reset_link(uid: str, token: str, *, address: str = "") -> User:
    """The active person a reset link is for. Every look counts against the address's
    reset_confirm limit; a wrong link also counts against the account's, so guessing is
    bounded while a genuine link (an HMAC nobody can guess) is never refused because others
    guessed. RateLimited when over; a malformed, expired or used link, or one for a
    deactivated account, is InvalidInput(invalid_reset_link)."""
    check_rate("reset_confirm", address=address)
    pk = _decode_uid(uid)
    user = User.objects.filter(pk=pk, is_active=True).first() if pk is not None else None
    if user is None or not default_token_generator.check_token(user, token):
        if pk is not None:
            check_rate("reset_confirm", account=pk)
        raise InvalidInput(INVALID_LINK, code="invalid_reset_link")
    return user


def check_password_reset(uid: str, token: str, new_password: str, *, address: str = "") -> User:
    """Set a new password with a reset link's uid and token. Ends every session and revokes
    every API token of the account; the link then stops working. Raises InvalidInput
    (invalid_reset_link, weak_password) or RateLimited, changing nothing."""
    user = access_reset_link(uid, token, address=address)
    _check_password(new_password, user)
    do_change_password(user, new_password)
    return user
