"""The web pages for newcomers and guides: welcome steps, hub, questions, volunteering."""

from datetime import timedelta

from django.utils import timezone

from crossnote.accounts.models import User
from crossnote.guides.models import GuidePair
from crossnote.notes.models import Note
from tests.conftest import PASSWORD

FORM = {"topic": "other", "visibility": "public", "place": ""}


def _web(client, user):
    client.force_login(user)
    return client


def test_signing_up_leads_through_the_welcome_steps(client, db):
    answer = client.post(
        "/signup?next=/trending",
        {"username": "sam", "password": PASSWORD, "languages": ["en"]},
    )
    assert answer.status_code == 302 and answer["Location"].startswith("/welcome?next=")
    page = client.get(answer["Location"])
    html = page.content.decode()
    for step in ("Your languages", "What do you love?", "People to follow", "guidelines"):
        assert step in html
    refused = client.post(
        "/welcome", {"languages": ["en"], "interests": ["pets"], "next": "/trending"}
    )
    assert refused.status_code == 400
    assert "accept them to continue" in refused.content.decode()
    sam = User.objects.get(username="sam")
    assert sam.onboarded_at is None and sam.interests == []
    done = client.post(
        "/welcome",
        {
            "languages": ["en"],
            "reading_language": "en",
            "interests": ["pets", "food"],
            "accept_guidelines": "on",
            "next": "/trending",
        },
    )
    assert done.status_code == 302 and done["Location"] == "/trending"
    # Without somewhere to go back to, a new member lands in the newcomer hub.
    client.logout()
    plain = client.post("/signup", {"username": "bo", "password": PASSWORD, "languages": ["en"]})
    assert plain["Location"] == "/welcome"
    assert 'name="next" value="/newcomers"' in client.get("/welcome").content.decode()
    sam.refresh_from_db()
    assert sam.onboarded_at and sam.guidelines_accepted_at and sam.interests == ["pets", "food"]


def test_the_welcome_page_suggests_guides_with_follow_buttons(client, make_user):
    mei_user, mei = make_user("mei", languages=["zh-hans"])
    mei.put("/me/guide-pairs", {"pairs": ["en-zh"]})
    sam_user, _sam = make_user("sam", languages=["en"])
    html = _web(client, sam_user).get("/welcome").content.decode()
    assert 'href="/@mei"' in html and "Guide" in html
    assert 'action="/@mei/follow"' in html
    assert mei_user.pk


def test_the_welcome_page_speaks_chinese(client, make_user):
    sam_user, _sam = make_user("sam")
    html = _web(client, sam_user).get("/welcome", headers={"Accept-Language": "zh-CN"})
    text = html.content.decode()
    assert "欢迎来到 Crossnote" in text and "社区公约" in text


def test_volunteering_on_the_web(client, make_user):
    mei_user, _mei = make_user("mei")
    web = _web(client, mei_user)
    page = web.get("/guides/questions").content.decode()
    assert "Volunteer as a guide" in page
    answer = web.post("/guides/volunteer", {"guide_pairs": ["en-zh"], "next": "/settings"})
    assert answer.status_code == 302 and answer["Location"] == "/settings"
    assert GuidePair.objects.filter(user=mei_user).count() == 1
    bad = web.post("/guides/volunteer", {"guide_pairs": ["en-en"]}, follow=True)
    assert "two different languages" in bad.content.decode()
    assert GuidePair.objects.filter(user=mei_user).count() == 1
    assert "Guide · English ↔ 中文" in web.get("/@mei").content.decode()


def test_the_hub_lists_guides_and_their_guide_notes(client, make_user, post_note):
    _mei_user, mei = make_user("mei", languages=["zh-hans"])
    mei.put("/me/guide-pairs", {"pairs": ["en-zh"]})
    guide = post_note(mei, "Scan the metro code", title="Metro guide", kind="guide")
    plain = post_note(mei, "Lunch", title="Just lunch")
    html = client.get("/newcomers").content.decode()
    assert f'href="/notes/{guide["id"]}"' in html and f'href="/notes/{plain["id"]}"' not in html
    assert 'href="/@mei"' in html
    assert "Join to ask a local" in html
    # Only pairs someone guides in are offered (and the viewer's own, first).
    assert 'href="?pair=en-zh"' in html and 'href="?pair=en-ja"' not in html
    assert client.get("/newcomers?pair=nonsense").status_code == 200  # falls back


def test_asking_a_question_on_the_web_without_photos(
    client, make_user, django_capture_on_commit_callbacks
):
    sam_user, _sam = make_user("sam")
    web = _web(client, sam_user)
    form = web.get("/notes/new?kind=question").content.decode()
    assert '<option value="question" selected>' in form
    assert '<option value="guide"' not in form  # only guides may post guides
    with django_capture_on_commit_callbacks(execute=True):
        answer = web.post(
            "/notes/new",
            {"kind": "question", "title": "Tipping?", "body": "Do people tip here?", **FORM},
        )
    assert answer.status_code == 302
    note = Note.objects.get()
    assert note.kind == "question" and note.state == Note.State.PUBLISHED
    html = web.get(f"/notes/{note.pk}").content.decode()
    assert "ask-panel" in html and "Question" in html
    refused = web.post("/notes/new", {"kind": "guide", "title": "Tips", "body": "x", **FORM})
    assert refused.status_code == 403
    assert "Volunteer as a guide" in refused.content.decode()
    assert Note.objects.count() == 1


def test_guides_see_questions_and_their_answers_stand_out(client, make_user):
    sam_user, sam = make_user("sam", languages=["en"])
    dan_user, dan = make_user("dan", languages=["en"])
    dan.put("/me/guide-pairs", {"pairs": ["en-zh"]})
    asked = sam.call(
        "POST", "/notes", data={"kind": "question", "title": "SIM?", "body": "Which SIM card?"}
    )
    note_id = asked.json()["id"]
    web = _web(client, dan_user)
    questions = web.get("/guides/questions").content.decode()
    assert f'href="/notes/{note_id}"' in questions and "Answered" not in questions
    in_place = web.post(
        f"/notes/{note_id}/comments", {"body": "An eSIM before you fly."}, HTTP_HX_REQUEST="true"
    )
    assert 'id="ask-hint" class="ask-hint" hx-swap-oob="true">A guide has answered' in (
        in_place.content.decode()
    )
    assert "Answered" in web.get("/guides/questions").content.decode()
    html = _web(client, sam_user).get(f"/notes/{note_id}").content.decode()
    assert 'class="comment answer"' in html and "Guide's answer" in html
    assert "A guide has answered" in html


def test_cards_carry_the_newcomer_badge_for_thirty_days(client, make_user, post_note):
    sam_user, sam = make_user("sam")
    note = post_note(sam, "Hello")
    _bo_user, _bo = make_user("bo")
    html = client.get("/").content.decode()
    assert f'href="/notes/{note["id"]}"' in html and 'class="label newcomer"' in html
    User.objects.filter(pk=sam_user.pk).update(date_joined=timezone.now() - timedelta(days=40))
    assert 'class="label newcomer"' not in client.get("/").content.decode()
