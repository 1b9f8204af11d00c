"""The worker's part in counting views: flush the Redis view buffer every second.

Huey calls start-up hooks in each worker of `crossnote run_huey`; the flusher starts once per
process (crossnote.engagement.view_counts). Views wait in Redis, so a worker that stops or
dies leaves them for the next flush, by this worker or another.
"""

from __future__ import annotations

from huey.contrib.djhuey import HUEY

from crossnote.engagement import view_counts


@HUEY.on_startup("view_flusher")
def start_view_flusher() -> None:
    view_counts.start_flusher()


@HUEY.on_shutdown("view_flusher")
def stop_view_flusher() -> None:
    view_counts.stop_flusher()
