"""Keys are kept 24 hours; this removes the older ones."""

from __future__ import annotations

from huey import crontab

from crossnote.core.tasks import periodic
from crossnote.idempotency.actions import do_forget_expired_keys


@periodic(crontab(minute="23"))
def forget_expired_keys() -> None:
    do_forget_expired_keys()
