"""Web Push: a notification reaches the person's phone or desktop when no page is open.

- VAPID keys: CROSSNOTE_VAPID_PRIVATE_KEY (a PEM, or a file path to one) if set, else one
  generated on first use and kept in DATA_DIR/vapid_private.pem (mode 0600), so every
  process and restart signs with the same key (browsers bind a subscription to it).
- `check_subscribe` stores what PushManager.subscribe returned (after checking it);
  `do_unsubscribe` forgets it.
- `send_push(user_id, notification_id)` (a background task, queued by notifications.live)
  encrypts a short message to each of the person's subscriptions (RFC 8291, aes128gcm) and
  POSTs it with a VAPID signature (RFC 8292) through pywebpush. A 404 or 410 from the push
  service means the browser dropped the subscription: it is deleted.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import logging
import os
import threading
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossnote.core.errors import InvalidInput
from crossnote.core.tasks import background
from crossnote.live.models import PushSubscription

log = logging.getLogger(__name__)
MAX_SUBSCRIPTIONS = 10  # per person: a new device beyond that replaces the oldest
_key_lock = threading.Lock()


class InvalidSubscription(InvalidInput):
    code = "invalid_subscription"
    default_message = gettext_lazy("This browser's push subscription could not be read.")


def _b64decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@cache
def _vapid(configured: str, data_dir: str):  # type: ignore[no-untyped-def]
    from py_vapid import Vapid02

    if configured:
        path = Path(configured)
        pem = path.read_bytes() if not configured.lstrip().startswith("-----") else None
        return Vapid02.from_pem(pem or configured.encode())
    path = Path(data_dir) / "vapid_private.pem"
    with _key_lock:
        if not path.exists():
            key = Vapid02()
            key.generate_keys()
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written whole under a temporary name, then renamed: two processes starting at
            # once never read half a key (the last rename wins; both keys are valid PEMs).
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(key.private_pem())
            if not path.exists():
                tmp.replace(path)
            else:
                tmp.unlink()
        return Vapid02.from_pem(path.read_bytes())


def vapid_key():  # type: ignore[no-untyped-def]
    """The server's VAPID key pair (py_vapid.Vapid02)."""
    return _vapid(settings.CROSSNOTE_VAPID_PRIVATE_KEY, str(settings.DATA_DIR))


def public_key() -> str:
    """The applicationServerKey a browser subscribes with: the raw P-256 point, base64url."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = vapid_key().public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return _b64encode(raw)


def _check_endpoint(endpoint: object) -> str:
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > 1000:
        raise InvalidSubscription(_("The push subscription has no valid address."))
    parts = urlsplit(endpoint)
    insecure_allowed = settings.CROSSNOTE_PUSH_ALLOW_HTTP
    if parts.scheme != "https" and not (insecure_allowed and parts.scheme == "http"):
        raise InvalidSubscription(_("A push subscription's address must start with https://."))
    host = parts.hostname or ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    # The server will POST to this address: never to its own network (real push services
    # have public names), unless a test's stand-in service on loopback is allowed.
    if not host or (address is not None and not address.is_global and not insecure_allowed):
        raise InvalidSubscription(_("That push subscription's address is not a push service."))
    return endpoint


def _check_key(value: object, size: int, what: str) -> str:
    try:
        raw = _b64decode(value) if isinstance(value, str) and len(value) < 200 else b""
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != size or (what == "p256dh" and raw[0] != 4):
        raise InvalidSubscription(
            _("The push subscription's %(key)s key is not valid.") % {"key": what}
        )
    return value  # type: ignore[return-value]


def check_subscribe(user, subscription: object, language: str) -> PushSubscription:  # type: ignore[no-untyped-def]
    """Store `subscription` (PushSubscription.toJSON(): endpoint and keys p256dh, auth) for
    `user`. Raises InvalidSubscription for anything else. The same endpoint subscribed
    again (or by someone else on a shared browser) moves to `user` with the new keys."""
    if not isinstance(subscription, dict) or not isinstance(subscription.get("keys"), dict):
        raise InvalidSubscription()
    endpoint = _check_endpoint(subscription.get("endpoint"))
    keys = subscription["keys"]
    p256dh = _check_key(keys.get("p256dh"), 65, "p256dh")
    auth = _check_key(keys.get("auth"), 16, "auth")
    row, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"user": user, "p256dh": p256dh, "auth": auth, "language": language[:16]},
    )
    extra = PushSubscription.objects.filter(user=user).order_by("-created_at", "-id")
    PushSubscription.objects.filter(
        pk__in=list(extra.values_list("pk", flat=True)[MAX_SUBSCRIPTIONS:])
    ).delete()
    return row


def do_unsubscribe(user, endpoint: str) -> int:  # type: ignore[no-untyped-def]
    """Forget `user`'s subscription at `endpoint`. Returns how many were removed (0 or 1)."""
    return PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()[0]


def _message(notification) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from crossnote.notifications.grouping import kind_phrase

    name = notification.actor.shown_name
    return {
        "title": "Crossnote",
        "body": f"{name} {kind_phrase(notification.kind)}",
        "url": "/notifications",
        "tag": f"notification-{notification.kind}-{notification.note_id or 0}",
    }


@background()
def send_push(user_id: int, notification_id: int) -> None:
    """Push notification `notification_id` to every subscription of `user_id`."""
    from pywebpush import WebPushException, webpush

    from crossnote.notifications.models import Notification

    notification = Notification.objects.select_related("actor").filter(pk=notification_id).first()
    if notification is None:
        return
    for row in PushSubscription.objects.filter(user_id=user_id):
        with translation.override(row.language):
            payload = json.dumps(_message(notification), ensure_ascii=False)
        audience = "{0.scheme}://{0.netloc}".format(urlsplit(row.endpoint))
        try:
            webpush(
                {"endpoint": row.endpoint, "keys": {"p256dh": row.p256dh, "auth": row.auth}},
                data=payload,
                vapid_private_key=vapid_key(),
                vapid_claims={"sub": settings.CROSSNOTE_VAPID_SUBJECT, "aud": audience},
                ttl=settings.CROSSNOTE_PUSH_TTL_SECONDS,
                timeout=settings.CROSSNOTE_PUSH_TIMEOUT_SECONDS,
            )
        except WebPushException as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status in (404, 410):
                row.delete()  # the browser unsubscribed, or the subscription expired
            else:
                log.warning("push to %s failed: %s", audience, exc)
            continue
        except Exception as exc:  # a push service that does not answer: try the others
            log.warning("push to %s failed: %s", audience, exc)
            continue
        PushSubscription.objects.filter(pk=row.pk).update(last_sent_at=timezone.now())
