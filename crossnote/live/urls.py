from django.urls import path

from crossnote.live import views

app_name = "live"
urlpatterns = [path("live/events", views.events, name="events")]
