"""Web Push against a stand-in push service on loopback: the subscription is checked and
stored, a notification is encrypted to the browser's keys (which the test holds, as a
browser would, and decrypts with) and signed with VAPID; 410 Gone removes it."""

from __future__ import annotations

import base64
import json
import os
import time
from collections.abc import Iterator
from typing import Any

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.test import Client

from crossnote.live import push
from crossnote.live.models import PushSubscription
from tests.live.push_service import PushService


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


class Browser:
    """What PushManager.subscribe makes: an ECDH key pair and an auth secret."""

    def __init__(self, endpoint: str) -> None:
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = endpoint

    def subscription(self) -> dict:
        point = self.private_key.public_key().public_bytes(
            Encoding.X962, PublicFormat.UncompressedPoint
        )
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64(point), "auth": b64(self.auth)}}

    def decrypt(self, body: bytes) -> dict:
        plain = http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)


@pytest.fixture
def service(settings: Any) -> Iterator[PushService]:
    settings.CROSSNOTE_PUSH_ALLOW_HTTP = True
    running = PushService()
    yield running
    running.close()


def _web(user: Any, language: str = "en") -> Client:
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def _subscribe(client: Client, body: Any) -> Any:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post("/push/subscriptions", data, content_type="application/json")


def _check_vapid(headers: dict[str, str], audience: str) -> None:
    """RFC 8292: `vapid t=<JWT signed ES256 by the server's key>, k=<that public key>`."""
    scheme, _space, params = headers["authorization"].partition(" ")
    assert scheme == "vapid"
    fields = dict(p.strip().split("=", 1) for p in params.split(","))
    assert fields["k"] == push.public_key()
    head, claims, signature = fields["t"].split(".")
    raw = unb64(signature)
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(fields["k"]))
    der = encode_dss_signature(int.from_bytes(raw[:32]), int.from_bytes(raw[32:]))
    public.verify(der, f"{head}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))  # raises if bad
    assert json.loads(unb64(head))["alg"] == "ES256"
    body = json.loads(unb64(claims))
    assert body["aud"] == audience and body["sub"] == "mailto:crossnote@localhost"
    assert time.time() < body["exp"] <= time.time() + 24 * 3600


def test_a_like_is_pushed_encrypted_and_signed(
    make_user: Any, post_note: Any, service: PushService
) -> None:
    anna, anna_api = make_user("anna")
    note = post_note(anna_api)
    phone = Browser(f"{service.origin}/push/anna-phone")
    laptop = Browser(f"{service.origin}/push/anna-laptop")
    assert _subscribe(_web(anna), phone.subscription()).status_code == 201
    assert _subscribe(_web(anna, "zh-hans"), laptop.subscription()).status_code == 201
    make_user("bo", display_name="Bo")[1].post(f"/notes/{note['id']}/like")

    by_path = {d.path: d for d in service.deliveries}
    assert set(by_path) == {"/push/anna-phone", "/push/anna-laptop"}
    delivery = by_path["/push/anna-phone"]
    assert delivery.headers["content-encoding"] == "aes128gcm"
    assert delivery.headers["ttl"] == "86400"
    _check_vapid(delivery.headers, service.origin)
    assert b"liked" not in delivery.body  # encrypted
    assert phone.decrypt(delivery.body) == {
        "title": "Crossnote",
        "body": "Bo liked your note",
        "url": "/notifications",
        "tag": f"notification-like-{note['id']}",
    }
    # Each device in the language it subscribed in; nobody else can read it.
    assert laptop.decrypt(by_path["/push/anna-laptop"].body)["body"] == "Bo 赞了你的笔记"
    with pytest.raises(Exception):  # noqa: B017 - any decryption failure
        laptop.decrypt(delivery.body)
    assert PushSubscription.objects.filter(last_sent_at__isnull=False).count() == 2


def test_gone_removes_the_subscription_and_other_failures_keep_it(
    make_user: Any, post_note: Any, service: PushService
) -> None:
    anna, anna_api = make_user("anna")
    note = post_note(anna_api)
    service.answers = {"/gone": 410, "/missing": 404, "/broken": 500}
    for path in ("/gone", "/missing", "/broken", "/fine"):
        assert (
            _subscribe(_web(anna), Browser(service.origin + path).subscription()).status_code == 201
        )
    make_user("bo")[1].post(f"/notes/{note['id']}/like")
    assert len(service.deliveries) == 4
    remaining = PushSubscription.objects.values_list("endpoint", flat=True)
    assert sorted(remaining) == [service.origin + "/broken", service.origin + "/fine"]
    # A push service that does not answer at all does not fail the like either.
    service.close()
    assert make_user("cy")[1].post(f"/notes/{note['id']}/like").status_code == 200


def test_no_subscription_no_push_and_the_owner_only(
    make_user: Any, post_note: Any, service: PushService
) -> None:
    _anna, anna_api = make_user("anna")
    bo, bo_api = make_user("bo")
    _subscribe(_web(bo), Browser(f"{service.origin}/bo").subscription())
    note = post_note(anna_api)
    bo_api.post(f"/notes/{note['id']}/like")  # anna has no subscription: nothing sent
    assert service.deliveries == []


def test_subscribing_again_updates_and_unsubscribing_removes(
    make_user: Any, service: PushService
) -> None:
    anna, _ = make_user("anna")
    bo, _ = make_user("bo")
    browser = Browser(f"{service.origin}/shared")
    assert _subscribe(_web(anna), browser.subscription()).status_code == 201
    assert _subscribe(_web(bo), browser.subscription()).status_code == 201  # a shared browser
    assert list(PushSubscription.objects.values_list("user__username", flat=True)) == ["bo"]
    delete = _web(anna).post(
        "/push/subscriptions/delete",
        {"endpoint": browser.endpoint},
        content_type="application/json",
    )
    assert delete.json() == {"removed": 0}  # not anna's any more
    delete = _web(bo).post(
        "/push/subscriptions/delete",
        {"endpoint": browser.endpoint},
        content_type="application/json",
    )
    assert delete.json() == {"removed": 1} and not PushSubscription.objects.exists()


def test_at_most_ten_devices_each(make_user: Any, service: PushService) -> None:
    anna, _ = make_user("anna")
    for i in range(12):
        _subscribe(_web(anna), Browser(f"{service.origin}/d{i}").subscription())
    endpoints = set(PushSubscription.objects.values_list("endpoint", flat=True))
    assert len(endpoints) == 10 and f"{service.origin}/d11" in endpoints
    assert f"{service.origin}/d0" not in endpoints


GOOD = Browser("https://push.example.net/x").subscription()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("not json", "invalid_json"),
        ("[1, 2]", "invalid_json"),
        ({}, "invalid_subscription"),
        ({"endpoint": GOOD["endpoint"]}, "invalid_subscription"),
        ({**GOOD, "endpoint": "http://push.example.net/x"}, "invalid_subscription"),
        ({**GOOD, "endpoint": "https://10.0.0.7/x"}, "invalid_subscription"),
        ({**GOOD, "endpoint": "https://127.0.0.1/x"}, "invalid_subscription"),
        ({**GOOD, "endpoint": "javascript:alert(1)"}, "invalid_subscription"),
        ({**GOOD, "endpoint": "https://push.example.net/" + "x" * 1000}, "invalid_subscription"),
        ({**GOOD, "endpoint": 5}, "invalid_subscription"),
        ({**GOOD, "keys": {**GOOD["keys"], "p256dh": "short"}}, "invalid_subscription"),
        ({**GOOD, "keys": {**GOOD["keys"], "p256dh": "!!not base64!!"}}, "invalid_subscription"),
        ({**GOOD, "keys": {**GOOD["keys"], "auth": b64(b"x" * 15)}}, "invalid_subscription"),
        ({**GOOD, "keys": {**GOOD["keys"], "auth": None}}, "invalid_subscription"),
        ({**GOOD, "keys": "p256dh"}, "invalid_subscription"),
    ],
)
def test_bad_subscriptions_are_refused_with_a_reason(make_user: Any, body: Any, code: str) -> None:
    anna, _ = make_user("anna")
    response = _subscribe(_web(anna), body)
    assert response.status_code == 400
    assert response.json()["error"] == code and response.json()["message"]
    assert not PushSubscription.objects.exists()


def test_a_good_https_subscription_is_kept(make_user: Any) -> None:
    anna, _ = make_user("anna")
    assert _subscribe(_web(anna), GOOD).status_code == 201


def test_push_needs_a_session(db: Any) -> None:
    assert _subscribe(Client(), GOOD).status_code == 401
    deleted = Client().post("/push/subscriptions/delete", "{}", content_type="application/json")
    assert deleted.status_code == 401
    assert Client().get("/push/subscriptions").status_code == 405
    key = Client().get("/push/key").json()["public_key"]
    assert len(unb64(key)) == 65 and unb64(key)[0] == 4


def test_the_vapid_key_is_made_once_and_a_setting_overrides_it(
    settings: Any, tmp_path: Any
) -> None:
    settings.DATA_DIR = tmp_path
    first = push.public_key()
    assert (tmp_path / "vapid_private.pem").stat().st_mode & 0o777 == 0o600
    push._vapid.cache_clear()  # a restart
    assert push.public_key() == first
    own = ec.generate_private_key(ec.SECP256R1())
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    pem = own.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()
    settings.CROSSNOTE_VAPID_PRIVATE_KEY = pem
    expected = own.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    assert push.public_key() == b64(expected)
    path = tmp_path / "mine.pem"
    path.write_text(pem)
    settings.CROSSNOTE_VAPID_PRIVATE_KEY = str(path)
    assert push.public_key() == b64(expected)
