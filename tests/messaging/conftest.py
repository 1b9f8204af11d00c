"""Fixtures the messaging tests share: people, a moderator, and helpers to write."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from crossnote.accounts.models import User
from tests import images


@pytest.fixture
def moderator(make_user):
    """`mod`, who has the moderation permission: (user, API client)."""
    user, client = make_user("mod")
    user.user_permissions.add(Permission.objects.get(codename="moderate"))
    return user, client


@pytest.fixture
def friends(make_user):
    """`ann` and `bo`, who follow each other: (ann, ann_api, bo, bo_api)."""
    ann, ann_api = make_user("ann")
    bo, bo_api = make_user("bo")
    assert ann_api.post("/users/bo/follow").status_code == 200
    assert bo_api.post("/users/ann/follow").status_code == 200
    return ann, ann_api, bo, bo_api


def start(client: Any, *usernames: str, body: str = "", **extra: Any) -> Any:
    return client.post("/conversations", {"usernames": list(usernames), "body": body, **extra})


def send(client: Any, conversation_id: int, body: str, **extra: Any) -> Any:
    return client.post(f"/conversations/{conversation_id}/messages", {"body": body, **extra})


def send_photo(client: Any, conversation_id: int, body: str = "") -> Any:
    data = {"photo": images.upload(images.jpeg(color=(10, 120, 200)), "p.jpg"), "body": body}
    return client.call("POST", f"/conversations/{conversation_id}/photos", data=data)


def bodies(client: Any, conversation_id: int) -> list[str]:
    response = client.get(f"/conversations/{conversation_id}/messages")
    assert response.status_code == 200, response.content
    return [m["body"] for m in response.json()["items"]]


def browser(user: User | None = None) -> Client:
    """A separate browser, logged in as `user` by its session cookie (or logged out)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def assert_error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error", "message"}, body
    assert body["error"] == code, body
    assert body["message"].strip()
