"""Block, mute and ban are one rule (relations.queries.HIDING), and each form of it (ORM
conditions from either side, the pairwise check, the raw SQL of the Following feed) hides
exactly the same people. The visibility grid checks the surfaces; this checks the forms."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from crossnote.accounts.models import User
from crossnote.relations.models import Block, Follow, Mute
from crossnote.relations.queries import (
    is_hidden,
    people_not_seeing,
    shown_people_sql,
    unseen_people,
)

# How each person stands with `vi`, and whether vi is shown them in lists (mutes count)
# and on explicit visits (mutes do not).
PEOPLE = {
    "none": (True, True),
    "blocked_by_me": (False, False),
    "blocking_me": (False, False),
    "muted_by_me": (False, True),
    "muted_me": (True, True),
    "banned": (False, False),
}


def _world() -> tuple[User, dict[str, User]]:
    vi = User.objects.create_user(username="vi", password="x")
    people = {name: User.objects.create_user(username=name, password="x") for name in PEOPLE}
    Block.objects.create(blocker=vi, blocked=people["blocked_by_me"])
    Block.objects.create(blocker=people["blocking_me"], blocked=vi)
    Mute.objects.create(muter=vi, muted=people["muted_by_me"])
    Mute.objects.create(muter=people["muted_me"], muted=vi)
    User.objects.filter(pk=people["banned"].pk).update(is_active=False)
    return vi, people


def _names(ids: set[int], people: dict[str, User]) -> set[str]:
    return {name for name, person in people.items() if person.pk in ids}


def _orm_shown(vi: User, mutes: bool) -> set[int]:
    shown = User.objects.exclude(unseen_people(vi, "", mutes=mutes))
    return set(shown.values_list("pk", flat=True))


def _sql_shown(vi: User, mutes: bool) -> set[int]:
    shown, count = shown_people_sql("u.id", "u.is_active", mutes=mutes)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT u.id FROM accounts_user u WHERE {shown}", [vi.pk] * count)  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
@pytest.mark.parametrize("mutes", [True, False], ids=["lists", "visits"])
def test_every_form_of_the_rule_hides_the_same_people(mutes):
    vi, people = _world()
    expected = {name for name, shown in PEOPLE.items() if shown[0 if mutes else 1]}
    assert _names(_orm_shown(vi, mutes), people) == expected
    assert _names(_sql_shown(vi, mutes), people) == expected
    active = {name for name, person in people.items() if name != "banned"}
    # From each person's side: vi does not see them exactly when the rule says so.
    not_seeing = {
        name
        for name in active
        if User.objects.filter(pk=vi.pk).filter(people_not_seeing(people[name].pk, "", mutes=mutes))
    }
    assert not_seeing == active - expected
    assert {n for n in active if is_hidden(vi.pk, people[n].pk, mutes=mutes)} == active - expected


@pytest.mark.django_db
def test_people_not_seeing_leaves_out_banned_readers():
    vi, people = _world()
    hidden = User.objects.filter(people_not_seeing(vi.pk, "")).values_list("pk", flat=True)
    # blocked either way, muting vi, or banned: these are not told about vi's questions.
    assert _names(set(hidden), people) == {"blocked_by_me", "blocking_me", "muted_me", "banned"}


@pytest.mark.parametrize("blocker", ["vi", "xu"])
@pytest.mark.parametrize("pulled", [False, True], ids=["pushed", "pulled"])
def test_following_hides_a_block_that_a_racing_follow_outlived(
    make_user, post_note, settings, blocker, pulled
):
    """A follow that commits just after a block (the block's transaction found no follow
    to end) leaves both rows. The Following feed used to trust that blocks end follows
    and showed the blocked person's notes, while every other surface hid them."""
    if pulled:
        settings.CROSSNOTE_FANOUT_LIMIT = 0  # xu's notes are pulled at read time
    vi_user, vi = make_user("vi")
    xu_user, xu = make_user("xu")
    vi.post("/users/xu/follow")
    note = post_note(xu, "Night market lanterns")["id"]
    assert [n["id"] for n in vi.get("/feeds/following").json()["items"]] == [note]
    pair = (vi_user, xu_user) if blocker == "vi" else (xu_user, vi_user)
    Block.objects.create(blocker=pair[0], blocked=pair[1])  # what the race leaves
    assert Follow.objects.filter(follower=vi_user, followee=xu_user).exists()
    assert vi.get(f"/notes/{note}").status_code == 404  # hidden everywhere else already
    assert vi.get("/feeds/following").json()["items"] == []
    web = Client()
    web.force_login(vi_user)
    assert f'href="/notes/{note}"' not in web.get("/following").content.decode()


def test_block_and_mute_rows_are_read_only_in_relations():
    """An eighth copy of the rule would start by reading Block or Mute elsewhere."""
    package = Path(__file__).resolve().parents[2] / "crossnote"
    readers = set()
    for path in package.rglob("*.py"):
        if "migrations" in path.parts or path.is_relative_to(package / "relations"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "crossnote.relations.models":
                names = {a.name for a in node.names} & {"Block", "Mute"}
                readers |= {f"{path.relative_to(package)}: {name}" for name in names}
    assert readers == set()
