"""Settings → Your data: exports to download, and deleting the account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _

from crossnote.accounts import deletion
from crossnote.core.errors import Conflict, InvalidInput, NotFound
from crossnote.exports import actions as exports
from crossnote.exports.queries import exports_of


@login_required
def your_data(request: HttpRequest) -> HttpResponse:
    error = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "export":
                exports.check_request_export(request.user)
                messages.success(
                    request, _("Your export is being prepared. It will be listed here when ready.")
                )
                return redirect("web:your_data")
            if action == "delete_account":
                user = deletion.check_request_deletion(
                    request.user, request.POST.get("password", "")
                )
                due = formats.date_format(deletion.deletion_due_at(user), "DATE_FORMAT")
                logout(request)
                messages.success(
                    request,
                    _("Your account will be deleted on %(date)s. Log in before then to keep it.")
                    % {"date": due},
                )
                return redirect("web:login")
            raise NotFound()
        except (InvalidInput, Conflict) as exc:
            error = exc  # shown above the forms, with the status; NotFound is the error page
    return render(
        request,
        "web/data.html",
        {
            "error": error,
            "exports": exports_of(request.user),
            "grace_days": deletion.grace_period().days,
        },
        status=error.status if error else 200,
    )
