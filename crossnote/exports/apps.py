from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "crossnote.exports"
    label = "exports"
