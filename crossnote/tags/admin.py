"""Moderators look after hashtags here: which names are aliases of which topic."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from crossnote.tags.models import AliasSuggestion, Hashtag


@admin.register(Hashtag)
class HashtagAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "canonical", "note_count", "view_count", "created_at")
    search_fields = ("name", "key")
    raw_id_fields = ("canonical",)
    readonly_fields = ("key", "note_count", "view_count", "created_at")
    list_filter = (("canonical", admin.EmptyFieldListFilter),)


@admin.register(AliasSuggestion)
class AliasSuggestionAdmin(admin.ModelAdmin):
    list_display = ("tag", "canonical", "engine", "created_at")
    actions = ("approve",)

    @admin.action(description=_("Make each tag an alias of the suggested topic"))
    def approve(self, request: HttpRequest, queryset: QuerySet[AliasSuggestion]) -> None:
        from crossnote.tags.actions import do_make_alias

        for suggestion in queryset.select_related("tag", "canonical"):
            do_make_alias(suggestion.tag, suggestion.canonical)
        self.message_user(request, _("Aliases saved."), messages.SUCCESS)
