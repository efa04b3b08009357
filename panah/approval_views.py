"""Who approves petitions: supervisors allow a lawyer of a case's team to approve its
petitions, or a senior lawyer to approve on every case. Re-authentication first, as for
role changes; everyone else gets 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from accounts.reauth import reauth_redirect
from casework import services
from casework.forms import ApprovalForm, add_service_error
from casework.http import method_not_allowed
from casework.models import Role
from casework.selectors import (
    approval_grants,
    case_for_user,
    membership_of,
    organisation_members,
)


def _said(form, reference: str = "") -> str:
    """On one case (its reference) or, without one, on every case: whole sentences."""
    user, approves = form.cleaned_data["user"], form.cleaned_data["approves"]
    values = {"name": user.get_full_name() or user.username, "reference": reference}
    if reference:
        if approves:
            return gettext("%(name)s may now approve petitions on %(reference)s.") % values
        return gettext("%(name)s no longer approves petitions on %(reference)s.") % values
    if approves:
        return gettext("%(name)s may now approve petitions on every case.") % values
    return gettext("%(name)s no longer approves petitions on every case.") % values


def case_approvers(request, reference: str):
    case = case_for_user(request.user, reference)
    membership = case.access.membership
    if not membership.may_assign_cases:
        raise Http404
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    back = reverse("casework:case-approvers", args=[case.reference])
    lawyers = case.team.filter(membership__role=Role.LAWYER, is_active=True).select_related(
        "membership"
    ).order_by("first_name", "username")  # fmt: skip
    form = None
    if request.method == "POST":
        if stale := reauth_redirect(request, back=back):
            return stale
        form = ApprovalForm(request.POST, lawyers=lawyers)
        if form.is_valid():
            try:
                changed = services.case_approval_set(
                    case=case, user=form.cleaned_data["user"],
                    approves=form.cleaned_data["approves"], by=membership,
                )  # fmt: skip
            except ValidationError as error:
                add_service_error(form, error)
            else:
                if changed:
                    messages.success(request, _said(form, case.reference))
                return redirect(back)
    granted = approval_grants(case)
    rows = [(lawyer, lawyer.pk in granted) for lawyer in lawyers]
    context = {"case": case, "rows": rows, "form": form}
    status = 400 if form is not None and form.errors else 200
    return render(request, "casework/case_approvers.html", context, status=status)


def approver_list(request):
    """Lawyers of the organisation and whether each approves petitions everywhere."""
    membership = membership_of(request.user)
    if not membership.may_assign_cases:
        raise Http404
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    lawyers = organisation_members(request.user, (Role.LAWYER,))
    form = None
    if request.method == "POST":
        if stale := reauth_redirect(request, back=reverse("approver-list")):
            return stale
        form = ApprovalForm(request.POST, lawyers=lawyers)
        if form.is_valid():
            try:
                changed = services.membership_approval_set(
                    membership=form.cleaned_data["user"].membership,
                    approves=form.cleaned_data["approves"], by=membership,
                )  # fmt: skip
            except ValidationError as error:
                add_service_error(form, error)
            else:
                if changed:
                    messages.success(request, _said(form))
                return redirect("approver-list")
    context = {"lawyers": lawyers, "form": form}
    status = 400 if form is not None and form.errors else 200
    return render(request, "casework/approver_list.html", context, status=status)
