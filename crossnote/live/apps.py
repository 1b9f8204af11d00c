from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "crossnote.live"
    label = "live"
