"""Direct messages on the web: the inbox, message requests, a conversation (its messages
arrive on the live channel while it is open: static/web/messages.js), and what people do
there. Every view reaches a conversation through `messaging.queries.access_conversation`."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from crossnote import live
from crossnote.accounts.models import User
from crossnote.core.clients import client_address
from crossnote.core.errors import NotFound
from crossnote.messaging import actions, queries
from crossnote.messaging.models import MAX_MEMBERS, Conversation, Membership, Message
from crossnote.notes.models import Note
from crossnote.notes.queries import access_note
from crossnote.translation import service
from crossnote.translation.service import Source
from crossnote.web.views.common import is_htmx, posted_id
from crossnote.web.views.translation import reading_target

NAMES = re.compile(r"[\s,;]+")


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    requests = request.resolver_match.url_name == "message_requests"
    page = queries.conversations_page(
        request.user, request.GET.get("cursor"), None, requests=requests
    )
    return render(
        request,
        "web/messages/inbox.html",
        {
            "page": page,
            "requests": requests,
            "counts": queries.unread_counts(request.user),
            "to": request.GET.get("to", ""),
            "shared": _shared_note(request),
        },
    )


def _shared_note(request: HttpRequest) -> Note | None:
    """The note `?note=` names, when the person may read it (to share it in a message)."""
    note_id = posted_id(request.GET.get("note"))
    if note_id is None:
        return None
    try:
        return access_note(request.user, note_id)
    except NotFound:
        return None


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """Start (or open) a conversation with the people named in `to`, with a first message."""
    conversation = actions.check_start(
        request.user,
        _people_named(request.POST.get("to", "")),
        title=request.POST.get("title", ""),
        address=client_address(request),
    )
    membership = queries.access_conversation(request.user, conversation.pk)
    shared = posted_id(request.POST.get("note"))
    if request.POST.get("body", "").strip() or shared is not None:
        actions.check_send(
            request.user,
            membership,
            body=request.POST.get("body", ""),
            shared_note_id=shared,
            confirmed=request.POST.get("confirm") == "1",
            address=client_address(request),
        )
    return redirect("web:conversation", conversation.pk)


def _translations(request: HttpRequest, membership: Membership, items: list[Message]) -> dict:
    if not membership.translate:
        return {}
    sources = [Source(m.pk, m.language, [m.body]) for m in items if m.body]
    return service.translate("message", sources, reading_target(request))


@login_required
def conversation(request: HttpRequest, conversation_id: int) -> HttpResponse:
    membership = queries.access_conversation(request.user, conversation_id)
    page = queries.messages_page(request.user, membership, request.GET.get("cursor"), None)
    items = list(reversed(page.items))
    queries.with_people(request.user, [membership])
    if membership.state == Membership.State.ACTIVE and not request.GET.get("cursor"):
        actions.do_mark_read(membership)
    reply_to = posted_id(request.GET.get("reply"))
    group = membership.conversation.kind == Conversation.Kind.GROUP
    return render(
        request,
        "web/messages/conversation.html",
        {
            "seen": queries.seen_line(request.user, membership),
            "admin_id": actions.group_admin_id(membership.conversation) if group else None,
            "max_others": MAX_MEMBERS - 1,
            "m": membership,
            "c": membership.conversation,
            "items": items,
            "older": page.next_cursor,
            "translations": _translations(request, membership, items),
            "reactions": actions.REACTIONS,
            "reply_to": next((x for x in items if x.pk == reply_to), None),
            "live_after": live.latest_id(request.user.pk),
        },
    )


@login_required
def seen(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """The "Seen" line as it is now (what the page puts back when the live channel says
    someone read): a list item naming the message it goes under, or nothing."""
    membership = queries.access_conversation(request.user, conversation_id)
    queries.with_people(request.user, [membership])
    return render(
        request,
        "web/messages/seen.html",
        {"c": membership.conversation, "seen": queries.seen_line(request.user, membership)},
    )


def _people_named(text: str) -> list[User]:
    """The people `text` names ("@ana, bo"), or NotFound `person_not_found`."""
    names = [n.lstrip("@") for n in NAMES.split(text) if n.strip("@ ")]
    people = {u.username.lower(): u for u in User.objects.filter(username__in=names)}
    if any(n.lower() not in people for n in names):
        raise NotFound(code="person_not_found")
    return [people[n.lower()] for n in names]


@login_required
def new_messages(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """The messages after `after`, oldest first, as list items (what the page appends when
    the live channel says a message arrived); reading them marks them read."""
    membership = queries.access_conversation(request.user, conversation_id)
    after = posted_id(request.GET.get("after")) or 0
    page = queries.messages_page(request.user, membership, None, None, after=after)
    if page.items and membership.state == Membership.State.ACTIVE:
        actions.do_mark_read(membership)
    return render(
        request,
        "web/messages/message_list.html",
        {
            "m": membership,
            "c": membership.conversation,
            "items": page.items,
            "translations": _translations(request, membership, page.items),
            "reactions": actions.REACTIONS,
        },
    )


def _one_message(request: HttpRequest, conversation_id: int, message_id: int) -> HttpResponse:
    """One message again (its photo is ready, its reactions changed)."""
    membership = queries.access_conversation(request.user, conversation_id)
    message = queries.access_message(request.user, membership, message_id)
    return render(
        request,
        "web/messages/message_list.html",
        {
            "m": membership,
            "c": membership.conversation,
            "items": [message],
            "translations": _translations(request, membership, [message]),
            "reactions": actions.REACTIONS,
        },
    )


@login_required
@require_POST
def send(request: HttpRequest, conversation_id: int) -> HttpResponse:
    membership = queries.access_conversation(request.user, conversation_id)
    photo = request.FILES.get("photo")
    actions.check_send(
        request.user,
        membership,
        body=request.POST.get("body", ""),
        photo=photo,
        photo_size=photo.size if photo else 0,
        shared_note_id=posted_id(request.POST.get("note")),
        reply_to_id=posted_id(request.POST.get("reply_to")),
        confirmed=request.POST.get("confirm") == "1",
        address=client_address(request),
    )
    if is_htmx(request):
        return HttpResponse(status=204)  # the page fetches what is new (messages.js)
    return redirect("web:conversation", conversation_id)


@login_required
@require_POST
def act(request: HttpRequest, conversation_id: int, verb: str) -> HttpResponse:
    """accept, decline, leave, add and remove (group members), typing, settings (translate,
    read receipts), react, report."""
    membership = queries.access_conversation(request.user, conversation_id)
    here = reverse("web:conversation", args=[conversation_id])
    if verb == "accept":
        actions.do_accept(membership)
    elif verb == "decline":
        actions.do_decline(membership)
        return redirect("web:message_requests")
    elif verb == "leave":
        actions.do_leave(membership)
        return redirect("web:messages")
    elif verb == "add":
        actions.check_add_members(
            request.user,
            membership,
            _people_named(request.POST.get("usernames", "")),
            address=client_address(request),
        )
        return redirect(f"{here}#members")
    elif verb == "remove":
        person = User.objects.filter(username=request.POST.get("username", "")).first()
        if person is None:
            raise NotFound(code="person_not_found")
        actions.check_remove_member(request.user, membership, person)
        return redirect(f"{here}#members")
    elif verb == "typing":
        actions.do_typing(membership)
        return HttpResponse(status=204)
    elif verb == "settings":
        actions.do_settings(
            membership,
            translate=request.POST.get("translate") == "1",
            read_receipts=request.POST.get("read_receipts") == "1",
        )
    elif verb == "react":
        message = queries.access_message(
            request.user, membership, posted_id(request.POST.get("message")) or 0
        )
        emoji = request.POST.get("emoji") or None
        actions.check_react(request.user, message, None if emoji == message.my_reaction else emoji)
        if is_htmx(request):
            return _one_message(request, conversation_id, message.pk)
        return redirect(f"{here}#m-{message.pk}")
    elif verb == "report":
        message_id = posted_id(request.POST.get("message")) or 0
        actions.check_report(
            request.user,
            membership,
            [message_id],
            request.POST.get("reason", ""),
            request.POST.get("text", ""),
            block=request.POST.get("block") == "1",
            address=client_address(request),
        )
        return redirect("web:messages")
    else:
        raise NotFound()
    return redirect(here)
