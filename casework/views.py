from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from casework import selectors, services
from casework.audit import log_read
from casework.forms import AssignmentForm, CaseFilterForm, IntakeForm
from casework.http import method_not_allowed
from casework.models import Role
from casework.paging import page_number_from, paginate
from casework.reauth import reauth_redirect
from detainees.normalise import match_key
from documents.numbers import normalise_number
from documents.selectors import document_section, duplicate_number
from documents.services import document_add


def home(request):
    return redirect("casework:case-list")


@require_http_methods(["GET"])
def case_list(request):
    lawyers = selectors.lawyers_of_organisation(request.user)
    form = CaseFilterForm(request.GET or None, lawyers=lawyers)
    filters = selectors.CaseFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.CaseFilters(**form.cleaned_data)
    page = paginate(
        selectors.case_list(request.user, filters),
        number=page_number_from(request.GET.get("page")),
        size=settings.CASE_LIST_PAGE_SIZE,
        narrow=True,
    )
    log_read(
        request, "case_list.viewed", organisation=request.user.membership.organisation,
        # Which filters, never their values: a search for a name is that name.
        data={"filters": sorted(k for k, v in filters.__dict__.items() if v not in (None, "")),
              "shown": len(page.items)},
    )  # fmt: skip
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "now": timezone.now(), "query": query.urlencode()}
    template = "casework/case_list.html"
    if request.htmx and request.htmx.target == "case-results":
        template = "casework/_case_results.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def case_intake(request):
    selectors.membership_of(request.user)
    form = IntakeForm(request.POST or None)
    matches, number_match = [], None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        matches = selectors.possible_duplicates(
            request.user,
            match_keys=[
                match_key(data["given_name"], data["family_name"], data["father_name"]),
                match_key(
                    data["given_name_native"],
                    data["family_name_native"],
                    data["father_name_native"],
                ),
            ],
        )
        number_match = duplicate_number(
            request.user, number_normalised=normalise_number(data["document_number"])
        )
        if not (matches or number_match) or request.POST.get("confirm_new") == "1":
            try:
                with transaction.atomic():
                    case = services.case_open(
                        opened_by=request.user,
                        person_fields=form.person_fields(),
                        detention_fields=form.detention_fields(),
                    )
                    if form.document_fields():
                        document_add(case=case, fields=form.document_fields(), by=request.user)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, f"Case {case.reference} opened.")
                return redirect("casework:case-detail", reference=case.reference)
    status = 200 if request.method == "GET" or form.is_valid() else 400
    return render(
        request,
        "casework/case_intake.html",
        {"form": form, "matches": matches, "number_match": number_match},
        status=status,
    )


def case_detail(request, reference: str):
    case = selectors.case_for_user(request.user, reference)
    if refused := method_not_allowed(request, "GET"):
        return refused
    log_read(request, "case.viewed", organisation=case.organisation, case=case, obj=case,
             data={"page": "case"})  # fmt: skip
    context = {
        "case": case,
        "person": case.person,
        "detention": case.detention,
        "team": case.team.select_related("membership").order_by("username"),
        "timeline": selectors.case_timeline(case)[:200],
        "now": timezone.now(),
        "can_change": selectors.user_may(request.user, case, "change_case"),
        "can_assign": request.user.membership.sees_whole_organisation,
        "document_section": document_section(case, request.user),
    }
    return render(request, "casework/case_detail.html", context)


@require_http_methods(["GET", "POST"])
def case_assign(request, reference: str):
    case = selectors.case_for_user(request.user, reference)
    if not request.user.membership.sees_whole_organisation:
        raise Http404
    # Joining a case team opens its special-category data: re-authenticate first.
    if request.method == "POST" and (stale := reauth_redirect(request)):
        return stale
    lawyers = selectors.lawyers_of_organisation(request.user)
    assignable = selectors.organisation_members(request.user, (Role.LAWYER, Role.PARALEGAL))
    initial = {"lead_lawyer": case.lead_lawyer, "team": list(case.team.all())}
    form = AssignmentForm(
        request.POST or None, initial=initial, lawyers=lawyers, assignable=assignable
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_assign(
                case=case,
                lead_lawyer=form.cleaned_data["lead_lawyer"],
                team=form.cleaned_data["team"],
                assigned_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Assignment saved.")
            return redirect("casework:case-detail", reference=case.reference)
    return render(
        request,
        "casework/case_assign.html",
        {"case": case, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
def notification_list(request):
    selectors.membership_of(request.user)
    notifications = request.user.notifications.select_related("case")[:100]
    return render(request, "casework/notification_list.html", {"notifications": notifications})


@require_POST
def notification_mark_all_read(request):
    selectors.membership_of(request.user)
    services.notifications_mark_read(user=request.user)
    return redirect("casework:notification-list")
