"""A retried post does not post twice: `Idempotency-Key` on POST /notes and on comments, and
a one-time token in the web compose form."""

from __future__ import annotations

import re
import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, connection
from django.test import Client
from django.utils import timezone

from crossnote.engagement.models import Comment
from crossnote.idempotency import actions as idempotency
from crossnote.idempotency.models import IdempotencyKey
from crossnote.idempotency.tasks import forget_expired_keys
from crossnote.media.models import Photo
from crossnote.notes.models import Note
from tests import images
from tests.conftest import ApiClient
from tests.test_bad_input import assert_error


@pytest.fixture
def anna(make_user):
    return make_user("anna")[1]


def post(client: Any, key: str | None, title: str = "Dumplings", photo_color: int = 90) -> Any:
    data = {
        "title": title,
        "body": "The best in town",
        "images": [images.upload(images.jpeg(color=(200, 40, photo_color)), "p.jpg")],
    }
    return client.call("POST", "/notes", data=data, headers={"Idempotency-Key": key} if key else {})


def test_the_same_key_and_content_twice_make_one_note(anna):
    first = post(anna, "retry-1")
    second = post(anna, "retry-1")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert Note.objects.count() == 1
    assert Photo.objects.count() == 1


def test_without_a_key_each_post_is_a_note(anna):
    post(anna, None)
    post(anna, None)
    assert Note.objects.count() == 2


@pytest.mark.parametrize(
    "change", [{"title": "Noodles"}, {"photo_color": 10}], ids=["other-text", "other-photo"]
)
def test_the_same_key_with_other_content_is_refused(anna, change):
    post(anna, "retry-1")
    assert_error(post(anna, "retry-1", **change), 422, "idempotency_key_reused")
    assert Note.objects.count() == 1


def test_keys_belong_to_one_person(anna, make_user):
    _bo, bo = make_user("bo")
    assert post(anna, "same").json()["id"] != post(bo, "same").json()["id"]
    assert Note.objects.count() == 2


def test_a_refused_post_does_not_use_up_its_key(anna):
    assert_error(post(anna, "k", title="x" * 200), 400, "title_too_long")
    assert post(anna, "k").status_code == 201
    assert Note.objects.count() == 1


def test_a_key_is_kept_24_hours(anna):
    first = post(anna, "k").json()["id"]
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=23))
    assert post(anna, "k").json()["id"] == first
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert post(anna, "k").json()["id"] != first
    assert Note.objects.count() == 2


def test_the_periodic_cleanup_forgets_keys_past_24_hours(anna):
    post(anna, "old")
    post(anna, "new", title="Noodles")
    IdempotencyKey.objects.filter(key="old").update(created_at=timezone.now() - timedelta(hours=25))
    forget_expired_keys.call_local()
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]


def test_replaying_a_deleted_note_says_it_is_gone(anna):
    note_id = post(anna, "k").json()["id"]
    assert anna.delete(f"/notes/{note_id}").status_code == 200
    assert_error(post(anna, "k"), 404, "not_found")
    assert Note.objects.count() == 0


@pytest.mark.parametrize("key", ["", " ", "k" * 256, "ключ", "a\tb"])
def test_a_key_that_is_not_one(anna, key):
    response = anna.call(
        "POST", "/notes", data={"title": "T", "kind": "question"}, headers={"Idempotency-Key": key}
    )
    assert_error(response, 400, "invalid_idempotency_key")
    assert Note.objects.count() == 0


def test_the_same_comment_twice_is_one_comment(anna, post_note):
    note = post_note(anna)
    answers = [
        anna.call(
            "POST",
            f"/notes/{note['id']}/comments",
            json_body={"body": "Lovely"},
            headers={"Idempotency-Key": "c-1"},
        )
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json()["id"] == answers[1].json()["id"]
    assert Comment.objects.count() == 1
    assert Note.objects.get(pk=note["id"]).comment_count == 1
    other = anna.call(
        "POST",
        f"/notes/{note['id']}/comments",
        json_body={"body": "Something else"},
        headers={"Idempotency-Key": "c-1"},
    )
    assert_error(other, 422, "idempotency_key_reused")


# ------------------------------------------------------------------------------------------
# Two requests with one key at the same time


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="on SQLite, B's transaction waits at BEGIN IMMEDIATE until A's ends, so B cannot "
    "look the key up while A's claim is uncommitted: the race this test stages cannot happen",
)
@pytest.mark.django_db(transaction=True)
def test_two_requests_with_one_key_at_once_make_one_note(anna, monkeypatch):
    """A claims the key and waits, uncommitted, until B has looked the key up and found
    nothing; then A commits and B's claim meets the unique constraint: B answers with A's
    note. No second note, no second photo file."""
    a_claimed, b_looked = threading.Event(), threading.Event()
    real_claim, real_earlier = idempotency.Once.claim, idempotency._earlier

    b_claim_errors: list[type] = []

    def claim(self):
        try:
            real_claim(self)
        except Exception as exc:
            b_claim_errors.append(type(exc))
            raise
        if threading.current_thread().name == "A":
            a_claimed.set()
            assert b_looked.wait(timeout=30)

    def earlier(once):
        found = real_earlier(once)
        if threading.current_thread().name == "B" and not b_looked.is_set():
            b_looked.set()
        return found

    monkeypatch.setattr(idempotency.Once, "claim", claim)
    monkeypatch.setattr(idempotency, "_earlier", earlier)
    answers: dict[str, Any] = {}

    def send(name: str) -> None:
        try:
            answers[name] = post(ApiClient(Client(), anna.spec, anna.token), "k")
        finally:
            connection.close()

    a = threading.Thread(target=send, args=("A",), name="A")
    a.start()
    assert a_claimed.wait(timeout=30)
    b = threading.Thread(target=send, args=("B",), name="B")
    b.start()
    a.join(timeout=60)
    b.join(timeout=60)
    assert answers["A"].status_code == answers["B"].status_code == 201, answers
    assert answers["A"].json()["id"] == answers["B"].json()["id"]
    assert b_claim_errors == [IntegrityError]  # the unique constraint decided
    assert Note.objects.count() == 1
    assert Photo.objects.count() == 1


# ------------------------------------------------------------------------------------------
# The web compose form


@pytest.fixture
def web(client, make_user):
    user, _api = make_user("cai")
    client.force_login(user)
    return client


def _form(web: Client) -> dict:
    page = web.get("/notes/new").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    return {
        "title": "Tea house",
        "body": "Quiet",
        "topic": "other",
        "kind": "note",
        "visibility": "public",
        "form_token": token,
    }


def _submit(web: Client, form: dict, **headers: str) -> Any:
    photo = images.upload(images.jpeg(color=(10, 200, 90)), "tea.jpg")
    return web.post("/notes/new", {**form, "images": [photo]}, headers=headers)


def test_submitting_the_compose_form_twice_makes_one_note(web):
    form = _form(web)
    first, second = _submit(web, form), _submit(web, form)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Note.objects.count() == 1


def test_a_double_click_through_htmx_makes_one_note(web):
    form = _form(web)
    answers = [_submit(web, form, HX_Request="true") for _ in range(2)]
    assert [a.status_code for a in answers] == [204, 204]
    assert answers[0]["HX-Redirect"] == answers[1]["HX-Redirect"]
    assert Note.objects.count() == 1


def test_each_compose_form_is_its_own_note(web):
    _submit(web, _form(web))
    _submit(web, _form(web))
    assert Note.objects.count() == 2


def test_a_form_sent_back_with_an_error_keeps_its_token(web):
    form = _form(web)
    refused = _submit(web, {**form, "title": "x" * 200})
    assert refused.status_code == 400
    assert f'value="{form["form_token"]}"' in refused.content.decode()
    _submit(web, form)
    _submit(web, form)
    assert Note.objects.count() == 1


def test_a_spent_token_with_other_content_gets_a_fresh_form(web):
    form = _form(web)
    _submit(web, form)
    again = _submit(web, {**form, "title": "Another"})
    assert again.status_code == 400
    page = again.content.decode()
    assert "already posted a note" in page
    fresh = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    assert fresh != form["form_token"]
    assert _submit(web, {**form, "title": "Another", "form_token": fresh}).status_code == 302
    assert Note.objects.count() == 2
