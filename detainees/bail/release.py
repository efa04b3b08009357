"""Bail granted → release order delivered → released, and the alert when it stalls.

The release itself is a custody change ("released on bail", detainees/services.py); this
module records the order's delivery and finds the clients still held after bail.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from casework.audit import log_action
from casework.links import case_url
from casework.models import Case
from detainees.clock import notify_once, supervisors_by_organisation
from detainees.models import Application, ApplicationKind, ApplicationResult, CustodyChange
from detainees.models import CustodyKind as Kind
from detainees.models.people import HELD_STATUSES

# The jail or police station should act on a release order the day it arrives; a client
# still held a day after bail was granted needs someone at the jail gate.
RELEASE_DUE_HOURS = 24
# Moves that end the custody bail was granted in.
RELEASE_KINDS = (Kind.RELEASED_ON_BAIL, Kind.RELEASED, Kind.DEPORTED)


@transaction.atomic
def release_order_record(
    *, case: Case, by, application: Application, delivered_at: datetime, delivered_to: str
) -> Application:
    """Record that the release order of a granted bail reached the jail or police."""
    if application.case_id != case.pk:
        raise ValidationError(gettext("That application belongs to another case."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    errors = {}
    if application.kind != ApplicationKind.BAIL or application.result != ApplicationResult.GRANTED:
        raise ValidationError(
            gettext("A release order follows only a bail application that was granted.")
        )
    delivered_to = " ".join((delivered_to or "").split())
    if not delivered_to:
        errors["delivered_to"] = gettext(
            "Say to whom the order was delivered, e.g. the jail's Superintendent."
        )
    if delivered_at is None:
        errors["delivered_at"] = gettext("Enter when the order was delivered.")
    elif delivered_at > timezone.now():
        errors["delivered_at"] = gettext("The delivery cannot be in the future.")
    elif application.order_on and delivered_at < granted_from(application, case):
        errors["delivered_at"] = gettext("The order cannot be delivered before bail was granted.")
    if errors:
        raise ValidationError(errors)
    corrected = application.release_order_delivered_at is not None
    application.release_order_delivered_at = delivered_at
    application.release_order_delivered_to = delivered_to[:200]
    application.save(update_fields=["release_order_delivered_at", "release_order_delivered_to"])
    log_action(
        "application.release_order_delivered", organisation=case.organisation, actor=by,
        case=case, obj=application,
        data={"delivered_at": delivered_at.isoformat(), "corrected": corrected},
    )  # fmt: skip
    return application


def granted_from(application: Application, case: Case) -> datetime:
    """The order's day carries no hour: count from its start in the organisation's zone,
    the earliest bail can have been granted (as an arrest with an unknown time is)."""
    zone = zoneinfo.ZoneInfo(case.organisation.time_zone)
    return datetime.combine(application.order_on, time.min, tzinfo=zone)


@dataclass(frozen=True)
class StalledRelease:
    case: Case
    application: Application
    granted_from: datetime
    hours: int


def bail_granted_not_released(cases: QuerySet[Case], *, now: datetime) -> list[StalledRelease]:
    """Clients granted bail more than ``RELEASE_DUE_HOURS`` ago and still held: one row per
    case (its latest grant), oldest first. One query, whatever the number of cases."""
    released = CustodyChange.objects.filter(
        detention_id=OuterRef("case__detention_id"),
        kind__in=RELEASE_KINDS,
        occurred_at__date__gte=OuterRef("order_on"),
    )
    # A day's slack before the zone-exact check below: no zone is more than 14 h from UTC.
    latest_day: date = (now - timedelta(hours=RELEASE_DUE_HOURS - 14)).date()
    grants = (
        Application.objects.filter(
            case__in=cases,
            kind=ApplicationKind.BAIL,
            result=ApplicationResult.GRANTED,
            order_on__lte=latest_day,
            case__detention__status__in=HELD_STATUSES,
        )
        .exclude(Exists(released))
        .select_related("case__organisation", "case__person", "case__lead_lawyer", "court")
        .order_by("order_on", "id")
    )
    stalled: dict[int, StalledRelease] = {}
    for grant in grants:
        since = granted_from(grant, grant.case)
        if now - since < timedelta(hours=RELEASE_DUE_HOURS):
            continue
        hours = int((now - since).total_seconds() // 3600)
        # Ordered by date: a later grant on the same case replaces an earlier one.
        stalled.pop(grant.case_id, None)
        stalled[grant.case_id] = StalledRelease(grant.case, grant, since, hours)
    return sorted(stalled.values(), key=lambda s: (s.granted_from, s.case.reference))


def bail_release_alerts_send(*, now: datetime | None = None) -> int:
    """Tell the lead lawyer and the supervisors, once per grant and recipient, that a client
    granted bail is still held. The email names the case reference and nothing else."""
    now = now or timezone.now()
    stalled = bail_granted_not_released(Case.objects.all(), now=now)
    supervisors = supervisors_by_organisation({s.case.organisation_id for s in stalled})
    for item in stalled:
        case = item.case
        notify_once(
            key_prefix=f"bail-not-released:{item.application.pk}",
            recipients=[case.lead_lawyer, *supervisors.get(case.organisation_id, [])],
            organisation=case.organisation,
            case=case,
            compose=lambda case=case: (
                gettext("%(reference)s: bail granted, not yet released")
                % {"reference": case.reference},
                gettext(
                    "Bail was granted in case %(reference)s more than %(hours)s hours ago and "
                    "no release is recorded. Check that the release order reached the jail or "
                    "police station, and record the release when it happens."
                    "\n\nOpen the case: %(link)s\n"
                )
                % {
                    "reference": case.reference,
                    "hours": RELEASE_DUE_HOURS,
                    "link": case_url(case.reference),
                },
            ),  # fmt: skip
        )
    return len(stalled)
