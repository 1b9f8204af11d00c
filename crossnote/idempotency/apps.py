from django.apps import AppConfig


class IdempotencyConfig(AppConfig):
    name = "crossnote.idempotency"
    label = "idempotency"
