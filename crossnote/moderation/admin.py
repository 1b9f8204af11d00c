from django.contrib import admin

from crossnote.moderation.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """The report queue as moderators see it until the web queue page exists."""

    list_display = ("created_at", "reason", "person", "reporter", "note", "comment", "state")
    list_filter = ("state", "reason")
    raw_id_fields = ("reporter", "person", "note", "comment")
    search_fields = ("person__username", "reporter__username", "text")
