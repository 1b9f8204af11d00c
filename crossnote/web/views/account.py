"""Signing up, logging in and out, and the settings pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossnote.accounts import actions
from crossnote.accounts.models import ApiToken, User
from crossnote.accounts.signup_fields import signup_errors
from crossnote.core.clients import client_address
from crossnote.core.errors import CrossnoteError
from crossnote.guides.languages import PAIR_CHOICES
from crossnote.guides.queries import guide_pair_keys
from crossnote.moderation.filters import check_add_filter, do_remove_filter, keyword_filters_of
from crossnote.moderation.limits import check_rate
from crossnote.moderation.models import KeywordFilter
from crossnote.notes.models import Topic
from crossnote.relations import actions as relations
from crossnote.relations.models import FollowRequest
from crossnote.relations.queries import blocked_by, muted_by
from crossnote.web.views.common import posted_id

LANGUAGE_CHOICES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("es", "Español"),
    ("fr", "Français"),
    ("de", "Deutsch"),
]


def next_url(request: HttpRequest, default: str = "/") -> str:
    """Where to go after a form: its `next`, when that stays on this site."""
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def signup(request: HttpRequest) -> HttpResponse:
    """Sign up. A refused form comes back with every field's problem at once (each beside
    its field and together in a summary that app scripts scroll to), everything typed kept
    except the password."""
    values = {k: request.POST.get(k, "") for k in ("username", "display_name", "email")}
    languages = request.POST.getlist("languages")
    errors: dict[str, object] = {}
    error = None
    if request.method == "POST":
        errors = signup_errors(
            values["username"], request.POST.get("password", ""), languages, values["email"]
        )
        try:
            if errors:
                # Counted as check_signup counts every attempt, refused or not.
                check_rate("signup", address=client_address(request))
                raise next(iter(errors.values()))
            user = actions.check_signup(
                values["username"],
                request.POST.get("password", ""),
                values["display_name"],
                languages,
                address=client_address(request),
                email=values["email"],
            )
        except CrossnoteError as exc:
            error = exc
            errors = errors or {"form": exc}
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            # A new member goes through the welcome steps first, then where they were going.
            welcome = reverse("web:welcome")
            if request.POST.get("next") or request.GET.get("next"):
                welcome += "?" + urlencode({"next": next_url(request)})
            return redirect(welcome)
    context = {
        "values": values,
        "chosen_languages": languages,
        "error": error,
        "errors": errors,
        "languages": LANGUAGE_CHOICES,
    }
    return render(request, "web/signup.html", context, status=error.status if error else 200)


def login_view(request: HttpRequest) -> HttpResponse:
    error = None
    if request.method == "POST":
        user = actions.check_login(
            request.POST.get("username", ""),
            request.POST.get("password", ""),
            client_address(request),
        )
        if user is not None:
            login(request, user)
            if getattr(user, "deletion_cancelled", False):
                messages.success(
                    request, _("Welcome back. Your account will not be deleted after all.")
                )
            return redirect(next_url(request))
        error = _("That username and password do not match.")
    return render(
        request,
        "web/login.html",
        {"error": error, "next": next_url(request), "username": request.POST.get("username", "")},
        status=401 if error else 200,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("web:discover")


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    error = None
    if request.method == "POST":
        try:
            actions.do_update_profile(
                user,
                display_name=request.POST.get("display_name", ""),
                bio=request.POST.get("bio", ""),
                languages=request.POST.getlist("languages"),
                reading_language=request.POST.get("reading_language", ""),
                is_private=request.POST.get("is_private") == "on",
                auto_translate=request.POST.get("auto_translate") == "on",
                interests=request.POST.getlist("interests"),
            )
            avatar = request.FILES.get("avatar")
            if avatar:
                actions.check_set_avatar(user, avatar, avatar.size)
        except CrossnoteError as exc:
            error = exc
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("web:settings")
    requests = FollowRequest.objects.filter(target=user, requester__is_active=True)
    requests = requests.select_related("requester__avatar")
    return render(
        request,
        "web/settings.html",
        {
            "error": error,
            "languages": LANGUAGE_CHOICES,
            "topics": Topic.choices,
            "follow_requests": requests,
            "guide_pairs": guide_pair_keys(user),
            "pairs": PAIR_CHOICES,
        },
        status=error.status if error else 200,
    )


@login_required
@require_POST
def answer_request(request: HttpRequest, username: str, decision: str) -> HttpResponse:
    from crossnote.accounts.queries import access_user
    from crossnote.relations.actions import do_answer_follow_request

    do_answer_follow_request(
        request.user, access_user(request.user, username), decision == "approve"
    )
    return redirect("web:settings")


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """Password, API tokens and sessions."""
    error = None
    new_token = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "password":
                actions.check_change_password(
                    request.user,
                    request.POST.get("current_password", ""),
                    request.POST.get("new_password", ""),
                )
                update_session_auth_hash(request, request.user)  # stay logged in here only
                messages.success(
                    request, _("Your password is changed. Other sessions are logged out.")
                )
                return redirect("web:security")
            if action == "email":
                actions.check_change_email(
                    request.user,
                    request.POST.get("email", ""),
                    request.POST.get("current_password", ""),
                )
                messages.success(request, _("Your email address is saved."))
                return redirect("web:security")
            if action == "create_token":
                _token, new_token = actions.do_create_token(
                    request.user, request.POST.get("name", "")
                )
            elif action == "revoke_token":
                actions.do_revoke_token(request.user, posted_id(request.POST.get("token")) or 0)
                messages.success(request, _("The token is revoked."))
                return redirect("web:security")
            elif action == "logout_everywhere":
                actions.do_logout_everywhere(request.user)
                logout(request)
                return redirect("web:login")
        except CrossnoteError as exc:
            error = exc
    tokens = ApiToken.objects.filter(user=request.user).order_by("-id")
    return render(
        request,
        "web/security.html",
        {"error": error, "tokens": tokens, "new_token": new_token},
        status=error.status if error else 200,
    )


def _safety_change(request: HttpRequest, action: str) -> str:
    """Apply one change from the "Privacy and safety" page; the message to show after it.
    Raises CrossnoteError (a bad filter, or something that is not there) or NotFound for an
    unknown action."""
    from crossnote.accounts.usernames import username_key
    from crossnote.core.errors import NotFound

    if action == "add_filter":
        made = check_add_filter(
            request.user, request.POST.get("phrase", ""), request.POST.get("filter_action", "")
        )
        return _("Filter added: “%(phrase)s”.") % {"phrase": made.phrase}
    if action == "remove_filter":
        filter_id = request.POST.get("filter", "")
        do_remove_filter(request.user, posted_id(filter_id) or 0)
        return _("The filter is removed.")
    if action in ("unblock", "unmute"):
        # Not access_user: undoing one's own block or mute must work even when the other
        # person has since blocked the viewer (access_user would say they are not there).
        person = User.objects.filter(
            username_key=username_key(request.POST.get("username", "")), is_active=True
        ).first()
        if person is None:
            raise NotFound()
        if action == "unblock":
            relations.do_unblock(request.user, person)
            return _("You unblocked %(name)s.") % {"name": person.shown_name}
        relations.do_unmute(request.user, person)
        return _("You unmuted %(name)s.") % {"name": person.shown_name}
    raise NotFound()


@login_required
def safety(request: HttpRequest) -> HttpResponse:
    """Keyword filters, and the people the viewer blocked or muted (to undo either)."""
    error = None
    values = {"phrase": "", "filter_action": KeywordFilter.Action.HIDE.value}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            messages.success(request, _safety_change(request, action))
        except CrossnoteError as exc:
            if action != "add_filter":
                raise  # a row that is not there: the error page, with its status
            error = exc  # shown beside the form, with what was typed
            values = {k: request.POST.get(k, "") for k in values}
        else:
            return redirect("web:safety")
    return render(
        request,
        "web/safety.html",
        {
            "error": error,
            "values": values,
            "filters": keyword_filters_of(request.user),
            "filter_actions": KeywordFilter.Action.values,
            "blocked": blocked_by(request.user),
            "muted": muted_by(request.user),
        },
        status=error.status if error else 200,
    )
