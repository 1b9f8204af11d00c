"""Newcomers: onboarding, suggested people, the newcomer badge and its Discover boost."""

from datetime import timedelta

import pytest
from django.utils import timezone

from crossnote.accounts.models import User
from crossnote.guides.models import GuidePair
from crossnote.notes import scoring
from crossnote.notes.models import Note

WELCOME = {
    "languages": ["en"],
    "reading_language": "en",
    "interests": ["food", "pets"],
    "accept_guidelines": True,
}


def _age(user: User, days: int) -> None:
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=days))


def test_onboarding_stores_every_answer(make_user):
    _sam_user, sam = make_user("sam")
    assert sam.get("/me").json()["onboarded"] is False
    answer = sam.post("/me/onboarding", {**WELCOME, "languages": ["en", "zh-hans"]})
    assert answer.status_code == 200, answer.content
    me = sam.get("/me").json()
    assert me["onboarded"] is True
    assert me["interests"] == ["food", "pets"]
    assert me["languages"] == ["en", "zh-hans"] and me["reading_language"] == "en"
    assert me["guidelines_accepted_at"] is not None
    assert me["guide_pairs"] == []
    # A local can volunteer as a guide in the same step.
    _mei_user, mei = make_user("mei")
    done = mei.post(
        "/me/onboarding", {**WELCOME, "languages": ["zh-hans"], "guide_pairs": ["zh-en"]}
    )
    assert done.json()["guide_pairs"] == ["en-zh"]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"accept_guidelines": False}, "guidelines_not_accepted"),
        ({"languages": []}, "no_language"),
        ({"languages": ["klingon"]}, "invalid_language"),
        ({"interests": ["astrology"]}, "invalid_topic"),
        ({"reading_language": "xx"}, "invalid_language"),
        ({"guide_pairs": ["en-en"]}, "same_pair"),
        ({"guide_pairs": ["en"]}, "invalid_pair"),
        (
            {"guide_pairs": ["de-en", "en-es", "en-fr", "en-ja", "en-ko", "en-zh", "de-zh"]},
            "too_many_pairs",
        ),
    ],
)
def test_bad_onboarding_answers_store_nothing(make_user, change, code):
    user, sam = make_user("sam")
    answer = sam.post("/me/onboarding", {**WELCOME, **change})
    assert answer.status_code == 400 and answer.json()["error"] == code
    assert answer.json()["message"]
    user.refresh_from_db()
    assert user.onboarded_at is None and user.guidelines_accepted_at is None
    assert user.interests == [] and user.languages == []
    assert not GuidePair.objects.filter(user=user).exists()


def test_onboarding_messages_speak_the_persons_language(make_user):
    _user, sam = make_user("sam")
    answer = sam.post(
        "/me/onboarding",
        {**WELCOME, "accept_guidelines": False},
        headers={"Accept-Language": "zh-CN"},
    )
    assert "社区公约" in answer.json()["message"]


def test_suggested_people_put_guides_who_speak_my_language_first(make_user, post_note):
    _sam_user, sam = make_user("sam", languages=["en"])
    _mei_user, mei = make_user("mei", languages=["zh-hans"])
    _ja_user, ja = make_user("kenji", languages=["ja"])
    _lin_user, lin = make_user("lin", languages=["zh-hans"])
    _bo_user, bo = make_user("bo", languages=["en"])
    _blocked_user, blocked = make_user("grumpy", languages=["en"])
    mei.put("/me/guide-pairs", {"pairs": ["en-zh"]})
    ja.put("/me/guide-pairs", {"pairs": ["ja-zh"]})
    blocked.put("/me/guide-pairs", {"pairs": ["en-zh"]})
    post_note(lin, "红烧肉做法", title="红烧肉", topic="food")
    post_note(bo, "Beach day", title="Beach", topic="travel")
    for fan in ("f1", "f2"):
        _u, client = make_user(fan)
        client.post("/users/lin/follow")
    sam.post("/users/grumpy/block")
    sam.post("/me/onboarding", {**WELCOME, "interests": ["food"]})
    people = sam.get("/me/suggestions").json()
    names = [p["username"] for p in people]
    assert names[0] == "mei" and people[0]["is_guide"] is True
    assert "lin" in names and not people[names.index("lin")]["is_guide"]
    assert "kenji" not in names  # guides ja↔zh: no language in common with sam
    assert "grumpy" not in names and "sam" not in names
    assert "bo" not in names  # writes about travel, sam chose food
    sam.post("/users/mei/follow")
    assert "mei" not in [p["username"] for p in sam.get("/me/suggestions").json()]


def test_the_newcomer_badge_lasts_thirty_days(make_user, post_note):
    sam_user, sam = make_user("sam")
    note = post_note(sam, "Hi!")
    assert note["author"]["newcomer"] is True
    assert sam.get("/users/sam").json()["newcomer"] is True
    _age(sam_user, 31)
    assert sam.get(f"/notes/{note['id']}").json()["author"]["newcomer"] is False
    assert sam.get("/users/sam").json()["newcomer"] is False


def test_a_newcomers_first_three_notes_get_a_measured_boost(make_user, post_note):
    old_user, old = make_user("old_hand")
    _age(old_user, 400)
    _new_user, new = make_user("newbie")
    established = post_note(old, "Old hand's note")["id"]
    firsts = [post_note(new, f"My note {i}")["id"] for i in range(4)]
    freshness = dict(Note.objects.values_list("pk", "freshness"))
    boost = scoring.NEWCOMER_BOOST_DAYS / scoring.FRESHNESS_DAYS
    for note_id in firsts[:3]:
        assert freshness[note_id] - freshness[established] == pytest.approx(boost, abs=0.01)
    assert freshness[firsts[3]] - freshness[established] == pytest.approx(0, abs=0.01)
    # In Discover the boosted first note ranks above the established one of the same moment.
    _reader_user, reader = make_user("reader")
    ids = [n["id"] for n in reader.get("/feeds/discover").json()["items"]]
    assert ids.index(firsts[2]) < ids.index(established)


def test_no_boost_after_thirty_days(make_user, post_note):
    late_user, late = make_user("late")
    _age(late_user, 31)
    old_user, old = make_user("old_hand")
    _age(old_user, 400)
    first = post_note(late, "Finally my first note")["id"]
    other = post_note(old, "Another note")["id"]
    freshness = dict(Note.objects.values_list("pk", "freshness"))
    assert freshness[first] <= freshness[other]


def test_chosen_interests_lean_discover_toward_them(make_user, post_note):
    author_user, author = make_user("author")
    _age(author_user, 400)
    other_user, other = make_user("other")
    _age(other_user, 400)
    pets = post_note(author, "Cat nap", title="Cat", topic="pets")["id"]
    food = post_note(other, "Noodles", title="Noodles", topic="food")["id"]
    _sam_user, sam = make_user("sam")
    sam.post("/me/onboarding", {**WELCOME, "interests": ["pets"]})
    assert [n["id"] for n in sam.get("/feeds/discover").json()["items"]][:2] == [pets, food]
    sam.post("/me/onboarding", {**WELCOME, "interests": ["food"]})
    assert [n["id"] for n in sam.get("/feeds/discover").json()["items"]][:2] == [food, pets]


def test_a_suspended_member_may_finish_onboarding_but_not_volunteer(make_user):
    user, sam = make_user("sam")
    User.objects.filter(pk=user.pk).update(suspended_until=timezone.now() + timedelta(days=3))
    refused = sam.post("/me/onboarding", {**WELCOME, "guide_pairs": ["en-zh"]})
    assert refused.status_code == 403 and refused.json()["error"] == "suspended"
    assert not GuidePair.objects.exists()
    assert sam.post("/me/onboarding", {**WELCOME, "guide_pairs": []}).status_code == 200
