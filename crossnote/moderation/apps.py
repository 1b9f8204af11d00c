from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "crossnote.moderation"
    label = "moderation"
