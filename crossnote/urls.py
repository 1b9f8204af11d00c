from django.contrib import admin
from django.urls import include, path, re_path

from crossnote.api.main import api
from crossnote.live import views as live_views
from crossnote.media import upload_views
from crossnote.media.views import serve_media

urlpatterns = [
    # Resumable video uploads (tus): plain views, so bodies stream from the socket.
    path("api/v1/uploads", upload_views.collection, name="uploads"),
    path("api/v1/uploads/<str:token>", upload_views.resource, name="upload"),
    # The live channel's event stream for API clients (the web's is /live/events).
    path("api/v1/live/events", live_views.events, name="api_live_events"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    re_path(r"^media/(?P<path>(?:photos|videos)/.+)$", serve_media, name="media"),
    path("", include("crossnote.live.urls")),
    path("settings/import/", include("crossnote.imports.urls")),
    path("", include("crossnote.web.urls")),
]

# Errors outside any view (in a middleware) still get a page of ours, never Django's bare one.
handler500 = "crossnote.web.views.errors.server_error"
# Requests refused before a view runs: JSON under /api/, our error page elsewhere.
handler400 = "crossnote.web.views.refusals.bad_request"
handler404 = "crossnote.web.views.refusals.not_found"
