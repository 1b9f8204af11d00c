from django import template

from crossnote.imports.models import Platform

register = template.Library()


@register.filter
def platform_name(value: str) -> str:
    """ "Instagram" or "TikTok" for a note's `original_platform` (a brand: not translated)."""
    return dict(Platform.choices).get(value, value)
