from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "crossnote.search"
    label = "search"
