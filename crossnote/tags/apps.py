from django.apps import AppConfig


class TagsConfig(AppConfig):
    name = "crossnote.tags"
    label = "tags"
