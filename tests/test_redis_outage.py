"""Redis stops answering: reads fall back to the database, logins fail closed, writes keep
their tasks in the outbox, and when Redis is back the outbox drains and nothing is lost.

The fault is real: the app talks to Redis through a TCP proxy (tests/redis_proxy.py) that
swallows every byte or refuses connections. Tasks go through the real queue (not run at
once as elsewhere in the suite), and the tests run the worker's loop themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone
from huey import signals
from huey.contrib.djhuey import HUEY
from huey.storage import RedisStorage, SqliteStorage

from crossnote.core import outage, outbox
from crossnote.core.models import PendingTask
from crossnote.feeds.stores import RedisTimelineStore, timeline_store
from crossnote.moderation.filters import filters_of
from crossnote.notes.models import Note
from crossnote.notifications.models import Notification
from crossnote.settings import redis_cache
from tests import images
from tests.conftest import PASSWORD
from tests.redis_proxy import RedisProxy

# Short, so a test pays little for the one timeout the breaker lets through.
TIMEOUT = 0.2


class Clock:
    """The breaker's clock, moved by the test instead of by waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def run_worker() -> int:
    """The consumer's loop: take tasks off the real queue and run them until it is empty.
    Returns how many ran; a task that raised fails the test."""
    errors: list[BaseException] = []

    def on_error(_signal: str, task: Any, exc: BaseException | None = None) -> None:
        errors.append(exc or RuntimeError(f"{task} failed"))

    HUEY.signal(signals.SIGNAL_ERROR)(on_error)
    ran = 0
    try:
        while (task := HUEY.dequeue()) is not None:
            HUEY.execute(task)
            ran += 1
    finally:
        HUEY.disconnect_signal(on_error, signals.SIGNAL_ERROR)
    assert not errors, errors
    return ran


@pytest.fixture
def real_queue(monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Any) -> Iterator[None]:
    """Tasks are queued, not run at once: in this test's own SQLite file, or in this xdist
    worker's Redis database at scale."""
    monkeypatch.setattr(HUEY, "immediate", False)
    if settings.REDIS_URL:
        storage = RedisStorage(HUEY.name, url=settings.HUEY["url"], blocking=False)
    else:
        storage = SqliteStorage(HUEY.name, filename=str(tmp_path / "tasks.sqlite3"))
    monkeypatch.setattr(HUEY, "storage", storage)
    storage.flush_queue()
    yield
    storage.flush_queue()


@dataclass
class Outage:
    proxy: RedisProxy
    clock: Clock
    statuses: list[tuple[str, int]] = field(default_factory=list)

    def record(self, label: str, response: Any) -> Any:
        self.statuses.append((label, response.status_code))
        return response

    def end(self) -> int:
        """Redis answers again and the breaker's cool-down has passed; then the worker's
        sweep runs (here at once, not a minute later). Returns the rows handed over."""
        self.proxy.restore()
        self.clock.advance(outage.breaker.cooldown)
        return outbox.sweep(grace=timedelta(0))


@pytest.fixture
def redis_outage(
    real_queue: None, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> Iterator[Outage]:
    """Cache, timelines and queue all reach Redis through a proxy the test controls."""
    if not settings.REDIS_URL:
        pytest.skip("Redis faults need the scale-out profile (REDIS_URL)")
    target = urlsplit(settings.REDIS_URL)
    proxy = RedisProxy(target.hostname or "127.0.0.1", target.port or 6379)
    url = proxy.url(int(target.path.strip("/") or 0))
    fast = {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT}
    queue_url = f"{url}?socket_connect_timeout={TIMEOUT}&socket_timeout={TIMEOUT}"
    monkeypatch.setattr(HUEY, "storage", RedisStorage(HUEY.name, url=queue_url, blocking=False))
    clock = Clock()
    monkeypatch.setattr(outage.breaker, "clock", clock)
    outage.breaker.reset()
    with override_settings(
        CACHES={"default": {**redis_cache(url), "OPTIONS": fast}},
        REDIS_URL=url,
        CROSSNOTE_TIMELINE_STORE="redis",
        CROSSNOTE_REDIS_TIMEOUT=TIMEOUT,
    ):
        timeline_store.cache_clear()
        try:
            yield Outage(proxy, clock)
        finally:
            proxy.restore()
            timeline_store.cache_clear()
    proxy.close()
    outage.breaker.reset()


def _post_note(client: Any, title: str) -> dict:
    data = {"title": title, "body": f"{title} #walk", "images": [images.upload(images.jpeg())]}
    response = client.call("POST", "/notes", data=data)
    assert response.status_code == 201, response.content
    return response.json()


def _compose(title: str) -> dict:
    """The web compose form's fields, with one photo."""
    return {
        "title": title,
        "body": "x",
        "topic": "travel",
        "visibility": "public",
        "place": "",
        "images": [images.upload(images.png(), "a.png")],
        "alt_text": [""],
    }


def _web_client(username: str) -> Client:
    web = Client()
    assert web.post("/login", {"username": username, "password": PASSWORD}).status_code == 302
    return web


@pytest.mark.faults
@pytest.mark.django_db(transaction=True)
def test_everything_answers_while_redis_is_down_and_nothing_is_lost(
    redis_outage: Outage, make_user: Any, api: Any
) -> None:
    anna, anna_api = make_user("anna")
    ben, ben_api = make_user("ben")
    assert ben_api.post("/users/anna/follow").status_code == 200
    before = _post_note(anna_api, "Before")
    run_worker()
    assert Note.objects.get(pk=before["id"]).state == Note.State.PUBLISHED
    store = timeline_store()
    assert isinstance(store, RedisTimelineStore)
    assert store.page(ben.pk, None, 10) == [before["id"]]
    anna_web, ben_web = _web_client("anna"), _web_client("ben")

    redis_outage.proxy.blackhole()
    down = redis_outage.record
    down("api signup", api.post("/auth/signup", {"username": "cara", "password": PASSWORD}))
    down("web signup", Client().post("/signup", {"username": "dora", "password": PASSWORD}))
    down("api login", api.post("/auth/token", {"username": "anna", "password": PASSWORD}))
    down("web login", Client().post("/login", {"username": "ben", "password": PASSWORD}))
    down("web discover", ben_web.get("/"))
    down("api discover", ben_api.get("/feeds/discover"))
    following = down("web following", ben_web.get("/following"))
    assert "Before" in following.content.decode()
    api_following = down("api following", ben_api.get("/feeds/following"))
    assert [n["id"] for n in api_following.json()["items"]] == [before["id"]]
    down("web notifications", anna_web.get("/notifications"))
    down("api notifications", anna_api.get("/notifications"))
    down("web search", ben_web.get("/search", {"q": "walk"}))
    down("api search", ben_api.get("/search", q="walk"))
    down("web note", ben_web.get(f"/notes/{before['id']}"))
    down("api note", ben_api.get(f"/notes/{before['id']}"))
    during = _post_note(anna_api, "During")
    redis_outage.statuses.append(("api post note", 201))
    web_post = down(
        "web post note",
        anna_web.post("/notes/new", _compose("From the web"), HTTP_HX_REQUEST="true"),
    )
    down("api like", ben_api.post(f"/notes/{before['id']}/like"))
    down("api comment", ben_api.post(f"/notes/{before['id']}/comments", {"body": "Lovely"}))

    failed = [(label, status) for label, status in redis_outage.statuses if status >= 500]
    assert failed == []
    assert web_post.status_code == 204
    # The breaker let one call wait for Redis; every other call failed at once.
    assert redis_outage.proxy.swallowed == 1
    posted = [during["id"], Note.objects.get(title="From the web").pk]
    assert set(Note.objects.filter(pk__in=posted).values_list("state", flat=True)) == {
        Note.State.PROCESSING
    }
    waiting = PendingTask.objects.count()
    assert waiting >= 4  # two notes' photos, a like's and a comment's notifications

    assert redis_outage.end() == waiting
    run_worker()
    assert PendingTask.objects.count() == 0
    assert set(Note.objects.filter(pk__in=posted).values_list("state", flat=True)) == {
        Note.State.PUBLISHED
    }
    assert store.page(ben.pk, None, 10) == sorted([*posted, before["id"]], reverse=True)
    kinds = set(Notification.objects.filter(recipient=anna).values_list("kind", flat=True))
    assert {"like", "comment"} <= kinds
    print(  # the figures for the report (shown with -rP)
        f"\n{len(redis_outage.statuses)} requests while Redis was down:",
        ", ".join(f"{label} {status}" for label, status in redis_outage.statuses),
        f"\n{waiting} tasks kept in the outbox, all handed over; notes lost: 0",
    )


@pytest.mark.faults
@pytest.mark.django_db(transaction=True)
def test_logins_fail_closed_while_limits_cannot_be_counted(
    redis_outage: Outage, make_user: Any, api: Any, settings: Any
) -> None:
    make_user("anna")
    settings.CROSSNOTE_RATE_LIMITS = True
    redis_outage.proxy.blackhole()

    token = api.post("/auth/token", {"username": "anna", "password": PASSWORD})
    assert token.status_code == 503
    assert token.json()["error"] == "temporarily_unavailable"
    assert "Logging in is paused" in token.json()["message"]
    assert token["Retry-After"] == str(int(outage.breaker.cooldown))
    redis_outage.clock.advance(4)
    page = Client().post("/login", {"username": "anna", "password": PASSWORD})
    assert page.status_code == 503
    assert page["Retry-After"] == str(int(outage.breaker.cooldown) - 4)
    assert "Logging in is paused" in page.content.decode()
    # Every other limit fails open: signing up and posting go on, uncounted.
    _cara, cara = make_user("cara")
    _post_note(cara, "Still posting")

    redis_outage.end()
    again = api.post("/auth/token", {"username": "anna", "password": PASSWORD})
    assert again.status_code == 201


@pytest.mark.faults
@pytest.mark.django_db(transaction=True)
def test_refused_connections_cost_nothing_and_lose_nothing(
    redis_outage: Outage, make_user: Any
) -> None:
    anna, anna_api = make_user("anna")
    _ben, ben_api = make_user("ben")
    ben_api.post("/users/anna/follow")
    run_worker()

    redis_outage.proxy.refuse()
    note = _post_note(anna_api, "Refused")
    assert ben_api.get("/feeds/following").status_code == 200
    assert anna_api.get(f"/notes/{note['id']}").json()["state"] == "processing"
    assert PendingTask.objects.filter(task__endswith="process_note_photos").count() == 1

    redis_outage.end()
    run_worker()
    assert Note.objects.get(pk=note["id"]).state == Note.State.PUBLISHED
    assert timeline_store().page(_ben.pk, None, 10) == [note["id"]]
    assert PendingTask.objects.count() == 0
    assert anna.pk  # the author is untouched by the outage


@pytest.mark.faults
@pytest.mark.django_db(transaction=True)
def test_a_cache_entry_made_stale_during_the_outage_is_dropped_when_redis_is_back(
    redis_outage: Outage, make_user: Any
) -> None:
    anna, anna_api = make_user("anna")
    assert filters_of(anna.pk) == []  # cached

    redis_outage.proxy.blackhole()
    assert anna_api.post("/me/filters", {"phrase": "spoiler", "action": "hide"}).status_code == 201
    assert filters_of(anna.pk) == [("spoiler", "hide")]  # read from the database meanwhile

    redis_outage.end()
    assert cache.get(f"keyword-filters:{anna.pk}") == []  # the stale entry, until…
    run_worker()
    assert filters_of(anna.pk) == [("spoiler", "hide")]


@pytest.mark.django_db(transaction=True)
def test_a_queued_task_leaves_the_outbox_once_the_queue_has_it(
    real_queue: None, make_user: Any
) -> None:
    _anna, anna = make_user("anna")
    note = _post_note(anna, "Queued")
    assert PendingTask.objects.count() == 0
    assert Note.objects.get(pk=note["id"]).state == Note.State.PROCESSING
    assert run_worker() >= 1
    assert Note.objects.get(pk=note["id"]).state == Note.State.PUBLISHED


def test_a_task_survives_a_process_that_dies_between_commit_and_queue(
    real_queue: None, make_user: Any, client: Client
) -> None:
    """In this test's transaction nothing after the commit runs, as if the web process was
    killed right after committing: the note's task must still reach the queue."""
    from crossnote.notes import tasks

    anna, _api = make_user("anna")
    client.force_login(anna)
    assert client.post("/notes/new", _compose("T"), HTTP_HX_REQUEST="true").status_code == 204
    note = Note.objects.get(title="T")
    assert HUEY.pending_count() == 0
    row = PendingTask.objects.get()
    assert (row.task, row.args) == (outbox.task_name(tasks.process_note_photos), [note.pk])

    assert outbox.sweep() == 0  # too fresh: its own process may be handing it over now
    assert outbox.sweep(grace=timedelta(0)) == 1
    assert PendingTask.objects.count() == 0
    [queued] = HUEY.pending()
    assert (type(queued), queued.args) == (tasks.process_note_photos.task_class, (note.pk,))


def test_a_starting_worker_sweeps_the_outbox_first(real_queue: None, db: None) -> None:
    from threading import Event

    from huey.consumer import Worker

    from crossnote.notes import tasks

    name = outbox.task_name(tasks.process_note_photos)
    old = timezone.now() - outbox.SWEEP_GRACE - timedelta(seconds=1)
    PendingTask.objects.create(task=name, args=[7], created_at=old)
    Worker(HUEY, Event(), 0.1, 1, 1.15).initialize()  # what the consumer runs at start
    assert PendingTask.objects.count() == 0
    assert [t.args for t in HUEY.pending()] == [(7,)]


class TestCircuitBreaker:
    def test_one_failure_opens_it_until_the_cool_down_then_one_probe_at_a_time(
        self, settings: Any
    ) -> None:
        settings.CROSSNOTE_REDIS_RETRY_SECONDS = 10
        clock = Clock()
        breaker = outage.CircuitBreaker(clock)
        assert breaker.allow()
        breaker.failed()
        assert not breaker.allow()
        assert breaker.retry_after() == 10
        clock.advance(9.5)
        assert not breaker.allow()
        assert breaker.retry_after() == 1
        clock.advance(0.5)
        assert breaker.allow()  # the probe
        assert not breaker.allow()  # others still fail fast while it is out
        breaker.failed()
        clock.advance(10)
        assert breaker.allow()
        breaker.succeeded()
        assert breaker.allow() and breaker.allow()
