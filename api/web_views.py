"""Web pages: a user's personal access tokens, an admin's inbox tokens, and the inbox.

Each page fetches what it shows through a selector that answers 404 for anything not the
asker's (another user's token, another organisation's entry) before looking at the method.
"""

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from api import selectors, services
from api.forms import ApiTokenForm, DismissForm, InboxTokenForm
from api.models import InboxEntryState
from casework import selectors as case_selectors
from casework.audit import log_read
from casework.forms import add_service_error
from casework.http import method_not_allowed
from casework.paging import page_number_from, paginate
from detainees.intake.duplicates import duplicates_shown, row_duplicates
from detainees.intake.forms import IntakeForm
from detainees.intake.services import DuplicatesFound, IntakeRow, RowsInvalid, person_fields_from

# Personal access tokens ---------------------------------------------------------------------


def token_list(request):
    case_selectors.membership_of(request.user)
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    form = ApiTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, created = services.api_token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            form = ApiTokenForm()
    context = {
        "form": form,
        "created": created,  # shown on this response only; only its hash is kept
        "tokens": selectors.tokens_of_user(request.user),
        "now": timezone.now(),
    }
    return render(request, "api/token_list.html", context, status=400 if form.errors else 200)


def token_revoke(request, token_id: UUID):
    token = selectors.api_token_for_owner(request.user, token_id)
    if refused := method_not_allowed(request, "POST"):
        return refused
    if services.api_token_revoke(token=token, by=request.user):
        messages.success(
            request, gettext("The token “%(name)s” stopped working.") % {"name": token.name}
        )
    return redirect("api_web:token-list")


# Inbox tokens (organisation admins) ---------------------------------------------------------


def inbox_token_list(request):
    tokens = selectors.inbox_tokens_for_admin(request.user)
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    form = InboxTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            _, created = services.inbox_token_create(
                by=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            form = InboxTokenForm()
    context = {"form": form, "created": created, "tokens": tokens}
    return render(request, "api/inbox_token_list.html", context, status=400 if form.errors else 200)


def inbox_token_revoke(request, inbox_token_id: UUID):
    token = selectors.inbox_token_for_admin(request.user, inbox_token_id)
    if refused := method_not_allowed(request, "POST"):
        return refused
    if services.inbox_token_revoke(token=token, by=request.user):
        messages.success(
            request,
            gettext("The inbox token of %(name)s stopped working.") % {"name": token.name},
        )
    return redirect("api_web:inbox-token-list")


# The inbox ----------------------------------------------------------------------------------

STATES = {s.value: s.label for s in InboxEntryState}


def inbox_list(request):
    if refused := method_not_allowed(request, "GET"):
        return refused
    state = request.GET.get("state", InboxEntryState.NEW)
    if state not in STATES:
        state = InboxEntryState.NEW
    page = paginate(
        selectors.inbox_entries(request.user, state),
        number=page_number_from(request.GET.get("page")),
        size=25,
    )
    # Entries name people not yet anyone's case: which page and how many, never who.
    organisation = case_selectors.membership_of(request.user).organisation
    log_read(request, "inbox.viewed", organisation=organisation,
             data={"page": "inbox", "state": state, "shown": len(page.items)})  # fmt: skip
    context = {
        "page": page, "state": state, "states": STATES, "query": f"state={state}",
        "retention_days": settings.INBOX_RETENTION_DAYS,
    }  # fmt: skip
    return render(request, "api/inbox_list.html", context)


def _initial_from(entry) -> dict:
    initial = {
        **person_fields_from(name=entry.name, father_name=entry.father_name),
        "custody_location": entry.held_at,
        "arrest_place": entry.place_taken,
        "family_contact": f"Family phone {entry.family_phone}" if entry.family_phone else "",
        # A partner's "about 15" is never exact.
        "estimated_age": entry.age,
        "age_approximate": entry.age is not None,
    }
    if entry.taken_at:
        initial["arrested_at"] = timezone.localtime(entry.taken_at)
    return initial


def _row_from(entry) -> IntakeRow:
    return IntakeRow(
        person_fields=person_fields_from(name=entry.name, father_name=entry.father_name)
    )


def inbox_accept(request, entry_id: UUID):
    """The intake form, filled from the entry, with the duplicate check run at once."""
    entry = selectors.inbox_entry_for_user(request.user, entry_id)
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    if entry.state != InboxEntryState.NEW:
        messages.info(request, gettext("Someone has already dealt with this entry."))
        return redirect("api_web:inbox-list")
    _entry_read(request, entry, "accept")
    warning = None
    if request.method == "POST":
        form = IntakeForm(request.POST)
        if form.is_valid():
            row = form.intake_row()
            confirmed = request.POST.get("confirm_new") == "1"
            warning = None if confirmed else row_duplicates(request.user, [row]).get(0)
            if warning is None:
                try:
                    case = services.inbox_entry_accept(
                        entry=entry, by=request.user, row=row, confirmed=confirmed
                    )
                except DuplicatesFound:
                    warning = row_duplicates(request.user, [row]).get(0)
                except RowsInvalid as invalid:
                    for error in invalid.errors.values():
                        add_service_error(form, error)
                except ValidationError as error:
                    add_service_error(form, error)
                else:
                    messages.success(
                        request,
                        gettext("Case %(reference)s opened from the inbox.")
                        % {"reference": case.reference},
                    )
                    return redirect("casework:case-detail", reference=case.reference)
    else:
        initial = _initial_from(entry)
        form = IntakeForm(initial=initial)
        # The check at once, on what the partner sent, before anyone types.
        warning = row_duplicates(request.user, [_row_from(entry)]).get(0)
    duplicates_shown(request, [warning])
    context = {"entry": entry, "form": form, "warning": warning}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "api/inbox_accept.html", context, status=status)


def _entry_read(request, entry, page: str) -> None:
    log_read(request, "inbox.viewed", organisation=entry.organisation, obj=entry,
             data={"page": page})  # fmt: skip


def inbox_dismiss(request, entry_id: UUID):
    entry = selectors.inbox_entry_for_user(request.user, entry_id)
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    _entry_read(request, entry, "dismiss")
    form = DismissForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.inbox_entry_dismiss(
                entry=entry, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, gettext("Entry dismissed."))
            return redirect("api_web:inbox-list")
    return render(
        request, "api/inbox_dismiss.html", {"entry": entry, "form": form},
        status=400 if form.errors else 200,
    )  # fmt: skip
