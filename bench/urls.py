"""The app's URLs plus the bare baseline views (the benchmark sets ROOT_URLCONF to this)."""

from django.urls import path

from bench import baseline
from crossnote.urls import urlpatterns as crossnote_urlpatterns

urlpatterns = [
    path("bench/baseline/following/<int:viewer_id>", baseline.following),
    path("bench/baseline/following-authenticated", baseline.following_authenticated),
    path("bench/baseline/discover/<int:viewer_id>", baseline.discover),
    *crossnote_urlpatterns,
]
