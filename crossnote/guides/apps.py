from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "crossnote.guides"
    label = "guides"
