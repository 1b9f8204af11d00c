from django.apps import AppConfig


class RelationsConfig(AppConfig):
    name = "crossnote.relations"
    label = "relations"
