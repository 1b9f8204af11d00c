"""Reads about moderation that other areas ask: the site's settings, who is suspended or
banned, and whether someone is a moderator.

Kept apart from `moderation.actions` (which imports the relations and feeds writes) so that
read modules such as `notes.queries` can ask without an import cycle.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from crossnote.accounts.models import User
from crossnote.moderation.models import SiteSettings
from crossnote.relations.queries import is_authenticated

SITE_SETTINGS_CACHE_KEY = "moderation:site-settings"
SITE_SETTINGS_CACHE_SECONDS = 300


def site_settings() -> SiteSettings:
    """The one SiteSettings row, made with the deployment's defaults (CROSSNOTE_TRENDING_REVIEW)
    the first time. Cached; moderation.actions.do_save_site_settings forgets it."""
    row = cache.get(SITE_SETTINGS_CACHE_KEY)
    if row is None:
        row, _created = SiteSettings.objects.get_or_create(
            pk=1, defaults={"hashtags_need_review": settings.CROSSNOTE_TRENDING_REVIEW}
        )
        cache.set(SITE_SETTINGS_CACHE_KEY, row, SITE_SETTINGS_CACHE_SECONDS)
    return row


def hashtags_need_review() -> bool:
    return site_settings().hashtags_need_review


def forget_site_settings() -> None:
    cache.delete(SITE_SETTINGS_CACHE_KEY)


def restricted_people(limit: int = 100) -> list[User]:
    """People suspended right now or banned, newest accounts first."""
    restricted = Q(is_active=False) | Q(suspended_until__gt=timezone.now())
    return list(User.objects.filter(restricted).order_by("-id")[:limit])


def is_moderator(user: object) -> bool:
    """Whether `user` may handle reports. Costs a permission query the first time per
    request (Django caches it on the user), so callers ask only when it matters."""
    return is_authenticated(user) and bool(user.has_perm("moderation.moderate"))  # type: ignore[attr-defined]
