"""How API requests say who they are: `Authorization: Bearer <token>`, or the web session."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from crossnote.accounts.actions import user_for_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return user_for_token(token)


class OptionalBearer(BearerToken):
    """For pages anyone may read: the token's user, the session's user, or AnonymousUser.
    A token that is sent but wrong is still an error, never silently anonymous."""

    def __call__(self, request: HttpRequest) -> Any:
        if request.headers.get("Authorization"):
            user = super().__call__(request)
            if not user:
                raise AuthenticationError()
            return user
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return AnonymousUser()


required = [BearerToken(), SessionAuth()]
optional = [OptionalBearer()]
