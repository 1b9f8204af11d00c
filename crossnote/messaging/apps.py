from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "crossnote.messaging"
    label = "messaging"
