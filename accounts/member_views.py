"""Member management pages for organisation admins; everyone else gets 404."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from accounts import members, selectors
from accounts.forms import MemberCreateForm, RoleForm
from accounts.reauth import reauth_redirect
from casework.forms import add_service_error
from casework.http import method_not_allowed
from casework.models import Event, Role


def member_list(request):
    memberships = selectors.members_for_admin(request.user)
    if refused := method_not_allowed(request, "GET"):
        return refused
    return render(request, "accounts/member_list.html", {"memberships": memberships})


def member_create(request):
    admin = selectors.admin_membership_of(request.user)
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    form = MemberCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # An admin session left open must not mint a supervisor or admin for someone else.
        if form.cleaned_data["role"] != Role.PARALEGAL and (
            stale := reauth_redirect(request, back=reverse("accounts:member-create"))
        ):
            return stale
        try:
            user = members.member_create(organisation=admin.organisation, by=request.user,
                                         **form.cleaned_data)  # fmt: skip
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                gettext("%(username)s was created and emailed a sign-in link.")
                % {"username": user.username},
            )
            return redirect("accounts:member-detail", member_id=user.membership.public_id)
    return render(
        request, "accounts/member_create.html", {"form": form}, status=400 if form.errors else 200
    )


def _detail(request, membership, role_form=None, status=200):
    history = (
        Event.objects.filter(
            organisation_id=membership.organisation_id,
            object_type__in=["casework.membership", "auth.user"],
            object_id__in=[str(membership.pk), str(membership.user_id)],
        )
        .select_related("actor")
        .order_by("-created_at", "-id")[:30]
    )
    # Not "membership": that is the signed-in user's own, used by the page header.
    context = {
        "subject": membership,
        "member": membership.user,
        "role_form": role_form or RoleForm(initial={"role": membership.role}),
        "history": history,
        "is_self": membership.user_id == request.user.pk,
    }
    return render(request, "accounts/member_detail.html", context, status=status)


def member_detail(request, member_id: UUID):
    membership = selectors.member_for_admin(request.user, member_id)
    if refused := method_not_allowed(request, "GET"):
        return refused
    return _detail(request, membership)


def _back(member_id: UUID) -> str:
    return reverse("accounts:member-detail", args=[member_id])


def member_role(request, member_id: UUID):
    membership = selectors.member_for_admin(request.user, member_id)
    if refused := method_not_allowed(request, "POST"):
        return refused
    if stale := reauth_redirect(request, back=_back(member_id)):
        return stale
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            members.member_change_role(
                membership=membership, role=form.cleaned_data["role"], by=request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, gettext("%(username)s is now a %(role)s.") % {
                "username": membership.user.username,
                "role": membership.get_role_display().lower(),
            })  # fmt: skip
            return redirect(_back(member_id))
    return _detail(request, membership, role_form=form, status=400)


def member_second_factor_reset(request, member_id: UUID):
    membership = selectors.member_for_admin(request.user, member_id)
    if refused := method_not_allowed(request, "POST"):
        return refused
    if stale := reauth_redirect(request, back=_back(member_id)):
        return stale
    members.member_second_factor_reset(membership=membership, by=request.user)
    messages.success(
        request,
        gettext(
            "%(username)s's second factor was removed and their sessions ended. "
            "They set up a new authenticator at their next sign-in."
        )
        % {"username": membership.user.username},
    )
    return redirect(_back(member_id))


def _confirm(request, membership, action: str, status=200):
    context = {"subject": membership, "member": membership.user, "action": action}
    return render(request, "accounts/member_confirm.html", context, status=status)


def member_revoke(request, member_id: UUID):
    """GET asks to confirm (a page, so no script is needed to be careful); POST revokes."""
    membership = selectors.member_for_admin(request.user, member_id)
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    if request.method == "GET":
        return _confirm(request, membership, "revoke")
    if stale := reauth_redirect(request, back=request.path):
        return stale
    try:
        summary = members.member_revoke_access(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _detail(request, membership, status=400)
    messages.success(
        request,
        gettext(
            "Access revoked for %(username)s: account disabled, %(sessions)s session(s) "
            "ended, second factor and tokens revoked."
        )
        % {"username": membership.user.username, "sessions": summary["sessions_ended"]},
    )
    return redirect(_back(member_id))


def member_reinstate(request, member_id: UUID):
    membership = selectors.member_for_admin(request.user, member_id)
    if refused := method_not_allowed(request, "GET", "POST"):
        return refused
    if request.method == "GET":
        return _confirm(request, membership, "reinstate")
    if stale := reauth_redirect(request, back=request.path):
        return stale
    try:
        members.member_reinstate(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _detail(request, membership, status=400)
    messages.success(
        request,
        gettext(
            "%(username)s has access again. They were emailed a link to choose a new "
            "password, and set up a new authenticator at their first sign-in."
        )
        % {"username": membership.user.username},
    )
    return redirect(_back(member_id))
