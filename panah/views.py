"""The pages that compose every feature: home, the case list, the case page, the export.

Each feature contributes its part through the core's registries (casework/registry.py),
so these views know no feature's internals beyond the list's filters.
"""

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from accounts.reauth import reauth_redirect
from casework import services as case_services
from casework.audit import log_read
from casework.export import case_export
from casework.forms import AssignmentForm, add_service_error
from casework.http import method_not_allowed
from casework.models import Role
from casework.paging import page_number_from
from casework.registry import case_sections
from casework.selectors import (
    case_for_user,
    case_timeline,
    lawyers_of_organisation,
    membership_of,
    organisation_members,
)
from casework.services import may_manage_team
from detainees import case_list as selectors
from detainees.forms import CaseFilterForm
from detainees.incidents import selectors as incident_selectors
from documents.petitions import batches as petition_batches
from documents.petitions import selectors as petition_selectors
from documents.petitions.forms import BatchForm

TIMELINE_SHOWN = 200


def home(request):
    membership = getattr(request.user, "membership", None)
    if membership is not None and membership.sees_whole_organisation:
        return redirect("analytics:today")  # the supervisor's morning page
    return redirect("casework:case-list")


def case_list(request):
    lawyers = lawyers_of_organisation(request.user)
    if refused := method_not_allowed(request, "GET"):
        return refused
    form = CaseFilterForm(request.GET or None, lawyers=lawyers)
    filters = selectors.CaseFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.CaseFilters(**form.cleaned_data)
    page = selectors.case_list_page(
        request.user, filters, number=page_number_from(request.GET.get("page")),
        size=settings.CASE_LIST_PAGE_SIZE, after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )  # fmt: skip
    log_read(
        request, "case_list.viewed", organisation=request.user.membership.organisation,
        # Which filters, never their values: a search for a name is that name.
        data={"filters": sorted(k for k, v in filters.__dict__.items() if v not in (None, "")),
              "shown": len(page.items)},
    )  # fmt: skip
    query = request.GET.copy()
    for position in ("page", "after", "before"):
        query.pop(position, None)
    context = {"form": form, "page": page, "now": timezone.now(), "query": query.urlencode()}
    template = "panah/case_list.html"
    if request.htmx and request.htmx.target == "case-results":
        template = "panah/_case_results.html"
    return render(request, template, context)


def case_detail(request, reference: str):
    case = case_for_user(request.user, reference)
    if refused := method_not_allowed(request, "GET"):
        return refused
    log_read(request, "case.viewed", organisation=case.organisation, case=case, obj=case,
             data={"page": "case"})  # fmt: skip
    now = timezone.now()
    context = {
        "case": case,
        "person": case.person,
        "detention": case.detention,
        "now": now,
        "stage": selectors.case_stage(case),
        "can_change": case.access.change,
        "can_assign": may_manage_team(case.access.membership, case),
        "team": case.team.select_related("membership").order_by("username"),
        "timeline": case_timeline(case)[:TIMELINE_SHOWN],
    }
    # Each feature's card, in the order the features registered them.
    context["sections"] = [
        render_to_string(section.template, {**context, **data}, request=request)
        for section in case_sections
        if (data := section.context(case, user=request.user, now=now)) is not None
    ]
    return render(request, "panah/case_detail.html", context)


def case_export_view(request, reference: str):
    # Access first, so strangers get 404 rather than a re-authentication prompt.
    case = case_for_user(request.user, reference, "change_case")
    if case.anonymised_at is not None:
        raise Http404
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    if request.method == "GET":
        return render(request, "panah/case_export.html", {"case": case})
    if (redirect_to_reauth := reauth_redirect(request)) is not None:
        return redirect_to_reauth
    export = case_export(case=case, by=request.user)
    response = HttpResponse(export.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response


def raid_petitions(request, incident_id: UUID):
    """One petition per detainee of a raid, drafted from one template, for review."""
    membership = membership_of(request.user)
    if not membership.sees_whole_organisation:
        raise Http404
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    incident = incident_selectors.incident_for_user(request.user, incident_id)
    # The page lists everyone taken in the raid by name.
    log_read(request, "incident.viewed", organisation=incident.organisation, obj=incident,
             data={"page": "petitions"})  # fmt: skip
    cases = incident_selectors.incident_cases(request.user, incident)
    templates = petition_selectors.templates_for_organisation(membership.organisation)
    form = BatchForm(request.POST or None, templates=templates)
    if request.method == "POST" and form.is_valid():
        try:
            batch = petition_batches.petition_batch_create(
                incident=incident, template=form.cleaned_data["template"], cases=cases,
                by=request.user, forum=form.cleaned_data["forum"],
                court=form.cleaned_data["court"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_error(form, error)
        else:
            count = batch.petitions.count()
            drafted = ngettext(
                "%(count)d draft made: edit it, then send the batch for approval.",
                "%(count)d drafts made: edit any of them, then send the batch for approval.",
                count,
            )
            messages.success(request, drafted % {"count": count})
            return redirect("documents:petition-batch-detail", batch.public_id)
    status = 400 if form.errors else 200
    context = {
        "incident": incident, "cases": cases, "form": form,
        "batches": petition_selectors.incident_batches(incident),
    }  # fmt: skip
    return render(request, "documents/petition_batch_create.html", context, status=status)


def case_assign(request, reference: str):
    case = case_for_user(request.user, reference)
    membership = case.access.membership
    if not may_manage_team(membership, case):
        raise Http404
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    # Joining a case team opens its special-category data: re-authenticate first.
    if request.method == "POST" and (stale := reauth_redirect(request)):
        return stale
    lawyers = lawyers_of_organisation(request.user)
    assignable = organisation_members(request.user, (Role.LAWYER, Role.PARALEGAL))
    initial = {"lead_lawyer": case.lead_lawyer, "team": list(case.team.all())}
    form = AssignmentForm(
        request.POST or None, initial=initial, lawyers=lawyers, assignable=assignable,
        may_change_lead=membership.may_assign_cases,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            case_services.case_assign(
                case=case,
                lead_lawyer=form.cleaned_data["lead_lawyer"],
                team=form.cleaned_data["team"],
                by=membership,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, gettext("Assignment saved."))
            return redirect("casework:case-detail", reference=case.reference)
    return render(
        request,
        "casework/case_assign.html",
        {"case": case, "form": form},
        status=400 if form.errors else 200,
    )
