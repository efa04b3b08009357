"""Writes for cases: opening, references, assignment. Each is one transaction and one event."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
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
    Role,
    Stage,
)
from casework.queue import send_on_commit
from casework.tasks import notify_case_assigned
from detainees.services import detention_build, person_build

User = get_user_model()

# What a team member may do on a case. Approval is granted separately, case by case.
TEAM_PERMISSIONS = ("view_case", "change_case", "draft_petition")
ASSIGNABLE_ROLES = (Role.LAWYER, Role.PARALEGAL)


def _membership(user) -> Membership:
    try:
        return user.membership
    except Membership.DoesNotExist:
        raise ValidationError("This account does not belong to an organisation.") from None


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


@transaction.atomic
def case_open(
    *,
    opened_by,
    person_fields: dict[str, Any],
    detention_fields: dict[str, Any],
) -> Case:
    """Intake: person, detention and case together, or nothing at all."""
    membership = _membership(opened_by)
    organisation = membership.organisation
    person = person_build(organisation=organisation, fields=person_fields)
    person.save()
    detention = detention_build(organisation=organisation, person=person, fields=detention_fields)
    detention.save()
    (reference,) = reference_allocate(organisation=organisation, year=timezone.localdate().year)
    case = Case.objects.create(
        organisation=organisation,
        reference=reference,
        person=person,
        detention=detention,
        stage=Stage.INTAKE,
        opened_by=opened_by,
        lead_lawyer=opened_by if membership.role == Role.LAWYER else None,
    )
    if membership.role in ASSIGNABLE_ROLES:
        # Whoever logs the case keeps access to it.
        CaseAssignment.objects.create(case=case, user=opened_by, assigned_by=opened_by)
        _grant_team_permissions(case, [opened_by])
    log_action(
        "case.opened", organisation=organisation, actor=opened_by, case=case, obj=case,
        data={"reference": reference},
    )  # fmt: skip
    return case


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
        elif m.role not in ASSIGNABLE_ROLES:
            errors.append(
                f"{user} is a {m.get_role_display().lower()} and sees every case already."
            )
    lead_membership = memberships.get(lead_lawyer.pk) if lead_lawyer is not None else None
    if lead_membership is not None and lead_membership.role != Role.LAWYER:
        errors.append(f"{lead_lawyer} is not a lawyer and cannot lead a case.")
    if errors:
        raise ValidationError(errors)


ASSIGNMENT_DEFERRED = "Saved. The new team members will be notified when the queue is back."


@transaction.atomic
def case_assign(*, case: Case, lead_lawyer, team: Iterable, assigned_by) -> Case:
    """Set the lead lawyer and team. Permissions follow the assignment, both ways."""
    membership = _membership(assigned_by)
    if membership.organisation_id != case.organisation_id or not membership.sees_whole_organisation:
        raise ValidationError("Only a supervisor of this organisation assigns cases.")
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
        [CaseAssignment(case=case, user=u, assigned_by=assigned_by) for u in added]
    )
    _grant_team_permissions(case, added)
    lead_changed = case.lead_lawyer_id != (lead_lawyer.pk if lead_lawyer else None)
    case.lead_lawyer = lead_lawyer
    case.save(update_fields=["lead_lawyer"])

    log_action(
        "case.assigned",
        organisation=case.organisation,
        actor=assigned_by,
        case=case,
        obj=case,
        data={
            "lead_lawyer": lead_lawyer.username if lead_lawyer else None,
            "added": sorted(u.username for u in added),
            "removed": sorted(
                User.objects.filter(pk__in=removed).values_list("username", flat=True)
            ),
            "lead_changed": lead_changed,
        },
    )
    for assignment in new_assignments:
        send_on_commit(notify_case_assigned, assignment.pk, deferred=ASSIGNMENT_DEFERRED)
    return case


def notifications_mark_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
