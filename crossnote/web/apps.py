from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "crossnote.web"
    label = "web"
