"""Reads for exports."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from crossnote.exports.models import Export


def exports_of(user: object) -> QuerySet[Export]:
    """The person's exports that have not expired, newest first."""
    live = Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    return Export.objects.filter(live, owner_id=getattr(user, "pk", None)).order_by("-id")[:20]
