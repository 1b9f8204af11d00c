from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "crossnote.notes"
    label = "notes"
