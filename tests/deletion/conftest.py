"""Deleting accounts: a person with a life on Crossnote, and the sweep run for real."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import TestCase
from django.utils import timezone

from crossnote.accounts import tasks
from crossnote.accounts.models import User


@pytest.fixture(autouse=True)
def _own_exports_folder(settings, tmp_path):
    settings.CROSSNOTE_EXPORTS_ROOT = tmp_path / "exports"


@pytest.fixture
def run_sweep():
    """run_sweep(user, days_ago=15): the request is made `days_ago` days old (the clock is
    the row's), then the hourly sweep runs with the tasks it queues."""

    def run(user: User | None = None, days_ago: int = 15) -> None:
        if user is not None:
            User.objects.filter(pk=user.pk).update(
                deletion_requested_at=timezone.now() - timedelta(days=days_ago)
            )
        with TestCase.captureOnCommitCallbacks(execute=True):
            tasks.delete_due_accounts.call_local()

    return run
