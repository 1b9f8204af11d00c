"""Guides: volunteering for a language pair, guide notes, the newcomer hub, ask-a-local."""

from datetime import timedelta

import pytest
from django.utils import timezone

from crossnote.accounts.models import User
from crossnote.guides.models import GuidePair
from crossnote.media.models import Photo
from crossnote.notes.models import Note
from tests import images


def _guide(client, *pairs: str) -> None:
    answer = client.put("/me/guide-pairs", {"pairs": list(pairs)})
    assert answer.status_code == 200, answer.content


def _ask(client, title: str, body: str) -> dict:
    answer = client.call("POST", "/notes", data={"title": title, "body": body, "kind": "question"})
    assert answer.status_code == 201, answer.content
    # With no photos to make, the question is published as soon as it is stored.
    return client.get(f"/notes/{answer.json()['id']}").json()


def _ids(page: dict) -> list[int]:
    return [n["id"] for n in page["items"]]


def test_volunteering_for_language_pairs(make_user):
    _mei_user, mei = make_user("mei")
    assert mei.put("/me/guide-pairs", {"pairs": ["zh-en", "en-zh", "ja-zh"]}).json() == {
        "pairs": ["en-zh", "ja-zh"]
    }
    assert mei.get("/users/mei").json()["guide_pairs"] == ["en-zh", "ja-zh"]
    assert mei.get("/me").json()["guide_pairs"] == ["en-zh", "ja-zh"]
    assert mei.put("/me/guide-pairs", {"pairs": ["zh-hans-en"]}).json()["pairs"] == ["en-zh"]
    assert mei.put("/me/guide-pairs", {"pairs": []}).json()["pairs"] == []
    assert mei.get("/users/mei").json()["guide_pairs"] == []


@pytest.mark.parametrize(
    ("pairs", "code"),
    [
        (["en-en"], "same_pair"),
        (["en-xx"], "invalid_pair"),
        (["english"], "invalid_pair"),
        (["en-zh", "ja-zh", "ko-zh", "es-zh", "fr-zh", "de-zh", "en-ja"], "too_many_pairs"),
    ],
)
def test_bad_guide_pairs_change_nothing(make_user, pairs, code):
    user, mei = make_user("mei")
    _guide(mei, "en-zh")
    answer = mei.put("/me/guide-pairs", {"pairs": pairs})
    assert answer.status_code == 400 and answer.json()["error"] == code
    assert list(
        GuidePair.objects.filter(user=user).values_list("first_language", "second_language")
    ) == [("en", "zh")]


def test_a_suspended_member_cannot_volunteer(make_user):
    user, mei = make_user("mei")
    User.objects.filter(pk=user.pk).update(suspended_until=timezone.now() + timedelta(days=2))
    answer = mei.put("/me/guide-pairs", {"pairs": ["en-zh"]})
    assert answer.status_code == 403 and answer.json()["error"] == "suspended"
    assert not GuidePair.objects.exists()


def test_only_guides_mark_notes_as_guides(make_user, post_note):
    _sam_user, sam = make_user("sam")
    refused = sam.call(
        "POST",
        "/notes",
        data={
            "title": "Tips",
            "body": "x",
            "kind": "guide",
            "images": [images.upload(images.jpeg())],
        },
    )
    assert refused.status_code == 403 and refused.json()["error"] == "not_a_guide"
    assert not Note.objects.exists() and not Photo.objects.exists()
    bad = sam.call(
        "POST",
        "/notes",
        data={
            "title": "Tips",
            "body": "x",
            "kind": "essay",
            "images": [images.upload(images.jpeg())],
        },
    )
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_kind"
    note = post_note(sam, "Metro tips")
    assert sam.patch(f"/notes/{note['id']}", {"kind": "guide"}).json()["error"] == "not_a_guide"
    _guide(sam, "en-zh")
    assert sam.patch(f"/notes/{note['id']}", {"kind": "guide"}).json()["kind"] == "guide"
    assert post_note(sam, "More tips", kind="guide")["kind"] == "guide"


def test_a_question_may_have_no_photos_but_a_note_may_not(make_user):
    _sam_user, sam = make_user("sam")
    question = _ask(sam, "Tipping?", "Do people tip in restaurants?")
    assert question["kind"] == "question" and question["state"] == "published"
    assert question["cover"] is None and question["images"] == []
    plain = sam.call("POST", "/notes", data={"title": "Hi", "body": "no photo"})
    assert plain.status_code == 400 and plain.json()["error"] == "no_images"
    assert Note.objects.count() == 1
    assert sam.get("/feeds/discover").json()["items"] == []  # never your own
    _bo_user, bo = make_user("bo")
    card = bo.get("/feeds/discover").json()["items"][0]
    assert card["kind"] == "question" and card["cover"] is None


def test_the_hub_shows_the_most_useful_guide_notes_of_the_pair(make_user, post_note):
    _mei_user, mei = make_user("mei", languages=["zh-hans"])
    _dan_user, dan = make_user("dan", languages=["en"])
    _ken_user, ken = make_user("kenji", languages=["ja"])
    _lin_user, lin = make_user("lin", languages=["zh-hans"])
    _guide(mei, "en-zh")
    _guide(dan, "en-zh")
    _guide(ken, "ja-zh")
    metro = post_note(mei, "Scan the Alipay code to ride the metro", title="Metro", kind="guide")
    tea = post_note(dan, "How to order bubble tea without stress", title="Tea", kind="guide")
    ja_guide = post_note(ken, "地下鉄の乗り方", title="地下鉄", kind="guide")
    plain = post_note(mei, "My lunch today", title="Lunch")
    not_guide = post_note(lin, "成都火锅攻略", title="火锅")
    _sam_user, sam = make_user("sam", languages=["en"])
    for fan in ("f1", "f2", "f3"):
        _u, client = make_user(fan)
        client.post(f"/notes/{tea['id']}/like")
    for fan in ("f4", "f5"):
        _u, client = make_user(fan)
        client.post(f"/notes/{metro['id']}/collect", {})  # a collect weighs double
    hub = sam.get("/guides/hub").json()
    assert hub["pair"] == "en-zh"
    assert _ids(hub) == [metro["id"], tea["id"]]
    assert {g["username"] for g in hub["guides"]} == {"mei", "dan"}
    assert ja_guide["id"] not in _ids(hub) and plain["id"] not in _ids(hub)
    assert not_guide["id"] not in _ids(hub)
    assert _ids(sam.get("/guides/hub", pair="ja-zh").json()) == [ja_guide["id"]]
    # A guide someone blocked is not in their hub, nor are that guide's notes.
    sam.post("/users/mei/block")
    hub = sam.get("/guides/hub").json()
    assert _ids(hub) == [tea["id"]] and [g["username"] for g in hub["guides"]] == ["dan"]
    assert sam.get("/guides/hub", pair="zh").json()["error"] == "invalid_pair"


def test_the_hub_pages(make_user, post_note):
    _dan_user, dan = make_user("dan", languages=["en"])
    _guide(dan, "en-zh")
    written = [post_note(dan, f"Guide {i}", title=f"G{i}", kind="guide")["id"] for i in range(3)]
    first = dan.get("/guides/hub", limit=2).json()
    second = dan.get("/guides/hub", limit=2, cursor=first["next_cursor"]).json()
    assert sorted(_ids(first) + _ids(second)) == sorted(written)
    assert second["next_cursor"] is None


def test_questions_reach_the_guides_who_read_them_and_answers_stand_out(make_user):
    _priya_user, priya = make_user("priya", languages=["en"])
    _dan_user, dan = make_user("dan", languages=["en"])
    _ken_user, ken = make_user("kenji", languages=["ja"])
    _lin_user, lin = make_user("lin", languages=["zh-hans"])
    _guide(dan, "en-zh")
    _guide(ken, "ja-zh")
    english = _ask(
        priya, "SIM card?", "Which SIM card should I buy for a two week trip to Shanghai?"
    )
    chinese = _ask(lin, "怎么办签证？", "请问美国人来中国旅游需要办什么签证？")
    assert _ids(dan.get("/guides/questions").json()) == [chinese["id"], english["id"]]
    assert _ids(ken.get("/guides/questions").json()) == [chinese["id"]]  # ja↔zh reads Chinese
    assert lin.get("/guides/questions").json()["items"] == []  # not a guide
    assert [q["answered"] for q in dan.get("/guides/questions").json()["items"]] == [False, False]

    lin.post(f"/notes/{english['id']}/comments", {"body": "I think eSIM is easiest"})
    priya.post(f"/notes/{english['id']}/comments", {"body": "Thanks everyone!"})
    answer = dan.post(
        f"/notes/{english['id']}/comments",
        {"body": "Buy an eSIM before you fly; bring your passport."},
    )
    assert answer.json()["is_answer"] is True
    kinds = [n["kind"] for n in priya.get("/notifications").json()["items"]]
    assert kinds == ["answer", "comment"]  # the guide's answer, then lin's comment
    thread = {
        c["author"]["username"]: c["is_answer"]
        for c in priya.get(f"/notes/{english['id']}/comments").json()["items"]
    }
    assert thread == {"lin": False, "priya": False, "dan": True}
    # A guide who reads Japanese and Chinese does not answer an English question as a guide.
    assert (
        ken.post(f"/notes/{english['id']}/comments", {"body": "Airport SIM"}).json()["is_answer"]
        is False
    )
    answered = {q["id"]: q["answered"] for q in dan.get("/guides/questions").json()["items"]}
    assert answered == {chinese["id"]: False, english["id"]: True}
    # A comment on an ordinary note is never an answer, even from a guide.
    _mei_user, mei = make_user("mei")
    note = mei.call(
        "POST",
        "/notes",
        data={"title": "Hi", "body": "x", "images": [images.upload(images.jpeg())]},
    )
    reply = dan.post(f"/notes/{note.json()['id']}/comments", {"body": "Nice"})
    assert reply.json()["is_answer"] is False


def test_questions_from_people_a_guide_blocked_or_muted_stay_hidden(make_user):
    _priya_user, priya = make_user("priya", languages=["en"])
    _sam_user, sam = make_user("sam", languages=["en"])
    _dan_user, dan = make_user("dan", languages=["en"])
    _guide(dan, "en-zh")
    one = _ask(priya, "Visa?", "Do I need a visa for a short trip to Beijing?")
    two = _ask(sam, "Tipping?", "Do people tip in restaurants in Shanghai?")
    dan.post("/users/priya/mute")
    dan.post("/users/sam/block")
    assert dan.get("/guides/questions").json()["items"] == []
    dan.delete("/users/priya/mute")
    assert _ids(dan.get("/guides/questions").json()) == [one["id"]]
    assert two["id"]


def test_guides_who_read_a_question_are_told_of_it(make_user):
    _priya_user, priya = make_user("priya", languages=["en"])
    _dan_user, dan = make_user("dan", languages=["en"])
    _mei_user, mei = make_user("mei", languages=["zh-hans"])
    _ken_user, ken = make_user("kenji", languages=["ja"])
    _grump_user, grump = make_user("grump", languages=["en"])
    _quiet_user, quiet = make_user("quiet", languages=["en"])
    _bo_user, bo = make_user("bo", languages=["en"])
    for guide, pair in ((dan, "en-zh"), (mei, "en-zh"), (ken, "ja-zh"), (grump, "en-zh")):
        _guide(guide, pair)
    _guide(quiet, "en-zh")
    priya.post("/users/grump/block")
    quiet.post("/users/priya/mute")
    question = _ask(priya, "SIM card?", "Which SIM card should I buy for two weeks in Shanghai?")

    def told(client) -> list[int]:
        items = client.get("/notifications").json()["items"]
        return [n["note_id"] for n in items if n["kind"] == "question"]

    assert told(dan) == [question["id"]] and told(mei) == [question["id"]]
    assert told(ken) == []  # guides Japanese and Chinese: cannot read the question
    assert told(grump) == [] and told(quiet) == []  # blocked by the asker / muting her
    assert told(bo) == [] and told(priya) == []  # not a guide / the asker herself
    html_text = dan.get("/notifications").json()["items"][0]["excerpt"]
    assert html_text == "SIM card?"


def test_a_private_question_is_not_sent_to_every_guide(make_user):
    _priya_user, priya = make_user("priya", languages=["en"], is_private=True)
    _dan_user, dan = make_user("dan", languages=["en"])
    _guide(dan, "en-zh")
    _ask(priya, "Visa?", "Do I need a visa?")
    assert dan.get("/notifications").json()["items"] == []
