"""Look-alike usernames: a name whose Unicode TR39 confusable skeleton equals an existing
name's is refused, on the API and the web, with a clear 409; the unique skeleton column makes
that hold when two sign-ups race; accounts that already looked alike keep their names."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from crossnote.accounts.actions import do_signup
from crossnote.accounts.models import User
from crossnote.accounts.usernames import InvalidUsername, normalize_username
from crossnote.core.errors import Conflict
from tests.conftest import PASSWORD

CYRILLIC_ANNA = "\u0430nna"  # а (CYRILLIC SMALL LETTER A) + "nna"


def _signup(api, username):
    return api.post("/auth/signup", {"username": username, "password": PASSWORD})


@pytest.mark.parametrize(
    ("taken", "look_alike"),
    [
        ("anna", CYRILLIC_ANNA),
        ("anna", "\u0430\u0578\u0578\u0430"),  # Cyrillic а, Armenian ո ո, Cyrillic а
        ("paypal", "\u0440\u0430ypal"),  # Cyrillic р and а
        ("mei", "rnei"),  # rn looks like m
        ("bo1", "bol"),  # 1 and l
        ("エリカ", "工リカ"),  # the CJK ideograph 工 beside the katakana エ
    ],
)
def test_a_look_alike_of_a_taken_name_is_refused(api, taken, look_alike):
    assert _signup(api, taken).status_code == 201
    response = _signup(api, look_alike)
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "username_look_alike" and "look alike" in body["message"]
    assert User.objects.count() == 1


def test_the_web_sign_up_says_why(client, api):
    _signup(api, "anna")
    response = client.post("/signup", {"username": CYRILLIC_ANNA, "password": PASSWORD})
    assert response.status_code == 409
    assert "differs only by characters that look alike" in response.content.decode()
    assert not User.objects.filter(username=CYRILLIC_ANNA).exists()


def test_distinct_names_in_every_script_still_sign_up(api):
    for name in ("anna", "anya", "小红薯", "小紅薯", "小红书", "mei", "lin.chen_2", "annа2"):
        assert _signup(api, name).status_code == 201, name


def test_racing_look_alikes_meet_the_unique_index(db):
    do_signup("anna", PASSWORD, "", [])
    # Straight to do_signup, as if both had passed the check before either was saved.
    with pytest.raises(Conflict) as raised:
        do_signup(CYRILLIC_ANNA, PASSWORD, "", [])
    assert raised.value.code == "username_look_alike"
    with pytest.raises(Conflict) as raised:
        do_signup("ANNA", PASSWORD, "", [])
    assert raised.value.code == "username_taken"


@pytest.mark.parametrize("raw", ["adrnin", "\u0430dmin", "rne", "supp\u043ert", "he1p"])
def test_look_alikes_of_reserved_names_are_reserved(raw):
    with pytest.raises(InvalidUsername):
        normalize_username(raw)


@pytest.mark.django_db(transaction=True)
def test_existing_look_alikes_keep_their_names_and_the_oldest_holds_the_skeleton():
    executor = MigrationExecutor(connection)
    before = [("accounts", "0008_lowercase_emails")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("accounts", "User")
    for name in ("anna", CYRILLIC_ANNA, "bo"):
        old.objects.create(username=name, username_key=name)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    skeletons = dict(User.objects.values_list("username", "username_skeleton"))
    assert skeletons == {"anna": "anna", CYRILLIC_ANNA: None, "bo": "bo"}
    with pytest.raises(Conflict):
        do_signup("\u0430nn\u0430", PASSWORD, "", [])
