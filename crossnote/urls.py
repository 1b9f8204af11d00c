from django.contrib import admin
from django.urls import path, re_path

from crossnote.api.main import api
from crossnote.media.views import serve_media

urlpatterns = [
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    re_path(r"^media/(?P<path>photos/.+)$", serve_media, name="media"),
]
