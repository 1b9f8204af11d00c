"""Test settings: the real settings, with tasks run in-process and cheap password hashing."""

import os
import tempfile

os.environ.setdefault("CROSSNOTE_TASK_LOG_LEVEL", "WARNING")
os.environ.setdefault("CROSSNOTE_DATA_DIR", tempfile.mkdtemp(prefix="crossnote-test-"))

from crossnote.settings import *  # noqa: F403
from crossnote.settings import HUEY, STATIC_ROOT

STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Tasks run synchronously when enqueued (after commit), with the real task code.
HUEY = {**HUEY, "immediate": True}
# Argon2 still, with a small cost: a test suite signs up hundreds of people.
PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher"]
# Tests post many notes from brand-new accounts; the limit tests turn the limits back on.
CROSSNOTE_RATE_LIMITS = False
# Every signed-in page of the browser tests opens a live stream, which holds a slot until it
# ends (CROSSNOTE_LIVE_STREAM_SECONDS): with the default 4 slots per process, later tests in
# the same process got "busy, poll later" instead of a stream. Tests of the limit set it.
CROSSNOTE_LIVE_MAX_STREAMS = 1000
# Views are counted in the request, so a test sees them at once; tests/views_counting turns
# the buffers on.
CROSSNOTE_VIEW_BUFFER = os.environ.get("CROSSNOTE_VIEW_BUFFER", "off")

if "sqlite" in DATABASES["default"]["ENGINE"]:  # noqa: F405
    # The test database is a file in WAL mode, as in production, not Django's default shared
    # in-memory database: there, two connections lock whole tables and a write beside another
    # thread's read fails at once with "database table is locked" instead of waiting on
    # busy_timeout (CI failed so when a browser test's live stream read beside the next
    # test's first INSERT). On /dev/shm where there is one, so it costs no disk writes.
    # Named by process (pytest-django adds the xdist worker), so two checkouts testing at
    # once never share a file; tests/conftest.py removes it and its -wal/-shm at the end.
    _shm = "/dev/shm"  # noqa: S108
    _test_dir = _shm if os.path.isdir(_shm) else os.environ["CROSSNOTE_DATA_DIR"]
    _name = f"crossnote-test-{os.getpid()}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(_test_dir, _name)}  # noqa: F405

_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
if REDIS_URL:  # noqa: F405
    # Each xdist worker gets its own Redis database: the URL's number plus the worker's.
    _base, _, _number = REDIS_URL.rpartition("/")  # noqa: F405
    _db = int(_number or 0) + int(_worker.removeprefix("gw") or 0)
    _url = f"{_base}/{_db}"
    REDIS_URL = _url
    CACHES = {"default": redis_cache(_url)}  # noqa: F405
    HUEY = {**HUEY, "url": redis_queue_url(_url)}  # noqa: F405
