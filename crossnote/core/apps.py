from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "crossnote.core"
    label = "core"

    def ready(self) -> None:
        # Registers the periodic tasks (maintenance, the outbox's sweep) with the task queue.
        from crossnote.core import maintenance, outbox  # noqa: F401
