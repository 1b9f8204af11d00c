"""Helpers for the live channel's tests: read a stream as a client would."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest


@dataclass
class Frame:
    id: str | None = None
    event: str = "message"
    data: str = ""
    retry: int | None = None


def parse(chunks: bytes) -> list[Frame]:
    """Server-sent events as EventSource reads them (one frame per blank-line block)."""
    frames = []
    for block in chunks.decode().split("\n\n"):
        if not block.strip() or all(line.startswith(":") for line in block.split("\n")):
            continue  # a comment (the stream's keep-alive): EventSource dispatches nothing
        frame = Frame()
        for line in block.split("\n"):
            name, _colon, value = line.partition(": ")
            if name == "id":
                frame.id = value
            elif name == "event":
                frame.event = value
            elif name == "data":
                frame.data = value
            elif name == "retry":
                frame.retry = int(value)
        frames.append(frame)
    return frames


def events_of(frames: list[Frame]) -> list[Frame]:
    return [f for f in frames if f.retry is None]


def read_stream(client: Any, path: str = "/live/events", **kwargs: Any) -> tuple[int, list[Frame]]:
    """A whole (bounded) stream: tests set CROSSNOTE_LIVE_STREAM_SECONDS to 0, so it sends
    what is waiting and ends."""
    response = client.get(path, **kwargs)
    if response.status_code != 200:
        return response.status_code, []
    assert response["Content-Type"] == "text/event-stream"
    return 200, parse(b"".join(response.streaming_content))


@dataclass
class Listener:
    """A stream read in a thread of its own, frame by frame, as a browser would."""

    response: Any
    stop_after: int = 1  # events; then the client goes away, as a closed tab does
    frames: queue.Queue = field(default_factory=queue.Queue)

    def start(self) -> Listener:
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def _read(self) -> None:
        buffer, seen = b"", 0
        try:
            for chunk in self.response.streaming_content:
                buffer += chunk
                while b"\n\n" in buffer:
                    block, buffer = buffer.split(b"\n\n", 1)
                    for frame in parse(block + b"\n\n"):
                        self.frames.put(frame)
                        seen += frame.retry is None
                if seen >= self.stop_after:
                    break
        finally:
            self.response.close()
            self.frames.put(None)

    def next_event(self, timeout: float = 10) -> Frame | None:
        while True:
            frame = self.frames.get(timeout=timeout)
            if frame is None or frame.retry is None:
                return frame


@pytest.fixture
def short_streams(settings: Any) -> Iterator[None]:
    settings.CROSSNOTE_LIVE_STREAM_SECONDS = 0
    yield
