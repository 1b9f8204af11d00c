"""Redis stops answering (for real, through tests/redis_proxy.py): a like still succeeds and
its notification is written; the live hint is dropped, streams answer "retry later" instead
of failing, and once Redis is back events flow again."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from crossnote import live
from crossnote.live import backends
from crossnote.notifications.models import Notification
from tests.live.conftest import events_of, read_stream
from tests.test_redis_outage import Outage, real_queue, redis_outage, run_worker  # noqa: F401


@pytest.mark.faults
@pytest.mark.django_db(transaction=True)
def test_a_like_succeeds_while_the_live_channel_is_down(
    redis_outage: Outage,  # noqa: F811
    make_user: Any,
    post_note: Any,
    settings: Any,
) -> None:
    settings.CROSSNOTE_LIVE_STREAM_SECONDS = 0
    anna, anna_api = make_user("anna")
    _bo, bo_api = make_user("bo")
    note = post_note(anna_api)
    run_worker()
    assert isinstance(backends.live_backend(), backends.RedisBackend)
    start = live.latest_id(anna.pk)
    web = Client()
    web.force_login(anna)

    redis_outage.proxy.blackhole()
    live.publish([anna.pk], "direct", {})  # outside a transaction: sent (and lost) at once
    assert bo_api.post(f"/notes/{note['id']}/like").status_code == 200
    status, frames = read_stream(web, data={"after": start})
    assert status == 200
    assert events_of(frames) == [] and frames[-1].retry == outage_retry_ms(settings)

    redis_outage.end()  # the notify task kept in the outbox goes to the queue
    run_worker()
    assert Notification.objects.filter(recipient=anna, kind="like").count() == 1
    _, frames = read_stream(web, data={"after": start})
    assert [e.event for e in events_of(frames)] == ["notification"]  # "direct" was lost


def outage_retry_ms(settings: Any) -> int:
    return int(settings.CROSSNOTE_REDIS_RETRY_SECONDS) * 1000
