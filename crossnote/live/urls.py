from django.urls import path

from crossnote.live import push_views, views

app_name = "live"
urlpatterns = [
    path("live/events", views.events, name="events"),
    path("push/key", push_views.key, name="push_key"),
    path("push/subscriptions", push_views.subscribe, name="push_subscribe"),
    path("push/subscriptions/delete", push_views.unsubscribe, name="push_unsubscribe"),
]
