from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "crossnote.engagement"
    label = "engagement"
