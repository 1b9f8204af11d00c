"""Fixtures the community tests share."""

import pytest
from django.contrib.auth.models import Permission


@pytest.fixture
def moderator(make_user):
    """`mod`, who has the moderation permission: their API client."""
    user, client = make_user("mod")
    user.user_permissions.add(Permission.objects.get(codename="moderate"))
    return client
