from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "crossnote.demo"
    label = "demo"
