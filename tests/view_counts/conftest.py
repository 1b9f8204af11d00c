"""Fixtures for counting views through a buffer."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from crossnote.engagement import view_counts


@pytest.fixture
def memory_buffer(monkeypatch: Any) -> view_counts.MemoryBuffer:
    """Views wait in this process until the test flushes (no flush thread runs)."""
    buffer = view_counts.MemoryBuffer(background=False)
    monkeypatch.setattr(view_counts, "view_buffer", lambda: buffer)
    return buffer


@pytest.fixture
def redis_buffer(monkeypatch: Any, settings: Any) -> Iterator[view_counts.RedisBuffer]:
    """The Redis buffer of the PostgreSQL + Redis profile, emptied before and after."""
    if not settings.REDIS_URL:
        pytest.skip("the Redis buffer needs REDIS_URL (the PostgreSQL + Redis half)")
    buffer = view_counts.RedisBuffer(
        settings.REDIS_URL, f"cn-test-{os.getpid()}:", background=False
    )
    buffer.client.delete(buffer.pending, buffer.flushing, buffer.lock)
    monkeypatch.setattr(view_counts, "view_buffer", lambda: buffer)
    yield buffer
    buffer.client.delete(buffer.pending, buffer.flushing, buffer.lock)
