"""WSGI entry point, served by gunicorn (`make demo`, `crossnote serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossnote.settings")
application = get_wsgi_application()
