"""Reporting notes, comments and people; report and block in one step."""

from crossnote.moderation.models import Report


def test_report_and_block_is_one_step_and_the_block_applies_at_once(make_user, post_note):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    bo.post("/users/anna/follow")
    note = post_note(anna, "buy followers here!!!")
    assert [n["id"] for n in bo.get("/feeds/following").json()["items"]] == [note["id"]]
    answer = bo.post(
        "/reports",
        {
            "about": "note",
            "note_id": note["id"],
            "reason": "spam",
            "text": "selling followers",
            "block": True,
        },
    )
    assert answer.status_code == 201 and answer.json()["blocked"] is True
    report = Report.objects.get()
    assert (report.person.username, report.note_id, report.reason, report.state) == (
        "anna",
        note["id"],
        "spam",
        "open",
    )
    assert bo.get("/feeds/following").json()["items"] == []
    assert bo.get("/feeds/discover").json()["items"] == []
    assert bo.get(f"/notes/{note['id']}").status_code == 404


def test_reporting_a_comment_keeps_its_thread_for_context(make_user, post_note):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    note = post_note(anna)
    comment = bo.post(f"/notes/{note['id']}/comments", {"body": "rude words"}).json()
    answer = anna.post(
        "/reports",
        {
            "about": "comment",
            "note_id": note["id"],
            "comment_id": comment["id"],
            "reason": "harassment",
        },
    )
    assert answer.status_code == 201 and answer.json()["blocked"] is False
    report = Report.objects.get()
    assert (report.person.username, report.comment_id, report.note_id) == (
        "bo",
        comment["id"],
        note["id"],
    )


def test_reporting_a_person_and_repeats_make_one_open_report(make_user):
    make_user("anna")
    _bo, bo = make_user("bo")
    for _ in range(2):
        assert (
            bo.post(
                "/reports", {"about": "person", "username": "anna", "reason": "other"}
            ).status_code
            == 201
        )
    assert Report.objects.count() == 1


def test_bad_reports_are_refused_and_store_nothing(make_user, post_note):
    _anna, anna = make_user("anna")
    _bo, bo = make_user("bo")
    private = post_note(anna, "mine", visibility="private")
    assert (
        bo.post(
            "/reports", {"about": "note", "note_id": private["id"], "reason": "spam"}
        ).status_code
        == 404
    )
    assert (
        bo.post("/reports", {"about": "person", "username": "anna", "reason": "meh"}).json()[
            "error"
        ]
        == "invalid_reason"
    )
    assert (
        bo.post("/reports", {"about": "person", "username": "bo", "reason": "spam"}).json()["error"]
        == "cannot_report_self"
    )
    assert bo.post("/reports", {"about": "note", "reason": "spam"}).status_code == 400
    assert not Report.objects.exists()


def test_report_and_block_from_the_web_note_page(client, make_user, post_note):
    from crossnote.accounts.models import User

    _anna, anna = make_user("anna")
    bo_user, bo = make_user("bo")
    bo.post("/users/anna/follow")
    note = post_note(anna, "buy followers")
    client.force_login(bo_user)
    page = client.get(f"/notes/{note['id']}").content.decode()
    assert 'data-testid="send-report"' in page
    sent = client.post(
        "/@anna/report", {"note": note["id"], "reason": "spam", "text": "ad", "block": "on"}
    )
    assert sent.status_code == 302
    report = Report.objects.get()
    assert (report.note_id, report.reason, report.person.username) == (note["id"], "spam", "anna")
    assert client.get(f"/notes/{note['id']}").status_code == 404  # blocked: gone at once
    assert bo.get("/feeds/following").json()["items"] == []
    assert User.objects.get(username="anna").follower_count == 0
