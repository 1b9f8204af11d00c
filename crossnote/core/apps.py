from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "crossnote.core"
    label = "core"

    def ready(self) -> None:
        # Registers the periodic maintenance task with the task queue.
        from crossnote.core import maintenance  # noqa: F401
