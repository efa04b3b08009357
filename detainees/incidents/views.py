"""Incident (raid) pages and bulk intake. Every incident is fetched through
``incident_for_user``: 404 alike for missing, another organisation's, and not yours."""

import copy
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from casework.audit import log_read
from casework.forms import add_service_error
from casework.http import method_not_allowed
from casework.paging import page_number_from, paginate
from casework.selectors import case_for_user, membership_of
from detainees.incidents import selectors, services
from detainees.incidents.forms import (
    MAX_FORM_ROWS,
    CsvIntakeForm,
    IncidentForm,
    IntakeRowForm,
    IntakeRowFormSet,
    LinkCaseForm,
    SharedArrestForm,
)
from detainees.intake.csv_rows import COLUMNS, TEMPLATE_FILENAME, template_bytes
from detainees.intake.duplicates import duplicates_shown
from detainees.intake.rows import PreparedRows, prepare_rows
from detainees.intake.services import KIND_CODES, DuplicatesFound, RowsInvalid, cases_open

DEFAULT_FORM_ROWS = 10
MORE_ROWS = 10


def incident_list(request):
    membership_of(request.user)
    if refused := method_not_allowed(request, "GET"):
        return refused
    page = paginate(
        selectors.incident_list(request.user),
        number=page_number_from(request.GET.get("page")),
        size=settings.CASE_LIST_PAGE_SIZE,
    )
    return render(request, "detainees/incident_list.html", {"page": page})


def incident_create(request):
    membership_of(request.user)
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            incident = services.incident_create(created_by=request.user, fields=fields)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, gettext("Incident recorded. Now log the people detained."))
            return redirect("incidents:incident-detail", incident_id=incident.public_id)
    return render(
        request,
        "detainees/incident_form.html",
        {"form": form, "title": gettext("New incident")},
        status=400 if form.errors else 200,
    )


def incident_edit(request, incident_id: UUID):
    incident = selectors.incident_for_user(request.user, incident_id)
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    # The report names a community contact: reading it to edit is a read too.
    log_read(request, "incident.viewed", organisation=incident.organisation, obj=incident,
             data={"page": "edit"})  # fmt: skip
    form = IncidentForm(request.POST or None, instance=copy.copy(incident))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.incident_update(incident=incident, fields=fields, by=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, gettext("Incident saved."))
            return redirect("incidents:incident-detail", incident_id=incident.public_id)
    return render(
        request,
        "detainees/incident_form.html",
        {"form": form, "incident": incident, "title": gettext("Edit incident")},
        status=400 if form.errors else 200,
    )


def incident_detail(request, incident_id: UUID):
    incident = selectors.incident_for_user(request.user, incident_id)
    if refused := method_not_allowed(request, "GET"):
        return refused
    return _render_detail(request, incident, LinkCaseForm())


def _render_detail(request, incident, link_form, status=200):
    log_read(request, "incident.viewed", organisation=incident.organisation, obj=incident,
             data={"page": "incident"})  # fmt: skip
    context = {
        "incident": incident,
        "cases": selectors.incident_cases(request.user, incident),
        "now": timezone.now(),
        "link_form": link_form,
    }
    return render(request, "detainees/incident_detail.html", context, status=status)


def incident_link_case(request, incident_id: UUID):
    incident = selectors.incident_for_user(request.user, incident_id)
    if refused := method_not_allowed(request, "POST"):
        return refused
    form = LinkCaseForm(request.POST)
    if form.is_valid():
        reference = form.cleaned_data["reference"].strip().upper()
        try:
            # Missing and not-yours read the same, as everywhere.
            case = case_for_user(request.user, reference, "change_case")
        except Http404:
            form.add_error("reference", gettext("No case with this reference that you may change."))
        else:
            try:
                services.incident_link_case(incident=incident, case=case, by=request.user)
            except ValidationError as error:
                form.add_error("reference", error)
            else:
                messages.success(
                    request,
                    gettext("%(reference)s linked to this incident.")
                    % {"reference": case.reference},
                )
                return redirect("incidents:incident-detail", incident_id=incident.public_id)
    return _render_detail(request, incident, form, status=400)


def _opened(request, incident, cases):
    first, last = cases[0].reference, cases[-1].reference
    span = (
        first
        if len(cases) == 1
        else gettext("%(first)s to %(last)s") % {"first": first, "last": last}
    )
    opened = ngettext(
        "%(count)d case opened: %(span)s.", "%(count)d cases opened: %(span)s.", len(cases)
    )
    messages.success(request, opened % {"count": len(cases), "span": span})
    return redirect("incidents:incident-detail", incident_id=incident.public_id)


def _save(request, incident, shared: SharedArrestForm, prepared: PreparedRows):
    """Run the service; on a late refusal, attach every reason to its row. None if refused."""
    try:
        return cases_open(
            membership=membership_of(request.user),
            incident=incident,
            detention_fields=shared.detention_fields(),
            rows=prepared.rows,
            confirmed=prepared.confirmed,
        )
    except DuplicatesFound as found:
        # Someone logged some of these people a moment ago: show the rows again to check.
        prepared.add_service_errors(found)
        shared.add_error(None, gettext("Some detainees were logged by someone else a moment ago."))
    except RowsInvalid as invalid:
        prepared.add_service_errors(invalid)
        for message in invalid.shared:
            shared.add_error(None, message)
    except ValidationError as error:
        shared.add_error(None, error)
    return None


def incident_intake_rows(request, incident_id: UUID):
    incident = selectors.incident_for_user(request.user, incident_id)
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    initial = SharedArrestForm.initial_from(incident)
    if request.method == "GET":
        count = min(max(page_number_from(request.GET.get("rows")), 1), MAX_FORM_ROWS)
        count = count if "rows" in request.GET else DEFAULT_FORM_ROWS
        shared = SharedArrestForm(initial=initial)
        formset = IntakeRowFormSet(prefix="rows")
        formset.extra = count
        return _render_rows(request, incident, shared, formset, None)

    shared = SharedArrestForm(request.POST, initial=initial)
    formset = IntakeRowFormSet(request.POST, prefix="rows")
    if "add_rows" in request.POST:
        data = request.POST.copy()
        total = formset.total_form_count() if formset.management_form.is_valid() else 0
        data["rows-TOTAL_FORMS"] = str(min(total + MORE_ROWS, MAX_FORM_ROWS))
        return _render_rows(
            request, incident, SharedArrestForm(data), IntakeRowFormSet(data, prefix="rows"),
            None,
        )  # fmt: skip
    valid = shared.is_valid() & formset.is_valid()
    filled = formset.filled_forms() if formset.is_valid() else []
    prepared = prepare_rows(
        request.user,
        [form.cleaned_data for form in filled],
        labels=[f"Row {formset.forms.index(form) + 1}" for form in filled],
        confirmed={i for i, form in enumerate(filled) if form.cleaned_data.get("confirm_new")},
    )
    if valid and not filled:
        shared.add_error(None, gettext("Type at least one detainee's name and father's name."))
        valid = False
    if valid and prepared.ready:
        cases = _save(request, incident, shared, prepared)
        if cases:
            return _opened(request, incident, cases)
    return _render_rows(request, incident, shared, formset, prepared, filled=filled)


def _intake_read(request, incident, prepared: PreparedRows | None) -> None:
    # The page is the raid's; a row's duplicate warning names someone already known.
    log_read(request, "incident.viewed", organisation=incident.organisation, obj=incident,
             data={"page": "intake"})  # fmt: skip
    if prepared is not None:
        duplicates_shown(request, [item.duplicate for item in prepared.duplicates])


def _render_rows(request, incident, shared, formset, prepared, filled=()):
    _intake_read(request, incident, prepared)
    by_form = {}
    if prepared is not None:
        for index, form in enumerate(filled):
            by_form[id(form)] = prepared.row(index)
    rows = [(form, by_form.get(id(form))) for form in formset.forms]
    has_errors = bool(shared.errors) or any(formset.errors) or bool(formset.non_form_errors())
    has_errors = has_errors or (prepared is not None and bool(prepared.errors))
    context = {
        "incident": incident,
        "shared": shared,
        "formset": formset,
        "rows": rows,
        "prepared": prepared,
        "max_rows": MAX_FORM_ROWS,
    }
    status = 400 if request.method == "POST" and has_errors else 200
    return render(request, "detainees/incident_intake_rows.html", context, status=status)


def incident_intake_csv(request, incident_id: UUID):
    incident = selectors.incident_for_user(request.user, incident_id)
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    initial = SharedArrestForm.initial_from(incident)
    form = CsvIntakeForm(request.POST or None, request.FILES or None, initial=initial)
    prepared = None
    if request.method == "POST" and form.is_valid():
        csv_rows = form.cleaned_data["rows"]
        values = []
        for row in csv_rows:
            checked = IntakeRowForm(data=row.values)
            checked.is_valid()
            values.append((row, checked))
        prepared = prepare_rows(
            request.user,
            [checked.cleaned_data if checked.is_valid() else None for _, checked in values],
            labels=[f"Line {row.line}" for row, _ in values],
            confirmed=_confirmed_lines(request, csv_rows),
            row_problems=[
                row.problems + [e for errs in checked.errors.values() for e in errs]
                for row, checked in values
            ],
            raw=[row.values for row, _ in values],
        )
        if prepared.ready:
            cases = _save(request, incident, form, prepared)
            if cases:
                return _opened(request, incident, cases)
    _intake_read(request, incident, prepared)
    has_errors = bool(form.errors) or (prepared is not None and bool(prepared.errors))
    context = {
        "incident": incident, "form": form, "prepared": prepared, "columns": COLUMNS,
        "kind_codes": KIND_CODES,
    }  # fmt: skip
    status = 400 if request.method == "POST" and has_errors else 200
    return render(request, "detainees/incident_intake_csv.html", context, status=status)


def _confirmed_lines(request, csv_rows) -> set[int]:
    wanted = set(request.POST.getlist("confirm_line"))
    return {i for i, row in enumerate(csv_rows) if str(row.line) in wanted}


def incident_intake_template(request, incident_id: UUID):
    selectors.incident_for_user(request.user, incident_id)
    if refused := method_not_allowed(request, "GET"):
        return refused
    response = HttpResponse(template_bytes(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILENAME}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
