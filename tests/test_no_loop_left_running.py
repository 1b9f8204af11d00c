"""The guard of tests/conftest.py: a test that leaves an asyncio event loop marked running in
the test thread fails at its teardown, and the tests after it run without that loop."""

from __future__ import annotations

import asyncio

import pytest

from tests.conftest import LoopLeftRunning, refuse_a_running_loop


def test_a_loop_left_running_is_refused_and_unmarked():
    loop = asyncio.new_event_loop()
    try:
        asyncio._set_running_loop(loop)
        blame = r"tests/x\.py::test_y left an asyncio event loop running"
        with pytest.raises(LoopLeftRunning, match=blame):
            refuse_a_running_loop("tests/x.py::test_y")
        assert asyncio._get_running_loop() is None
    finally:
        asyncio._set_running_loop(None)
        loop.close()


def test_no_loop_is_fine():
    refuse_a_running_loop("tests/x.py::test_y")


def test_a_loop_closed_by_its_test_is_fine():
    assert asyncio.run(asyncio.sleep(0, result="done")) == "done"
    refuse_a_running_loop("tests/x.py::test_y")
