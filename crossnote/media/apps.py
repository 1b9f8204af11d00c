from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "crossnote.media"
    label = "media"

    def ready(self) -> None:
        from crossnote.media.inspect import register_formats

        register_formats()
