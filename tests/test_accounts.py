"""Accounts: sign-up rules, tokens, sessions, profiles, private accounts."""

import pytest

from crossnote.accounts.models import ApiToken, User
from crossnote.accounts.usernames import InvalidUsername, normalize_username
from tests.conftest import PASSWORD


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("anna", "anna"), ("ｍｅｉ", "mei"), ("小红薯", "小红薯"), ("lin.chen_2", "lin.chen_2")],
)
def test_usernames_are_nfkc_normalised(raw, stored):
    assert normalize_username(raw) == stored


@pytest.mark.parametrize(
    "raw",
    [
        "an\u200bna",
        "anna\u202e",
        "\u2066anna",
        "a",
        "x" * 31,
        "anna!",
        ".anna",
        "anna.",
        "admin",
        "API",
    ],
)
def test_bad_usernames_are_refused(raw):
    with pytest.raises(InvalidUsername):
        normalize_username(raw)


def test_signup_returns_a_working_token(api):
    response = api.post(
        "/auth/signup", {"username": "Anna", "password": PASSWORD, "languages": ["en"]}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["user"]["username"] == "Anna"
    assert body["user"]["reading_language"] == "en"
    me = api.as_(body["token"]).get("/me")
    assert me.status_code == 200 and me.json()["username"] == "Anna"


@pytest.mark.parametrize("taken", ["anna", "ANNA", "ａｎｎａ"])
def test_usernames_are_unique_without_regard_to_case_or_width(api, make_user, taken):
    make_user("Anna")
    response = api.post("/auth/signup", {"username": taken, "password": PASSWORD})
    assert response.status_code == 409
    assert response.json()["error"] == "username_taken"
    assert User.objects.count() == 1


def test_login_is_case_insensitive_and_wrong_password_is_401(api, make_user):
    make_user("Anna")
    ok = api.post("/auth/token", {"username": "anna", "password": PASSWORD, "name": "phone"})
    assert ok.status_code == 201 and ok.json()["token"].startswith("cn_")
    bad = api.post("/auth/token", {"username": "anna", "password": "nope nope nope"})
    assert bad.status_code == 401 and bad.json()["error"] == "wrong_credentials"


def test_tokens_are_stored_hashed_listed_and_revocable(api, make_user):
    _anna, anna = make_user("anna")
    second = api.post(
        "/auth/token", {"username": "anna", "password": PASSWORD, "name": "laptop"}
    ).json()
    assert not ApiToken.objects.filter(key_hash=second["token"]).exists()
    names = {t["name"] for t in anna.get("/me/tokens").json()}
    assert names == {"Sign-up", "laptop"}
    assert anna.delete(f"/me/tokens/{second['id']}").status_code == 200
    assert api.as_(second["token"]).get("/me").status_code == 401
    assert anna.get("/me").status_code == 200


def test_an_invalid_token_is_401_even_on_public_pages(api):
    response = api.as_("cn_not-a-token").get("/feeds/discover")
    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"


def test_logout_revokes_only_this_token(api, make_user):
    _anna, anna = make_user("anna")
    other = api.post("/auth/token", {"username": "anna", "password": PASSWORD}).json()["token"]
    assert anna.post("/auth/logout").status_code == 200
    assert anna.get("/me").status_code == 401
    assert api.as_(other).get("/me").status_code == 200


def test_logout_everywhere_ends_tokens_and_web_sessions(api, client, make_user):
    anna_user, anna = make_user("anna")
    client.force_login(anna_user)
    assert client.get("/api/v1/me").status_code == 200
    assert anna.post("/auth/logout-everywhere").status_code == 200
    assert anna.get("/me").status_code == 401
    assert client.get("/api/v1/me").status_code == 401
    assert ApiToken.objects.filter(user=anna_user).count() == 0


def test_password_change_revokes_every_session_and_token(api, client, make_user):
    anna_user, anna = make_user("anna")
    client.force_login(anna_user)
    wrong = anna.post(
        "/me/password", {"current_password": "wrong", "new_password": "another long phrase"}
    )
    assert wrong.status_code == 400 and wrong.json()["error"] == "wrong_password"
    weak = anna.post("/me/password", {"current_password": PASSWORD, "new_password": "12345678"})
    assert weak.status_code == 400 and weak.json()["error"] == "weak_password"
    ok = anna.post(
        "/me/password", {"current_password": PASSWORD, "new_password": "another long phrase"}
    )
    assert ok.status_code == 200
    assert anna.get("/me").status_code == 401
    assert client.get("/api/v1/me").status_code == 401
    login = api.post("/auth/token", {"username": "anna", "password": "another long phrase"})
    assert login.status_code == 201


def test_profile_update(make_user):
    _anna, anna = make_user("anna")
    response = anna.patch(
        "/me",
        {
            "display_name": "Anna 安娜",
            "bio": "New here \u202e!",
            "languages": ["en", "zh-hans"],
            "reading_language": "zh-hans",
        },
    )
    assert response.status_code == 200
    me = response.json()
    assert me["display_name"] == "Anna 安娜"
    assert me["bio"] == "New here !"  # direction overrides are stripped
    assert me["languages"] == ["en", "zh-hans"]
    bad = anna.patch("/me", {"languages": ["klingon"]})
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_language"


def test_private_account_turns_follows_into_requests(make_user, post_note):
    _mei, mei = make_user("mei", is_private=True)
    _sam, sam = make_user("sam")
    note = post_note(mei, "只给朋友看 #日常", visibility="public")
    assert sam.get(f"/notes/{note['id']}").status_code == 404
    assert sam.post("/users/mei/follow").json() == {"status": "requested"}
    assert sam.get("/users/mei").json()["relationship"]["requested"] is True
    requests = mei.get("/me/follow-requests").json()["items"]
    assert [u["username"] for u in requests] == ["sam"]
    kinds = [n["kind"] for n in mei.get("/notifications").json()["items"]]
    assert kinds == ["follow_request"]
    assert mei.post("/me/follow-requests/sam/approve").status_code == 200
    assert sam.get(f"/notes/{note['id']}").status_code == 200
    assert sam.get("/users/mei").json()["relationship"]["following"] is True
    assert mei.get("/me").json()["follower_count"] == 1
    assert [n["kind"] for n in sam.get("/notifications").json()["items"]] == ["follow_accepted"]


def test_denied_request_does_not_follow(make_user):
    mei_user, mei = make_user("mei", is_private=True)
    _sam, sam = make_user("sam")
    sam.post("/users/mei/follow")
    assert mei.post("/me/follow-requests/sam/deny").status_code == 200
    assert mei.post("/me/follow-requests/sam/deny").status_code == 404
    assert sam.get("/users/mei").json()["relationship"] == {
        "following": False,
        "requested": False,
        "followed_by": False,
        "blocking": False,
        "muting": False,
    }
    mei_user.refresh_from_db()
    assert mei_user.follower_count == 0


def test_avatar_upload_is_processed_and_shown(make_user):
    from tests import images

    _anna, anna = make_user("anna")
    response = anna.call(
        "POST", "/me/avatar", data={"image": images.upload(images.png(), "me.png")}
    )
    assert response.status_code == 202
    avatar = anna.get("/me").json()["avatar_url"]
    assert avatar and avatar.endswith(".webp")
