"""WSGI entry point, served by gunicorn (`make demo`, `crossnote serve`)."""

import os

from django.core.wsgi import get_wsgi_application

from crossnote.core import warmup

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crossnote.settings")
application = get_wsgi_application()
warmup.at_import()
