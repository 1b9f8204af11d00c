"""Moderators look after hashtags here: which names are aliases of which topic, and which
topics may trend when the site requires review."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from crossnote.tags.models import AliasSuggestion, Hashtag


@admin.register(Hashtag)
class HashtagAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "key",
        "canonical",
        "review_state",
        "note_count",
        "view_count",
        "created_at",
    )
    search_fields = ("name", "key")
    raw_id_fields = ("canonical",)
    # Reviews go through the actions below, so each one is in the audit log.
    readonly_fields = (
        "key",
        "note_count",
        "view_count",
        "created_at",
        "review_state",
        "reviewed_by",
        "reviewed_at",
    )
    list_filter = ("review_state", ("canonical", admin.EmptyFieldListFilter))
    actions = ("approve_for_trending", "keep_out_of_trending")

    @admin.action(description=_("Approve for the trending list"), permissions=("moderate",))
    def approve_for_trending(self, request: HttpRequest, queryset: QuerySet[Hashtag]) -> None:
        self._review(request, queryset, "approve")

    @admin.action(description=_("Keep out of the trending list"), permissions=("moderate",))
    def keep_out_of_trending(self, request: HttpRequest, queryset: QuerySet[Hashtag]) -> None:
        self._review(request, queryset, "reject")

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("moderation.moderate")

    def _review(self, request: HttpRequest, queryset: QuerySet[Hashtag], decision: str) -> None:
        from crossnote.tags.actions import check_review_tag

        topics = {(tag.canonical or tag).key for tag in queryset.select_related("canonical")}
        for key in sorted(topics):
            check_review_tag(request.user, key, decision, "")
        self.message_user(request, _("Reviews saved."), messages.SUCCESS)


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
