"""The 24-hour clock: a detainee must be produced before a magistrate within 24 hours
(Constitution Art. 10(2), CrPC ss.61 and 167).

Hours are derived from timestamps (``Detention.hours_without_production``). Whether a
case is a habeas-corpus candidate is derived too, rather than stored as a flag: it is
true exactly while the detainee has been held 24 hours or more without production, and
it stops being true the moment production (or release) is recorded, when habeas corpus
becomes infructuous and bail is the remedy. A stored flag would need clearing by hand
and could disagree with the clock. What *is* stored is that an alert was raised
(``ClockAlert``), because that is a fact about the past, and the timeline event it wrote.
"""

import zoneinfo
from collections.abc import Callable
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from casework.audit import log_action
from casework.links import case_url
from casework.models import Notification, Role
from casework.notifications import addressed_to, notification_send
from detainees.models import ClockAlert, Detention
from detainees.models.people import HELD_STATUSES

User = get_user_model()

WARNING_HOURS = 20
LIMIT_HOURS = 24
THRESHOLDS = (WARNING_HOURS, LIMIT_HOURS)


def is_habeas_corpus_candidate(detention: Detention, now: datetime | None = None) -> bool:
    hours = detention.hours_without_production(now)
    return hours is not None and hours >= LIMIT_HOURS


def unproduced_since(cutoff: datetime) -> Q:
    """Detentions (as a filter) held without production since at least ``cutoff``."""
    return Q(status__in=HELD_STATUSES, produced_at__isnull=True, arrested_at__lte=cutoff)


def detentions_due(threshold: int, now: datetime) -> QuerySet[Detention]:
    """Detentions that crossed ``threshold`` hours and whose alert is not complete yet.

    A detention already past 24 hours when first seen gets only the 24-hour alert:
    a 20-hour warning about someone held for two days would be noise.
    """
    done = ClockAlert.objects.filter(
        detention=OuterRef("pk"), threshold_hours=threshold, completed_at__isnull=False
    )
    qs = Detention.objects.filter(unproduced_since(now - timedelta(hours=threshold)))
    if threshold < LIMIT_HOURS:
        qs = qs.filter(arrested_at__gt=now - timedelta(hours=LIMIT_HOURS))
    return (
        qs.filter(case__isnull=False)
        .exclude(Exists(done))
        .select_related("case__organisation", "case__lead_lawyer")
        .order_by("arrested_at", "pk")
    )


def supervisors_by_organisation(organisation_ids: set[int]) -> dict[int, list]:
    supervisors: dict[int, list] = {}
    for user in User.objects.filter(
        is_active=True,
        membership__role=Role.SUPERVISOR,
        membership__organisation_id__in=organisation_ids,
    ).select_related("membership"):
        supervisors.setdefault(user.membership.organisation_id, []).append(user)
    return supervisors


def _raise_alert(detention: Detention, threshold: int, now: datetime) -> ClockAlert:
    """Insert the alert row; only the process whose insert wins writes the timeline event."""
    case = detention.case
    try:
        with transaction.atomic():
            alert = ClockAlert.objects.create(
                detention=detention, threshold_hours=threshold, raised_at=now
            )
            verb = (
                "detention.habeas_candidate"
                if threshold >= LIMIT_HOURS
                else ("detention.clock_warning")
            )
            log_action(
                verb, organisation=case.organisation, actor=None, case=case, obj=detention,
                data={"hours": threshold, "summary": _headline(threshold)},
            )  # fmt: skip
            return alert
    except IntegrityError:
        return ClockAlert.objects.get(detention=detention, threshold_hours=threshold)


def _headline(threshold: int) -> str:
    if threshold >= LIMIT_HOURS:
        return gettext(
            "held %(hours)s hours without production before a magistrate: habeas corpus candidate"
        ) % {"hours": threshold}
    return gettext("held %(hours)s hours without production before a magistrate") % {
        "hours": threshold
    }


def _message(detention: Detention, threshold: int) -> tuple[str, str]:
    case = detention.case
    zone = zoneinfo.ZoneInfo(case.organisation.time_zone)
    arrested = date_format(timezone.localtime(detention.arrested_at, zone), "DATETIME_FORMAT")
    subject = gettext("Panah: %(reference)s %(headline)s") % {
        "reference": case.reference, "headline": _headline(threshold),
    }  # fmt: skip
    if threshold >= LIMIT_HOURS:
        advice = gettext(
            "The 24 hours allowed by Article 10(2) of the Constitution and CrPC s.61 have "
            "passed. The case is now a habeas corpus candidate (Art. 199, or s.491 CrPC)."
        )
    else:
        advice = gettext(
            "%(hours)s hours remain before the 24-hour limit of Article 10(2) "
            "of the Constitution and CrPC s.61."
        ) % {"hours": LIMIT_HOURS - threshold}
    body = gettext(
        "Case %(reference)s: arrested %(arrested)s (%(zone)s), not yet produced before "
        "a magistrate.\n%(advice)s\n\nOpen the case: %(link)s\n"
    ) % {
        "reference": case.reference, "arrested": arrested, "zone": zone.key,
        "advice": advice, "link": case_url(case.reference),
    }  # fmt: skip
    return subject, body


def _delivered_keys(keys: list[str]) -> set[str]:
    """Notifications already made: each one's email went to the outbox with it."""
    return set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))


def notify_once(
    *, key_prefix: str, recipients, organisation, case, compose: Callable[[], tuple[str, str]]
):
    """Send to each recipient once; keys already delivered cost no further queries.
    ``compose()`` returns (subject, body) and is called in each recipient's language."""
    unique = {u.pk: u for u in recipients if u is not None and u.is_active}
    keys = {pk: f"{key_prefix}:{pk}" for pk in unique}
    delivered = _delivered_keys(list(keys.values()))
    for pk, user in unique.items():
        if keys[pk] in delivered:
            continue
        with addressed_to(user):
            subject, body = compose()
            notification_send(
                key=keys[pk], recipient=user, organisation=organisation, case=case,
                subject=subject, body=body,
            )  # fmt: skip


def detention_clock_alerts_send(*, now: datetime | None = None) -> int:
    """Notify the lead lawyer and the supervisors at 20 and at 24 hours, once each.

    Safe to run twice or concurrently: the alert row is unique per threshold and each
    notification has a unique key. Not one transaction on purpose: a failure on one
    detention must not hold back the alerts of the others.
    """
    now = now or timezone.now()
    raised = 0
    for threshold in THRESHOLDS:
        due = list(detentions_due(threshold, now))
        supervisors = supervisors_by_organisation({d.case.organisation_id for d in due})
        for detention in due:
            case = detention.case
            alert = _raise_alert(detention, threshold, now)
            notify_once(
                key_prefix=f"clock:{detention.pk}:{threshold}",
                recipients=[case.lead_lawyer, *supervisors.get(case.organisation_id, [])],
                organisation=case.organisation, case=case,
                compose=lambda d=detention, t=threshold: _message(d, t),
            )  # fmt: skip
            ClockAlert.objects.filter(pk=alert.pk, completed_at__isnull=True).update(
                completed_at=timezone.now()
            )
            raised += 1
    return raised
