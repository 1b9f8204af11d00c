from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "crossnote.core"
    label = "core"
