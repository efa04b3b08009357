"""Single intake: the short form a lawyer fills at a police station, opened as one row of
the same intake that logs a raid."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from casework.forms import add_service_error
from casework.http import method_not_allowed
from casework.selectors import membership_of
from detainees.intake.duplicates import duplicates_shown, row_duplicates
from detainees.intake.forms import IntakeForm
from detainees.intake.services import DuplicatesFound, RowsInvalid, cases_open


def case_intake(request):
    membership = membership_of(request.user)
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    form = IntakeForm(request.POST or None)
    warning = None
    if request.method == "POST" and form.is_valid():
        row = form.intake_row()
        confirmed = request.POST.get("confirm_new") == "1"
        warning = None if confirmed else row_duplicates(request.user, [row]).get(0)
        if warning is None:
            try:
                (case,) = cases_open(
                    membership=membership, rows=[row], confirmed={0} if confirmed else ()
                )
            except DuplicatesFound:
                # Logged by someone else between the check and the write: show who.
                warning = row_duplicates(request.user, [row]).get(0)
            except RowsInvalid as invalid:
                for error in invalid.errors.values():
                    add_service_error(form, error)
                for message in invalid.shared:
                    form.add_error(None, message)
            else:
                messages.success(
                    request, gettext("Case %(reference)s opened.") % {"reference": case.reference}
                )
                return redirect("casework:case-detail", reference=case.reference)
    duplicates_shown(request, [warning])
    status = 200 if request.method == "GET" or form.is_valid() else 400
    return render(
        request, "detainees/case_intake.html", {"form": form, "warning": warning}, status=status
    )
