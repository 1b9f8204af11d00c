from django.urls import path

from crossnote.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.import_page, name="page"),
    path("<int:job_id>/progress", views.progress, name="progress"),
    path("drafts", views.drafts, name="drafts"),
    path("drafts/publish", views.publish, name="publish"),
    path("history", views.history, name="history"),
]
