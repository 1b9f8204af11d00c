"""gunicorn's settings for Crossnote: `crossnote serve` passes them with `--config`; run
`gunicorn -c python:crossnote.core.gunicorn_conf crossnote.wsgi` to serve without it.

gunicorn refuses a request line over 4 KB by default, with an HTML 414 page of its own and
before Django sees the request. We raise that to gunicorn's maximum (8 KB; its only larger
setting, 0, means unbounded), so an address between MAX_URL_LENGTH (4 KB) and 8 KB reaches
Django, which answers a JSON 414 with a stable code under /api/ and our page elsewhere
(crossnote/core/http_errors.py). What gunicorn still refuses itself (a longer line, a header
over 8 KB, malformed HTTP) it answers in the API's JSON error shape instead of HTML: it
refuses before reading the path, so it cannot tell the API from the web.
"""

from __future__ import annotations

import json
import os
from typing import Any

from gunicorn import util

from crossnote.core import warmup

limit_request_line = 8190  # gunicorn's maximum; Django refuses from MAX_URL_LENGTH on
limit_request_field_size = 8190  # gunicorn's default, named here to be seen
limit_request_fields = 100

# gunicorn refuses these before any application code runs, so nothing of Django's is there
# to translate the message; the code is what programs read.
CODES = {
    400: "bad_request",
    403: "forbidden",
    414: "url_too_long",
    417: "expectation_failed",
    431: "headers_too_large",
    500: "server_error",
    501: "not_implemented",
}


def write_json_error(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn.util.write_error's contract (status, reason, detail), answered as JSON."""
    body = json.dumps(
        {"error": CODES.get(status_int, "bad_request"), "message": f"{reason}."}
    ).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode("latin-1")
    util.write_nonblock(sock, head + body)


# The workers gunicorn forks from this process call util.write_error for every refusal of
# its own; there is no setting for its shape, so we replace the function.
util.write_error = write_json_error


# The application and its language data are loaded once, here in the master, and shared by
# the workers it forks (crossnote/core/warmup.py; bench/memory.py measures the difference).
# CROSSNOTE_PRELOAD=0 turns it off (each worker then loads its own copy on a thread).
preload_app = os.environ.get("CROSSNOTE_PRELOAD", "1") != "0"
if preload_app:
    warmup.load_in_master_before_fork()


def when_ready(server: Any) -> None:
    """After the application is loaded (preload_app), before the first worker is forked."""
    if preload_app:
        warmup.before_fork()


def worker_exit(server: Any, worker: Any) -> None:
    """A worker leaving cleanly flushes the views it still holds (CROSSNOTE_VIEW_BUFFER=memory)."""
    from crossnote.engagement.view_counts import close_buffer

    close_buffer()
