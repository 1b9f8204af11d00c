from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "crossnote.feeds"
    label = "feeds"
