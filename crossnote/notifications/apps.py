from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "crossnote.notifications"
    label = "notifications"
