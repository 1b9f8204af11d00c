"""Settings for a real task worker beside the tests: the test settings, with a real queue
(the tests' own run tasks in-process)."""

from tests.settings import *  # noqa: F403
from tests.settings import HUEY

HUEY = {**HUEY, "immediate": False}
