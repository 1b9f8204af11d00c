from django.contrib import admin
from django.http import HttpRequest
from django.http.response import HttpResponseRedirect
from django.urls import reverse

from crossnote.moderation.models import ModerationAction, Report, SiteSettings


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """The report queue as moderators see it until the web queue page exists."""

    list_display = ("created_at", "reason", "person", "reporter", "note", "comment", "state")
    list_filter = ("state", "reason")
    raw_id_fields = ("reporter", "person", "note", "comment")
    search_fields = ("person__username", "reporter__username", "text")


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    """The audit log, to read: rows are never edited or deleted."""

    list_display = ("created_at", "moderator", "kind", "person", "excerpt", "reason")
    list_filter = ("kind",)
    search_fields = ("moderator__username", "person__username", "excerpt", "reason")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row: the list goes straight to its form."""

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        from crossnote.moderation.queries import site_settings

        row = site_settings()
        return HttpResponseRedirect(reverse("admin:moderation_sitesettings_change", args=[row.pk]))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: SiteSettings, form, change: bool) -> None:
        from crossnote.moderation.actions import do_save_site_settings

        do_save_site_settings(obj)
