"""Abuse limits fire end to end: 429, Retry-After, a message in the person's language."""

from datetime import timedelta

import pytest
from django.utils import timezone

from crossnote.accounts.models import User
from crossnote.notes.models import Note
from tests import images
from tests.conftest import PASSWORD


@pytest.fixture
def limits_on(settings):
    settings.CROSSNOTE_RATE_LIMITS = True


def _post(client, i):
    return client.call(
        "POST", "/notes", data={"title": f"n{i}", "images": [images.upload(images.jpeg())]}
    )


def test_a_new_account_posts_five_notes_an_hour(make_user, limits_on):
    _anna, anna = make_user("anna")
    assert [_post(anna, i).status_code for i in range(5)] == [201] * 5
    refused = _post(anna, 5)
    assert refused.status_code == 429 and refused.json()["error"] == "rate_limited"
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "notes" in refused.json()["message"]
    assert Note.objects.count() == 5


def test_an_older_account_may_post_more(make_user, limits_on):
    anna_user, anna = make_user("anna")
    User.objects.filter(pk=anna_user.pk).update(date_joined=timezone.now() - timedelta(days=10))
    assert [_post(anna, i).status_code for i in range(7)] == [201] * 7


def test_a_new_account_writes_thirty_comments_an_hour_in_its_language(
    make_user, post_note, limits_on, settings
):
    settings.CROSSNOTE_RATE_LIMITS = False
    _mei, mei = make_user("mei")
    note = post_note(mei)
    settings.CROSSNOTE_RATE_LIMITS = True
    _bo, bo = make_user("bo")
    for i in range(30):
        assert bo.post(f"/notes/{note['id']}/comments", {"body": f"hi {i}"}).status_code == 201
    refused = bo.call(
        "POST",
        f"/notes/{note['id']}/comments",
        json_body={"body": "one more"},
        headers={"Accept-Language": "zh-CN"},
    )
    assert refused.status_code == 429 and refused["Retry-After"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.json()["message"])


def test_login_attempts_are_limited_per_account_even_with_the_right_password(
    api, make_user, limits_on
):
    make_user("anna")
    make_user("bo")
    for _ in range(10):
        api.post("/auth/token", {"username": "anna", "password": "wrong wrong wrong"})
    right = api.post("/auth/token", {"username": "ANNA", "password": PASSWORD})
    assert right.status_code == 429 and right["Retry-After"]
    assert api.post("/auth/token", {"username": "bo", "password": PASSWORD}).status_code == 201


def test_login_attempts_are_limited_per_address_across_accounts(
    client, make_user, limits_on, settings
):
    for i in range(50):
        client.post(
            "/login", {"username": f"nobody{i}", "password": "x"}, REMOTE_ADDR="203.0.113.9"
        )
    make_user("anna")
    refused = client.post(
        "/login", {"username": "anna", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert refused.status_code == 429 and refused["Retry-After"]
    other = client.post(
        "/login", {"username": "anna", "password": PASSWORD}, REMOTE_ADDR="203.0.113.10"
    )
    assert other.status_code == 302


def test_forwarded_for_is_believed_only_from_trusted_proxies(
    client, make_user, limits_on, settings
):
    make_user("anna")
    for i in range(50):  # an untrusted client cannot dodge the limit by inventing addresses
        client.post(
            "/login",
            {"username": f"x{i}", "password": "x"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{i}",
        )
    assert (
        client.post(
            "/login",
            {"username": "anna", "password": PASSWORD},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR="10.9.9.9",
        ).status_code
        == 429
    )
    settings.CROSSNOTE_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    from crossnote.core.clients import _trusted

    _trusted.cache_clear()
    for i in range(50):  # behind our proxy, each client is its own address
        client.post(
            "/login",
            {"username": f"y{i}", "password": "x"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="192.0.2.1, 10.1.1.1",
        )
    blocked = client.post(
        "/login",
        {"username": "anna", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.1, 10.1.1.1",
    )
    assert blocked.status_code == 429
    fine = client.post(
        "/login",
        {"username": "anna", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.2, 10.1.1.1",
    )
    assert fine.status_code == 302


def test_signups_are_limited_per_address(api, limits_on):
    codes = [
        api.post("/auth/signup", {"username": f"new{i}", "password": PASSWORD}).status_code
        for i in range(11)
    ]
    assert codes == [201] * 10 + [429]
