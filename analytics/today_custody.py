"""Today's custody queues, forward and backward: who is past 24 hours without production
and who is nearing it, remands that ran out with the person still held, children held, new
raids, bail refused with nothing filed since, today's hearings nobody attends, and open
cases nobody has touched. Each is read from the stored custody facts (detainees.custody),
most urgent or oldest first, with its exact count."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

from analytics.tables import Row, Table
from analytics.today_base import Today, cut, detainee_of, local, name_of
from casework.models import Case, Membership
from detainees.models import Hearing, Incident
from detainees.models.people import HELD_STATUSES
from detainees.queues import (
    BAIL_REFUSED_IDLE_DAYS,
    IDLE_DAYS,
    bail_refused_idle,
    cases_idle,
    remands_run_out,
)

PRODUCTION_LIMIT_HOURS = 24
# A raid stays on Today for this long after it happened.
NEW_RAID_HOURS = 48


def _hours(window: Today, since) -> int:
    return int((window.now - since).total_seconds() // 3600)


def _held_unproduced(membership: Membership):
    return Case.objects.filter(
        organisation_id=membership.organisation_id,
        # Open cases, as the caseload counts them: a closed case is nobody's work.
        closed_at__isnull=True,
        # Named on the detention too, so its partial index of the held and not yet
        # produced (detention_held_unproduced_idx) gives the oldest rows first
        # without sorting every held detainee.
        detention__organisation_id=membership.organisation_id,
        # Held anywhere without a magistrate's order, a holding centre included.
        detention__status__in=HELD_STATUSES,
        detention__produced_at__isnull=True,
    ).select_related("person", "detention", "lead_lawyer")


def custody_past_limit(membership: Membership, window: Today) -> Table:
    qs = _held_unproduced(membership).filter(
        detention__arrested_at__lte=window.now - timedelta(hours=PRODUCTION_LIMIT_HOURS)
    )
    table = Table(
        key="custody",
        title=gettext_noop("In custody past 24 hours without production"),
        columns=[
            gettext_noop("Case"),
            gettext_noop("Detainee"),
            gettext_noop("Held at"),
            gettext_noop("Hours held"),
            gettext_noop("Lead lawyer"),
        ],
        empty=gettext_noop(
            "Nobody is held past 24 hours without being produced before a magistrate."
        ),
    )

    def row(case: Case) -> Row:
        return Row(
            [
                case.reference,
                detainee_of(case),
                case.detention.custody_location,
                _hours(window, case.detention.arrested_at),
                name_of(case.lead_lawyer),
            ],
            reference=case.reference,
        )

    return cut(qs.order_by("detention__arrested_at", "id"), table, row, window)


def nearing_production_limit(membership: Membership, window: Today) -> Table:
    """Held without production for ``NEARING_PRODUCTION_HOURS`` and not yet 24: the ones
    someone can still take before a magistrate in time, the least time left first."""
    nearing = settings.NEARING_PRODUCTION_HOURS
    qs = _held_unproduced(membership).filter(
        detention__arrested_at__lte=window.now - timedelta(hours=nearing),
        detention__arrested_at__gt=window.now - timedelta(hours=PRODUCTION_LIMIT_HOURS),
    )
    table = Table(
        key="nearing",
        title=gettext("Nearing 24 hours without production (held %(hours)s hours or more)")
        % {"hours": nearing},
        columns=[
            gettext_noop("Case"),
            gettext_noop("Detainee"),
            gettext_noop("Held at"),
            gettext_noop("Hours held"),
            gettext_noop("Hours left"),
            gettext_noop("Lead lawyer"),
        ],
        empty=gettext_noop("Nobody is about to pass 24 hours without production."),
    )

    def row(case: Case) -> Row:
        held = window.now - case.detention.arrested_at
        left = timedelta(hours=PRODUCTION_LIMIT_HOURS) - held
        return Row(
            [
                case.reference,
                detainee_of(case),
                case.detention.custody_location,
                int(held.total_seconds() // 3600),
                # Whole hours left, rounded down: 5 h 40 min left is 5, never 6.
                int(left.total_seconds() // 3600),
                name_of(case.lead_lawyer),
            ],
            reference=case.reference,
        )

    return cut(qs.order_by("detention__arrested_at", "id"), table, row, window)


def remands_run_out_table(membership: Membership, window: Today) -> Table:
    cases = Case.objects.filter(organisation_id=membership.organisation_id)
    table = Table(
        key="remand_run_out",
        title=gettext_noop("Held after the remand ran out, with no further order"),
        columns=[
            gettext_noop("Case"),
            gettext_noop("Detainee"),
            gettext_noop("Remand"),
            gettext_noop("Ended on"),
            gettext_noop("Days since"),
            gettext_noop("Lead lawyer"),
        ],
        empty=gettext_noop("Nobody is held on a remand that has run out."),
    )
    return cut(
        remands_run_out(cases, today=window.date),
        table,
        lambda r: Row(
            [
                r.case.reference,
                detainee_of(r.case),
                r.change.get_kind_display(),
                date_format(r.ended_on, "DATE_FORMAT"),
                r.days_over,
                name_of(r.case.lead_lawyer),
            ],
            reference=r.case.reference,
        ),
        window,
    )


def children_held(membership: Membership, window: Today) -> Table:
    """Children (under 18 on the day of arrest) still held, longest held first: the law
    keeps a child out of a police lock-up and a jail, and a guardian acts for them."""
    qs = (
        Case.objects.filter(
            organisation_id=membership.organisation_id,
            closed_at__isnull=True,
            custody_held=True,
            person__minor=True,
        )
        .select_related("person", "detention", "lead_lawyer")
        .order_by("list_arrested_at", "id")
    )
    table = Table(
        key="children",
        title=gettext_noop("Children held"),
        columns=[
            gettext_noop("Case"),
            gettext_noop("Detainee"),
            gettext_noop("Held at"),
            gettext_noop("Hours held"),
            gettext_noop("Lead lawyer"),
        ],
        empty=gettext_noop("No child is held."),
    )

    def row(case: Case) -> Row:
        where = f"{case.detention.get_status_display()} · {case.detention.custody_location}"
        return Row(
            [
                case.reference,
                detainee_of(case),
                where,
                _hours(window, case.detention.arrested_at),
                name_of(case.lead_lawyer),
            ],
            reference=case.reference,
        )

    return cut(qs, table, row, window)


def new_raids(membership: Membership, window: Today) -> Table:
    """Raids of the last two days with how many detainees are logged, still held and
    produced: a raid is where the clock runs for many people at once."""
    held = Q(detentions__status__in=HELD_STATUSES)
    qs = (
        Incident.objects.filter(
            organisation_id=membership.organisation_id,
            occurred_at__gte=window.now - timedelta(hours=NEW_RAID_HOURS),
        )
        .annotate(
            logged=Count("detentions"),
            held=Count("detentions", filter=held),
            produced=Count("detentions", filter=Q(detentions__produced_at__isnull=False)),
            unproduced=Count("detentions", filter=held & Q(detentions__produced_at__isnull=True)),
        )
        .order_by("occurred_at", "id")
    )
    table = Table(
        key="raids",
        title=gettext("Raids in the last %(hours)s hours") % {"hours": NEW_RAID_HOURS},
        columns=[
            gettext_noop("Raid"),
            gettext_noop("When"),
            gettext_noop("Detainees logged"),
            gettext_noop("Estimated detained"),
            gettext_noop("Still held"),
            gettext_noop("Produced"),
            gettext_noop("Not yet produced"),
        ],
        empty=gettext_noop("No raid in the last two days."),
    )
    return cut(
        qs,
        table,
        lambda i: Row(
            [
                i.place,
                local(i.occurred_at),
                i.logged,
                i.estimated_detained if i.estimated_detained is not None else "—",
                i.held,
                i.produced,
                i.unproduced,
            ]
        ),
        window,
    )


def bail_refused_idle_table(membership: Membership, window: Today) -> Table:
    cases = Case.objects.filter(organisation_id=membership.organisation_id)
    table = Table(
        key="bail_refused",
        title=gettext("Bail refused, nothing filed after %(days)s days")
        % {"days": BAIL_REFUSED_IDLE_DAYS},
        columns=[
            gettext_noop("Case"),
            gettext_noop("Detainee"),
            gettext_noop("Refused on"),
            gettext_noop("Days since"),
            gettext_noop("Lead lawyer"),
        ],
        empty=gettext_noop("Every refusal of bail has been followed by a new application."),
    )
    return cut(
        bail_refused_idle(cases, today=window.date),
        table,
        lambda r: Row(
            [
                r.case.reference,
                detainee_of(r.case),
                date_format(r.refused_on, "DATE_FORMAT"),
                r.days,
                name_of(r.case.lead_lawyer),
            ],
            reference=r.case.reference,
        ),
        window,
    )


def hearings_unattended(membership: Membership, window: Today) -> Table:
    attending = Hearing.attending.through.objects.filter(hearing_id=OuterRef("pk"))
    qs = (
        Hearing.objects.filter(
            organisation_id=membership.organisation_id,
            starts_at__gte=window.start,
            starts_at__lt=window.start + timedelta(days=1),
        )
        .exclude(Exists(attending))
        .select_related("case__lead_lawyer", "court")
        .order_by("starts_at", "court__name", "id")
    )
    table = Table(
        key="unattended",
        title=gettext_noop("Hearings today with nobody attending"),
        columns=[
            gettext_noop("Time"),
            gettext_noop("Case"),
            gettext_noop("Court"),
            gettext_noop("Purpose"),
            gettext_noop("Lead lawyer"),
        ],
        empty=gettext_noop("Someone attends every hearing today."),
    )
    return cut(
        qs,
        table,
        lambda h: Row(
            [
                local(h.starts_at, "TIME_FORMAT"),
                h.case.reference,
                h.court.name,
                h.get_purpose_display(),
                name_of(h.case.lead_lawyer),
            ],
            reference=h.case.reference,
        ),
        window,
    )


def idle_cases(membership: Membership, window: Today) -> Table:
    cases = Case.objects.filter(organisation_id=membership.organisation_id)
    table = Table(
        key="idle",
        title=gettext("Open cases with nothing done for %(days)s days") % {"days": IDLE_DAYS},
        columns=[
            gettext_noop("Case"),
            gettext_noop("Detainee"),
            gettext_noop("Last worked on"),
            gettext_noop("Days since"),
            gettext_noop("Lead lawyer"),
        ],
        empty=gettext_noop("Every open case has been worked on in the last two weeks."),
    )
    return cut(
        cases_idle(cases, now=window.now),
        table,
        lambda c: Row(
            [
                c.reference,
                detainee_of(c),
                local(c.active_at, "DATE_FORMAT"),
                (window.now - c.active_at).days,
                name_of(c.lead_lawyer),
            ],
            reference=c.reference,
        ),
        window,
    )


# In the page's order: the clock first.
CUSTODY_TABLES = (
    custody_past_limit,
    nearing_production_limit,
    remands_run_out_table,
    children_held,
    new_raids,
    bail_refused_idle_table,
    hearings_unattended,
    idle_cases,
)
