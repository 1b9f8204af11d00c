from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "crossnote.accounts"
    label = "accounts"
