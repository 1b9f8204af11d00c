"""WSGI entry point, served by gunicorn (`make demo`, `crossnote serve`)."""

import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossnote.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Load the language models and dictionaries now, not on the first reader's request
    (they take two to three seconds, about a whole translation deadline)."""
    from crossnote.translation.detection import detect_language
    from crossnote.translation.engines.offline import OfflineEngine

    detect_language("warm up 预热")
    engine = OfflineEngine()
    engine.translate(["预热"], "zh-hans", "en", 0.0)
    engine.translate(["warm up"], "en", "zh-hans", 0.0)


threading.Thread(target=_warm_up, name="crossnote-warm-up", daemon=True).start()
