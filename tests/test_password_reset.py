"""Forgot your password: email addresses, the reset link by email, the new password, and
the limits on asking and on guessing, through the API and the web UI."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from crossnote.accounts.models import ApiToken, User
from tests.conftest import PASSWORD

NEW_PASSWORD = "a brand new passphrase 42"
LINK = re.compile(r"https?://[^/\s]+/password-reset/([^/\s]+)/([^/\s]+)")


@pytest.fixture
def limits_on(settings: Any) -> None:
    settings.CROSSNOTE_RATE_LIMITS = True


@pytest.fixture
def anna(make_user: Any) -> tuple[User, Any]:
    return make_user("anna", email="Anna@Example.com", current_password=PASSWORD)


def _link(message: Any) -> tuple[str, str]:
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(1), found.group(2)


def _logs_in(api: Any, username: str, password: str) -> bool:
    return api.post("/auth/token", {"username": username, "password": password}).status_code == 201


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _assert_error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    assert response.json()["error"] == code and response.json()["message"]


# --- Email addresses -----------------------------------------------------------------------


def test_an_email_address_is_optional_at_sign_up_and_stored_lower_cased(api):
    plain = api.post("/auth/signup", {"username": "bo", "password": PASSWORD})
    assert plain.status_code == 201 and plain.json()["user"]["email"] == ""
    made = api.post(
        "/auth/signup", {"username": "mei", "password": PASSWORD, "email": " Mei@Example.COM "}
    )
    assert made.status_code == 201
    assert made.json()["user"]["email"] == "mei@example.com"
    assert User.objects.get(username="mei").email == "mei@example.com"


@pytest.mark.parametrize("bad", ["mei", "mei@", "@example.com", "mei@exa mple.com", "a@b"])
def test_a_malformed_address_refuses_the_sign_up(api, bad):
    response = api.post("/auth/signup", {"username": "mei", "password": PASSWORD, "email": bad})
    _assert_error(response, 400, "invalid_email")
    assert not User.objects.filter(username="mei").exists()


def test_the_web_sign_up_takes_an_address_and_explains_a_bad_one(client, db):
    bad = client.post("/signup", {"username": "mei", "password": PASSWORD, "email": "nope"})
    assert bad.status_code == 400 and "not a valid email address" in bad.content.decode()
    assert not User.objects.filter(username="mei").exists()
    good = client.post("/signup", {"username": "mei", "password": PASSWORD, "email": "m@x.org"})
    assert good.status_code == 302
    assert User.objects.get(username="mei").email == "m@x.org"


def test_changing_the_address_needs_the_current_password_and_is_all_or_nothing(make_user):
    user, anna = make_user("anna")
    _assert_error(anna.patch("/me", {"email": "anna@example.com"}), 400, "wrong_password")
    wrong = anna.patch("/me", {"email": "anna@example.com", "current_password": "guess"})
    _assert_error(wrong, 400, "wrong_password")
    # A bad field beside a good address: neither is stored.
    mixed = anna.patch(
        "/me",
        {"email": "anna@example.com", "current_password": PASSWORD, "display_name": "x" * 41},
    )
    _assert_error(mixed, 400, "display_name_too_long")
    _assert_error(
        anna.patch("/me", {"email": "anna@", "current_password": PASSWORD}), 400, "invalid_email"
    )
    user.refresh_from_db()
    assert user.email == ""
    ok = anna.patch("/me", {"email": "Anna@Example.com", "current_password": PASSWORD})
    assert ok.status_code == 200 and ok.json()["email"] == "anna@example.com"
    # Sending the same address back (a whole profile form) needs no password.
    assert anna.patch("/me", {"email": "anna@example.com", "bio": "hi"}).status_code == 200
    assert anna.get("/me").json()["email"] == "anna@example.com"
    cleared = anna.patch("/me", {"email": "", "current_password": PASSWORD})
    assert cleared.status_code == 200 and cleared.json()["email"] == ""


def test_the_address_is_only_shown_to_its_owner(anna, make_user):
    _bo, bo = make_user("bo")
    assert "email" not in bo.get("/users/anna").json()


def test_the_web_security_page_changes_the_address(client, make_user):
    user, _anna = make_user("anna")
    client.force_login(user)
    page = client.get("/settings/security")
    assert 'name="email"' in page.content.decode()
    refused = client.post("/settings/security", {"action": "email", "email": "a@example.com"})
    assert refused.status_code == 400 and "current password" in refused.content.decode()
    done = client.post(
        "/settings/security",
        {"action": "email", "email": "a@example.com", "current_password": PASSWORD},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.email == "a@example.com"


# --- The flow through the API --------------------------------------------------------------


def test_reset_by_username_through_the_api(api, anna, mailoutbox):
    user, anna_client = anna
    other_device = api.post("/auth/token", {"username": "anna", "password": PASSWORD}).json()
    response = api.post("/auth/password-reset", {"identifier": "ANNA"})
    assert response.status_code == 202 and response.json() == {"ok": True}
    (message,) = mailoutbox
    assert message.to == ["anna@example.com"]
    assert message.subject == "Reset your Crossnote password" and "@anna" in message.body
    uid, token = _link(message)

    done = api.post(
        "/auth/password-reset/confirm", {"uid": uid, "token": token, "new_password": NEW_PASSWORD}
    )
    assert done.status_code == 200 and done.json() == {"ok": True}
    # Every session and token has ended, like after a password change.
    assert ApiToken.objects.filter(user=user).count() == 0
    _assert_error(anna_client.get("/me"), 401, "not_authenticated")
    _assert_error(api.as_(other_device["token"]).get("/me"), 401, "not_authenticated")
    assert not _logs_in(api, "anna", PASSWORD)
    assert _logs_in(api, "anna", NEW_PASSWORD)
    # The link works once.
    again = api.post(
        "/auth/password-reset/confirm", {"uid": uid, "token": token, "new_password": PASSWORD}
    )
    _assert_error(again, 400, "invalid_reset_link")
    assert _logs_in(api, "anna", NEW_PASSWORD)


def test_reset_by_address_in_any_case_reaches_every_account_with_it(api, make_user, mailoutbox):
    make_user("anna", email="shared@example.com", current_password=PASSWORD)
    make_user("annashop", email="SHARED@example.com", current_password=PASSWORD)
    assert api.post("/auth/password-reset", {"identifier": "Shared@Example.COM"}).status_code == 202
    assert sorted(m.to[0] for m in mailoutbox) == ["shared@example.com"] * 2
    named = sorted(re.search(r"account @(\w+)", m.body).group(1) for m in mailoutbox)
    assert named == ["anna", "annashop"]


def test_no_account_enumeration(api, anna, make_user, mailoutbox):
    make_user("bo")  # no address
    banned, _ = make_user("zed", email="zed@example.com", current_password=PASSWORD)
    User.objects.filter(pk=banned.pk).update(is_active=False)
    answers = [
        api.post("/auth/password-reset", {"identifier": who})
        for who in ("anna", "ghost", "ghost@example.com", "bo", "zed", "zed@example.com")
    ]
    assert {(a.status_code, a.content) for a in answers} == {(202, b'{"ok":true}')}
    assert [m.to for m in mailoutbox] == [["anna@example.com"]]


def test_a_weak_new_password_is_refused_and_the_link_still_works(api, anna, mailoutbox):
    api.post("/auth/password-reset", {"identifier": "anna"})
    uid, token = _link(mailoutbox[0])
    weak_ones = [("short", "too short"), ("12345678901", "numeric"), ("password123", "common")]
    for weak, in_message in weak_ones:
        response = api.post(
            "/auth/password-reset/confirm", {"uid": uid, "token": token, "new_password": weak}
        )
        _assert_error(response, 400, "weak_password")
        assert in_message in response.json()["message"]
    assert _logs_in(api, "anna", PASSWORD)
    ok = api.post(
        "/auth/password-reset/confirm", {"uid": uid, "token": token, "new_password": NEW_PASSWORD}
    )
    assert ok.status_code == 200


def test_the_link_dies_when_the_password_or_address_changes_or_time_runs_out(
    api, anna, mailoutbox, settings
):
    _user, anna_client = anna
    body = {"identifier": "anna"}
    api.post("/auth/password-reset", body)
    uid, token = _link(mailoutbox[-1])
    anna_client.post(
        "/me/password", {"current_password": PASSWORD, "new_password": "another good phrase"}
    )
    confirm = {"uid": uid, "token": token, "new_password": NEW_PASSWORD}
    _assert_error(api.post("/auth/password-reset/confirm", confirm), 400, "invalid_reset_link")

    api.post("/auth/password-reset", body)
    uid, token = _link(mailoutbox[-1])
    User.objects.filter(username="anna").update(email="new@example.com")
    confirm = {"uid": uid, "token": token, "new_password": NEW_PASSWORD}
    _assert_error(api.post("/auth/password-reset/confirm", confirm), 400, "invalid_reset_link")

    api.post("/auth/password-reset", body)
    uid, token = _link(mailoutbox[-1])
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link is now older than its lifetime
    confirm = {"uid": uid, "token": token, "new_password": NEW_PASSWORD}
    _assert_error(api.post("/auth/password-reset/confirm", confirm), 400, "invalid_reset_link")
    assert _logs_in(api, "anna", "another good phrase")


def test_a_banned_account_cannot_use_a_link_sent_before_the_ban(api, anna, mailoutbox):
    api.post("/auth/password-reset", {"identifier": "anna"})
    uid, token = _link(mailoutbox[0])
    User.objects.filter(username="anna").update(is_active=False)
    confirm = {"uid": uid, "token": token, "new_password": NEW_PASSWORD}
    _assert_error(api.post("/auth/password-reset/confirm", confirm), 400, "invalid_reset_link")
    assert User.objects.get(username="anna").check_password(PASSWORD)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 422, "invalid_input"),
        ({"identifier": ""}, 400, "missing_identifier"),
        ({"identifier": "   "}, 400, "missing_identifier"),
        ({"identifier": "anna@"}, 400, "invalid_email"),
        ({"identifier": "x" * 300}, 422, "invalid_input"),
        ({"identifier": 12}, 422, "invalid_input"),
    ],
)
def test_bad_reset_requests_are_refused_and_send_nothing(api, anna, mailoutbox, body, status, code):
    _assert_error(api.post("/auth/password-reset", body), status, code)
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"uid": None}, 422, "invalid_input"),
        ({"token": None}, 422, "invalid_input"),
        ({"new_password": None}, 422, "invalid_input"),
        ({"uid": "!!!"}, 400, "invalid_reset_link"),
        ({"uid": ""}, 400, "invalid_reset_link"),
        ({"uid": "OTk5OTk5"}, 400, "invalid_reset_link"),  # base64 of an id no one has
        ({"uid": "LTE"}, 400, "invalid_reset_link"),  # base64 of "-1"
        ({"uid": "w7_Dvw"}, 400, "invalid_reset_link"),  # not UTF-8 once decoded
        ({"token": "1-2"}, 400, "invalid_reset_link"),
        ({"token": ""}, 400, "invalid_reset_link"),
        ({"token": "x" * 101}, 422, "invalid_input"),
    ],
)
def test_bad_confirmations_are_refused_and_change_nothing(
    api, anna, mailoutbox, change, status, code
):
    user, _ = anna
    api.post("/auth/password-reset", {"identifier": "anna"})
    uid, token = _link(mailoutbox[0])
    body = {"uid": uid, "token": token, "new_password": NEW_PASSWORD, **change}
    body = {k: v for k, v in body.items() if v is not None}
    tokens_before = ApiToken.objects.filter(user=user).count()
    _assert_error(api.post("/auth/password-reset/confirm", body), status, code)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert ApiToken.objects.filter(user=user).count() == tokens_before == 1


# --- The email speaks the person's language -------------------------------------------------


def test_the_email_is_in_the_recipients_language(api, make_user, mailoutbox):
    make_user("mei", email="mei@example.com", current_password=PASSWORD, reading_language="zh-hans")
    make_user("sam", email="sam@example.com", current_password=PASSWORD, languages=["ja", "en"])
    make_user("lin", email="lin@example.com", current_password=PASSWORD)  # says nothing
    api.post("/auth/password-reset", {"identifier": "mei"}, headers={"Accept-Language": "en"})
    api.post("/auth/password-reset", {"identifier": "sam"}, headers={"Accept-Language": "zh-CN"})
    api.post("/auth/password-reset", {"identifier": "lin"}, headers={"Accept-Language": "zh-CN"})
    mei, sam, lin = mailoutbox
    assert mei.subject == "重置你的 Crossnote 密码" and _has_chinese(mei.body)
    assert sam.subject == "Reset your Crossnote password" and not _has_chinese(sam.body)
    # Without a language of their own, the one they asked in.
    assert _has_chinese(lin.subject) and "2小时" in lin.body
    assert _link(mei) and _link(lin)


def test_links_point_to_the_configured_site(api, anna, mailoutbox, settings):
    settings.CROSSNOTE_SITE_URL = "https://crossnote.example"
    api.post("/auth/password-reset", {"identifier": "anna"})
    assert "https://crossnote.example/password-reset/" in mailoutbox[0].body


# --- The flow through the web UI ------------------------------------------------------------


def _without_csrf(html: bytes) -> str:
    return re.sub(r"[A-Za-z0-9]{32,}", "", html.decode())


def test_reset_through_the_web(client, api, anna, mailoutbox, django_capture_on_commit_callbacks):
    user, anna_client = anna
    session = Client()
    session.force_login(user)
    assert session.get("/settings").status_code == 200
    login = client.get("/login").content.decode()
    assert 'href="/password-reset"' in login and "Forgot your password?" in login
    assert client.get("/password-reset").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/password-reset", {"identifier": "anna@example.com"})
        nobody = client.post("/password-reset", {"identifier": "nobody@example.com"})
    assert sent.status_code == nobody.status_code == 200
    assert _without_csrf(sent.content) == _without_csrf(nobody.content).replace(
        "nobody@example.com", "anna@example.com"
    )
    assert "we have sent it a link" in sent.content.decode()
    (message,) = mailoutbox
    path = LINK.search(message.body).group(0).split("testserver", 1)[1]

    form = client.get(path)
    assert form.status_code == 200 and 'name="new_password"' in form.content.decode()
    weak = client.post(path, {"new_password": "short"})
    assert weak.status_code == 400 and "too short" in weak.content.decode()
    done = client.post(path, {"new_password": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/login"
    assert "Your new password is set" in client.get("/login").content.decode()

    assert session.get("/settings").status_code == 302  # the old session has ended
    _assert_error(anna_client.get("/me"), 401, "not_authenticated")
    assert client.post("/login", {"username": "anna", "password": NEW_PASSWORD}).status_code == 302
    used = Client().get(path)
    assert used.status_code == 400 and "does not work" in used.content.decode()
    assert 'name="new_password"' not in used.content.decode()


def test_the_web_reset_pages_explain_bad_input_in_chinese(client, db, mailoutbox):
    zh = {"HTTP_ACCEPT_LANGUAGE": "zh-CN"}
    empty = client.post("/password-reset", {"identifier": ""}, **zh)
    assert empty.status_code == 400 and "请输入用户名或邮箱地址" in empty.content.decode()
    bad = client.post("/password-reset", {"identifier": "a@"}, **zh)
    assert bad.status_code == 400 and _has_chinese(bad.content.decode())
    broken = client.get("/password-reset/xx/yy", **zh)
    assert broken.status_code == 400 and "重新申请" in broken.content.decode()
    assert mailoutbox == []


# --- Limits, end to end -------------------------------------------------------------------


def test_requests_for_one_name_are_limited_whether_or_not_it_exists(
    api, anna, mailoutbox, limits_on
):
    for who in ("anna", "ghost"):
        codes = [
            api.post("/auth/password-reset", {"identifier": who}).status_code for _ in range(5)
        ]
        refused = api.post("/auth/password-reset", {"identifier": who.upper()})
        assert codes == [202] * 5
        _assert_error(refused, 429, "rate_limited")
        assert 0 < int(refused["Retry-After"]) <= 3600
        assert "password reset" in refused.json()["message"]
    assert len(mailoutbox) == 5  # an inbox gets at most five links an hour
    # The address counts apart from the name; another name is not held up.
    assert api.post("/auth/password-reset", {"identifier": "anna@example.com"}).status_code == 202
    assert api.post("/auth/password-reset", {"identifier": "bo"}).status_code == 202


def test_requests_from_one_address_are_limited_on_the_web(
    client, anna, mailoutbox, limits_on, django_capture_on_commit_callbacks
):
    ip = {"REMOTE_ADDR": "203.0.113.9"}
    for i in range(20):
        assert client.post("/password-reset", {"identifier": f"x{i}"}, **ip).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(
            "/password-reset", {"identifier": "anna"}, HTTP_ACCEPT_LANGUAGE="zh-CN", **ip
        )
        elsewhere = client.post("/password-reset", {"identifier": "anna"}, REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429 and refused["Retry-After"]
    assert "密码重置" in refused.content.decode()
    assert elsewhere.status_code == 200
    assert len(mailoutbox) == 1


def test_an_untrusted_forwarded_for_does_not_dodge_the_address_limit(
    client, anna, mailoutbox, limits_on, settings
):
    for i in range(20):
        client.post(
            "/password-reset",
            {"identifier": f"x{i}"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{i}",
        )
    refused = client.post(
        "/password-reset",
        {"identifier": "anna"},
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )
    assert refused.status_code == 429
    # Behind a trusted proxy, the forwarded address is the client's own.
    settings.CROSSNOTE_TRUSTED_PROXIES = ["198.51.100.7"]
    from crossnote.core.clients import _trusted

    _trusted.cache_clear()
    fine = client.post(
        "/password-reset",
        {"identifier": "anna"},
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )
    assert fine.status_code == 200


def test_guessing_tokens_for_one_account_is_limited(api, anna, mailoutbox, limits_on, settings):
    user, _ = anna
    api.post("/auth/password-reset", {"identifier": "anna"})
    uid, token = _link(mailoutbox[0])
    # Each guess from its own address (through our proxy), so only the account's count fires.
    settings.CROSSNOTE_TRUSTED_PROXIES = ["127.0.0.1"]
    from crossnote.core.clients import _trusted

    _trusted.cache_clear()
    for i in range(10):
        guess = api.post(
            "/auth/password-reset/confirm",
            {"uid": uid, "token": f"abc-{i:032x}", "new_password": NEW_PASSWORD},
            headers={"X-Forwarded-For": f"192.0.2.{i}"},
        )
        _assert_error(guess, 400, "invalid_reset_link")
    one_more = api.post(
        "/auth/password-reset/confirm",
        {"uid": uid, "token": "abc-" + "f" * 32, "new_password": NEW_PASSWORD},
        headers={"X-Forwarded-For": "192.0.2.100", "Accept-Language": "zh-CN"},
    )
    _assert_error(one_more, 429, "rate_limited")
    assert one_more["Retry-After"] and _has_chinese(one_more.json()["message"])
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # Strangers' guesses never lock the person out: the genuine link still works.
    right = api.post(
        "/auth/password-reset/confirm",
        {"uid": uid, "token": token, "new_password": NEW_PASSWORD},
        headers={"X-Forwarded-For": "192.0.2.200"},
    )
    assert right.status_code == 200, right.content
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_guessing_links_from_one_address_is_limited_across_accounts(
    client, api, anna, mailoutbox, limits_on
):
    api.post("/auth/password-reset", {"identifier": "anna"})
    path = LINK.search(mailoutbox[0].body).group(0).split("testserver", 1)[1]
    ip = {"REMOTE_ADDR": "203.0.113.50"}
    for i in range(30):
        client.post(f"/password-reset/MTA{i}/x-y", {"new_password": NEW_PASSWORD}, **ip)
    refused = client.get(path, **ip)
    assert refused.status_code == 429 and refused["Retry-After"]
    assert "Too many attempts" in refused.content.decode()
    assert client.post(path, {"new_password": NEW_PASSWORD}, **ip).status_code == 429
    assert User.objects.get(username="anna").check_password(PASSWORD)
    ok = client.post(path, {"new_password": NEW_PASSWORD}, REMOTE_ADDR="203.0.113.51")
    assert ok.status_code == 302


# --- Delivery settings ----------------------------------------------------------------------


def test_email_delivery_is_read_from_one_url(tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    from crossnote.settings import _email_settings

    assert _email_settings(None)["EMAIL_BACKEND"].endswith("filebased.EmailBackend")
    smtp = _email_settings("smtp://me%40x.org:p%2Fss@mail.x.org")
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_USE_TLS"]) == (
        "mail.x.org",
        587,
        True,
    )
    assert (smtp["EMAIL_HOST_USER"], smtp["EMAIL_HOST_PASSWORD"]) == ("me@x.org", "p/ss")
    ssl = _email_settings("smtps://u:p@mail.x.org")
    assert (ssl["EMAIL_PORT"], ssl["EMAIL_USE_SSL"], ssl["EMAIL_USE_TLS"]) == (465, True, False)
    assert _email_settings("smtp://relay:25?tls=0")["EMAIL_USE_TLS"] is False
    assert _email_settings(f"file://{tmp_path}")["EMAIL_FILE_PATH"] == str(tmp_path)
    assert _email_settings("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(ImproperlyConfigured):
        _email_settings("sendmail://localhost")
