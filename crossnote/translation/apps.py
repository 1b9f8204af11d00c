from django.apps import AppConfig


class TranslationConfig(AppConfig):
    name = "crossnote.translation"
    label = "translation"
