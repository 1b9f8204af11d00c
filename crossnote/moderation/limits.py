"""Rate limits against spam and password guessing.

Fixed windows counted in the cache (one shared cache: Redis at scale, the single web
process's memory on a laptop — see `crossnote serve`). A limit that is exceeded raises
RateLimited, which every interface answers with 429, a Retry-After header and a message in
the person's language. New accounts get lower limits for their first days.

Written here rather than taken from django-ratelimit because the limits live in the actions
layer, which knows people and addresses but not requests.

When the cache (Redis) is down nothing can be counted. Logging in then fails closed, with
503 and Retry-After: unlimited password guessing is worse than a minute without logins.
Every other limit fails open: posting, signing up and reporting go on uncounted.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossnote.core.errors import CrossnoteError
from crossnote.core.outage import RedisUnavailable

log = logging.getLogger(__name__)

NEW_ACCOUNT_AGE = timedelta(days=3)


class RateLimited(CrossnoteError):
    status = 429
    code = "rate_limited"
    default_message = _("You are doing that too often. Please wait a little and try again.")

    def __init__(self, retry_after: int, message: str | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


HOUR = 3600
# action: (per account, per account while new, per client address)
LIMITS: dict[str, tuple[Limit, Limit, Limit]] = {
    "note": (Limit(30, HOUR), Limit(5, HOUR), Limit(60, HOUR)),
    "comment": (Limit(120, HOUR), Limit(30, HOUR), Limit(300, HOUR)),
    "login": (Limit(10, 900), Limit(10, 900), Limit(50, 900)),
    "signup": (Limit(0, HOUR), Limit(0, HOUR), Limit(10, HOUR)),
    "report": (Limit(30, HOUR), Limit(10, HOUR), Limit(60, HOUR)),
    # Asking for a reset link: counted per username or address as typed, whether or not it
    # names an account (so the 429 tells nothing), which also caps the emails one inbox gets.
    "reset_request": (Limit(5, HOUR), Limit(5, HOUR), Limit(20, HOUR)),
    # Using a reset link (token guessing): per account the link names, and per address.
    "reset_confirm": (Limit(10, HOUR), Limit(10, HOUR), Limit(30, HOUR)),
    # Direct messages: starting a conversation (or a message request) is what spammers do
    # most, so it is counted on its own and held lower for new accounts.
    "conversation": (Limit(30, HOUR), Limit(5, HOUR), Limit(60, HOUR)),
    "message": (Limit(600, HOUR), Limit(60, HOUR), Limit(1200, HOUR)),
}
MESSAGES = {
    "note": _("You have posted a lot of notes in the last hour. Please wait before posting again."),
    "comment": _("You have written a lot of comments in the last hour. Please wait a little."),
    "login": _("Too many attempts to log in. Please wait a few minutes and try again."),
    "signup": _("Too many new accounts from this network. Please try again later."),
    "report": _("You have sent many reports in the last hour. Our moderators will look at them."),
    "reset_request": _("Too many password reset requests. Please wait an hour and try again."),
    "reset_confirm": _("Too many attempts to set a new password. Please wait and try again later."),
    "conversation": _(
        "You have started many conversations in the last hour. Please wait a little."
    ),
    "message": _("You have sent a lot of messages in the last hour. Please wait a little."),
}


# Actions refused while their attempts cannot be counted (see the module's docstring).
FAIL_CLOSED = frozenset({"login"})
UNAVAILABLE_MESSAGES = {
    "login": _(
        "Logging in is paused for a moment while we fix a problem on our side."
        " Please try again in a minute."
    ),
}


class CountingUnavailable(CrossnoteError):
    status = 503
    code = "temporarily_unavailable"

    def __init__(self, retry_after: int, message: str | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)


def _hit(scope: str, key: str, limit: Limit) -> int | None:
    """Count one more; the seconds to wait if that is one too many, else None."""
    if limit.count <= 0:
        return None
    now = time.time()
    window = int(now // limit.seconds)
    name = f"rl:{scope}:{key}:{window}"
    cache.add(name, 0, limit.seconds + 5)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr: this is the window's first hit
        cache.set(name, 1, limit.seconds + 5)
        count = 1
    if count > limit.count:
        return max(1, int(limit.seconds - now % limit.seconds))
    return None


def is_new(user: object) -> bool:
    joined = getattr(user, "date_joined", None)
    return joined is not None and timezone.now() - joined < NEW_ACCOUNT_AGE


def check_rate(
    action: str, *, account: str | int | None = None, new_account: bool = False, address: str = ""
) -> None:
    """Count `action` for the account and the client address; RateLimited when over.
    CountingUnavailable (503) for a FAIL_CLOSED action while the cache is down."""
    if not settings.CROSSNOTE_RATE_LIMITS:
        return
    per_account, per_new_account, per_address = LIMITS[action]
    waits = []
    try:
        if account is not None:
            limit = per_new_account if new_account else per_account
            waits.append(_hit(action, f"a:{account}", limit))
        if address:
            waits.append(_hit(action, f"ip:{address}", per_address))
    except RedisUnavailable as exc:
        if action in FAIL_CLOSED:
            raise CountingUnavailable(exc.retry_after, str(UNAVAILABLE_MESSAGES[action])) from exc
        log.warning("Rate limit %r not counted: the cache is unavailable", action)
        return
    wait = max((w for w in waits if w), default=None)
    if wait:
        raise RateLimited(wait, str(MESSAGES[action]))
