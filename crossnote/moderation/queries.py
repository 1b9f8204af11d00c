"""Reads for moderation: the site's settings."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from crossnote.moderation.models import SiteSettings

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
