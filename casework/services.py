"""Writes for cases: references and assignment. Each is one transaction and one event.

Cases are opened by intake (detainees/intake/services.py), one row or many."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from guardian.shortcuts import assign_perm

from casework.audit import log_action
from casework.models import (
    Case,
    CaseAssignment,
    CaseUserObjectPermission,
    Membership,
    Notification,
    Organisation,
    ReferenceCounter,
)
from casework.notifications import admins_notify
from casework.outbox import outbox_enqueue
from casework.tasks import notify_case_assigned

User = get_user_model()

# What a team member may do on a case. Approval is granted separately, case by case.
TEAM_PERMISSIONS = ("view_case", "change_case", "draft_petition")


def reference_allocate(*, organisation: Organisation, year: int, count: int = 1) -> list[str]:
    """Take ``count`` consecutive references (``ISB-2026-0042``) under a row lock."""
    with transaction.atomic():
        ReferenceCounter.objects.get_or_create(organisation=organisation, year=year)
        counter = ReferenceCounter.objects.select_for_update().get(
            organisation=organisation, year=year
        )
        first = counter.last_number + 1
        counter.last_number += count
        counter.save(update_fields=["last_number"])
    prefix = organisation.reference_prefix
    return [f"{prefix}-{year}-{n:04d}" for n in range(first, first + count)]


def _grant_team_permissions(case: Case, users: Iterable) -> None:
    for user in users:
        for perm in TEAM_PERMISSIONS:
            assign_perm(f"casework.{perm}", user, case)


def may_manage_team(membership: Membership, case: Case) -> bool:
    return membership.may_assign_cases or (
        membership.is_lawyer and case.lead_lawyer_id == membership.user_id
    )


def _validate_assignees(organisation: Organisation, lead_lawyer, team: Iterable) -> None:
    errors = []
    memberships = {
        m.user_id: m
        for m in Membership.objects.filter(
            user__in=[u for u in [lead_lawyer, *team] if u is not None]
        )
    }
    for user in [lead_lawyer, *team]:
        if user is None:
            continue
        m = memberships.get(user.pk)
        if m is None or m.organisation_id != organisation.pk or not user.is_active:
            errors.append(f"{user} is not an active member of {organisation}.")
        elif not m.joins_case_teams:
            errors.append(
                f"{user} is a {m.get_role_display().lower()} and sees every case already."
            )
    lead_membership = memberships.get(lead_lawyer.pk) if lead_lawyer is not None else None
    if lead_membership is not None and not lead_membership.is_lawyer:
        errors.append(f"{lead_lawyer} is not a lawyer and cannot lead a case.")
    if errors:
        raise ValidationError(errors)


ASSIGNMENT_DEFERRED = gettext_noop(
    "Saved. The new team members will be notified when the queue is back."
)


@transaction.atomic
def case_assign(*, case: Case, lead_lawyer, team: Iterable, by: Membership) -> Case:
    """Set the lead lawyer and team. Permissions follow the assignment, both ways.

    Supervisors assign anyone; the lead lawyer adds and removes the team of their own case
    but hands the lead over only through a supervisor."""
    if by.organisation_id != case.organisation_id or not may_manage_team(by, case):
        raise ValidationError(gettext("Only a supervisor or the case's lead lawyer sets its team."))
    if not by.may_assign_cases and lead_lawyer != case.lead_lawyer:
        raise ValidationError(
            {"lead_lawyer": gettext("Only a supervisor changes the lead lawyer.")}
        )
    team = list(team)
    _validate_assignees(case.organisation, lead_lawyer, team)
    wanted = {u.pk: u for u in team}
    if lead_lawyer is not None:
        wanted[lead_lawyer.pk] = lead_lawyer
    current = set(case.assignments.values_list("user_id", flat=True))
    removed = current - set(wanted)
    added = [u for pk, u in wanted.items() if pk not in current]

    case.assignments.filter(user_id__in=removed).delete()
    CaseUserObjectPermission.objects.filter(content_object=case, user_id__in=removed).delete()
    new_assignments = CaseAssignment.objects.bulk_create(
        [CaseAssignment(case=case, user=u, assigned_by=by.user) for u in added]
    )
    _grant_team_permissions(case, added)
    lead_changed = case.lead_lawyer_id != (lead_lawyer.pk if lead_lawyer else None)
    case.lead_lawyer = lead_lawyer
    case.save(update_fields=["lead_lawyer"])

    removed_names = sorted(User.objects.filter(pk__in=removed).values_list("username", flat=True))
    log_action(
        "case.assigned",
        organisation=case.organisation,
        actor=by.user,
        case=case,
        obj=case,
        data={
            "lead_lawyer": lead_lawyer.username if lead_lawyer else None,
            "added": sorted(u.username for u in added),
            "removed": removed_names,
            "lead_changed": lead_changed,
        },
    )
    for assignment in new_assignments:
        if assignment.user_id == by.user_id:
            continue  # whoever puts themselves on a team knows it
        outbox_enqueue(
            notify_case_assigned,
            assignment.pk,
            key=f"case-assigned:{assignment.pk}",
            deferred=ASSIGNMENT_DEFERRED,
        )
    if added or removed_names:
        _admins_told_of_team(case, by=by.user, added=added, removed=removed_names)
    return case


def _admins_told_of_team(case: Case, *, by, added: list, removed: list[str]) -> None:
    """Joining a team opens the case's special-category data: the admins hear of each
    change to who may see it. The case's reference only, never the client's name."""
    added_names = ", ".join(sorted(u.username for u in added))

    def compose() -> tuple[str, str]:
        changes = []
        if added:
            changes.append(gettext("added %(names)s") % {"names": added_names})
        if removed:
            changes.append(gettext("removed %(names)s") % {"names": ", ".join(removed)})
        return (
            gettext("Team changed: %(reference)s") % {"reference": case.reference},
            gettext("The team of case %(reference)s changed: %(changes)s.")
            % {"reference": case.reference, "changes": "; ".join(changes)},
        )

    admins_notify(organisation=case.organisation, by=by, compose=compose)


def notifications_mark_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def _reason(reason: str) -> str:
    reason = reason.strip()
    limit = Case._meta.get_field("status_reason").max_length
    if not reason:
        raise ValidationError({"reason": gettext("Say why, for whoever opens the case next.")})
    if len(reason) > limit:
        raise ValidationError(
            {"reason": gettext("Keep the reason under %(limit)s characters.") % {"limit": limit}}
        )
    return reason


@transaction.atomic
def case_close(*, case: Case, reason: str, by) -> Case:
    """Close the case; the retention period counts from now."""
    case = Case.objects.select_for_update(no_key=True).get(pk=case.pk)
    if case.closed_at is not None:
        raise ValidationError(gettext("This case is already closed."))
    case.closed_at, case.status_reason = timezone.now(), _reason(reason)
    case.save(update_fields=["closed_at", "status_reason"])
    log_action("case.closed", organisation=case.organisation, actor=by, case=case, obj=case)
    return case


@transaction.atomic
def case_reopen(*, case: Case, reason: str, by) -> Case:
    """Reopen a closed case (an appeal, a re-arrest) before retention has anonymised it."""
    case = Case.objects.select_for_update(no_key=True).get(pk=case.pk)
    if case.closed_at is None:
        raise ValidationError(gettext("This case is open."))
    if case.anonymised_at is not None:
        raise ValidationError(
            gettext("This case was anonymised at the end of its retention period.")
        )
    case.closed_at, case.status_reason = None, _reason(reason)
    case.save(update_fields=["closed_at", "status_reason"])
    log_action("case.reopened", organisation=case.organisation, actor=by, case=case, obj=case)
    return case


# Approval rights ------------------------------------------------------------------------


def _require_supervisor(by: Membership, organisation_id: int) -> None:
    if by.organisation_id != organisation_id or not by.may_assign_cases:
        raise ValidationError(gettext("Only a supervisor decides who approves petitions."))


@transaction.atomic
def case_approval_set(*, case: Case, user, approves: bool, by: Membership) -> bool:
    """Grant or withdraw ``approve_petition`` on one case for a lawyer of its team.
    Returns whether anything changed (granting twice is one grant)."""
    _require_supervisor(by, case.organisation_id)
    membership = Membership.objects.filter(user=user, organisation_id=case.organisation_id).first()
    if membership is None or not membership.is_lawyer or not user.is_active:
        raise ValidationError(
            gettext("Approval on a case is granted to a lawyer of the organisation.")
        )
    if approves and not case.assignments.filter(user=user).exists():
        raise ValidationError(
            gettext("%(user)s is not on this case's team: add them first.")
            % {"user": user.username}
        )
    held = CaseUserObjectPermission.objects.filter(
        content_object=case, user=user, permission__codename="approve_petition"
    )
    if approves == held.exists():
        return False
    if approves:
        assign_perm("casework.approve_petition", user, case)
    else:
        held.delete()
    log_action(
        "case.approval_granted" if approves else "case.approval_withdrawn",
        organisation=case.organisation, actor=by.user, case=case, obj=case,
        data={"user": user.username},
    )  # fmt: skip
    return True


@transaction.atomic
def membership_approval_set(*, membership: Membership, approves: bool, by: Membership) -> bool:
    """Let a senior lawyer approve petitions on every case of the organisation, or stop."""
    _require_supervisor(by, membership.organisation_id)
    membership = Membership.objects.select_for_update(of=("self",)).select_related("user").get(
        pk=membership.pk
    )  # fmt: skip
    if approves and (not membership.is_lawyer or not membership.user.is_active):
        raise ValidationError(gettext("Only an active lawyer is given approval organisation-wide."))
    if membership.approves_petitions == approves:
        return False
    membership.approves_petitions = approves
    membership.save(update_fields=["approves_petitions"])
    log_action(
        "membership.approval_granted" if approves else "membership.approval_withdrawn",
        organisation=membership.organisation, actor=by.user, obj=membership,
        data={"user": membership.user.username},
    )  # fmt: skip
    return True
