from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from casework import selectors, services
from casework.forms import ReasonForm, add_service_error
from casework.http import method_not_allowed


def notification_list(request):
    selectors.membership_of(request.user)
    if refused := method_not_allowed(request, "GET"):
        return refused
    notifications = request.user.notifications.select_related("case")[:100]
    return render(request, "casework/notification_list.html", {"notifications": notifications})


def notification_mark_all_read(request):
    selectors.membership_of(request.user)
    if refused := method_not_allowed(request, "POST"):
        return refused
    services.notifications_mark_read(user=request.user)
    return redirect("casework:notification-list")


def case_status(request, reference: str, action: str):
    """Close or reopen a case, with the reason."""
    case = selectors.case_for_user(request.user, reference, "change_case")
    change = {"close": services.case_close, "reopen": services.case_reopen}[action]
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change(case=case, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            done = (
                gettext("Case %(reference)s closed.")
                if action == "close"
                else gettext("Case %(reference)s reopened.")
            )
            messages.success(request, done % {"reference": case.reference})
            return redirect("casework:case-detail", reference=case.reference)
    return render(
        request, "casework/case_status.html", {"case": case, "form": form, "action": action},
        status=400 if form.errors else 200,
    )  # fmt: skip
