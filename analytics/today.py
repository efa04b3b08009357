"""The supervisor's morning page: work queues and caseload, each row linking to its case.

Every table is one or two queries (rows, and a count when the list is cut), whatever the
number of cases. The custody queues are in analytics.today_custody.
"""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

from analytics.tables import Row, Table
from analytics.today_base import (
    LIST_LIMIT,
    Today,
    cut,
    detainee_of,
    local,
    name_of,
    today_window,
)
from analytics.today_custody import CUSTODY_TABLES, PRODUCTION_LIMIT_HOURS
from casework.models import Case, Membership, Role
from detainees.bail.release import RELEASE_DUE_HOURS, bail_granted_not_released
from detainees.hearings.selectors import outcome_review_queue
from detainees.models import Hearing, Referral
from detainees.models.risk import ReferralBody, ReferralStatus
from detainees.selectors import remands_expiring
from detainees.unhcr.selectors import UNHCR_ANSWER_DAYS, unhcr_requests_overdue
from documents.models import Petition, PetitionState
from documents.petitions.overtaken import petition_overtaken

User = get_user_model()

# A UNHCR referral sent this long ago with nothing back is chased.
UNHCR_REPLY_DAYS = 14


def hearings_today(membership: Membership, window: Today) -> Table:
    qs = (
        Hearing.objects.filter(
            organisation_id=membership.organisation_id,
            starts_at__gte=window.start,
            starts_at__lt=window.start + timedelta(days=1),
        )
        .select_related("case", "court")
        .order_by("starts_at", "court__name", "id")
    )
    table = Table(
        key="hearings_today",
        title=gettext_noop("Hearings today"),
        columns=[
            gettext_noop("Time"),
            gettext_noop("Case"),
            gettext_noop("Court"),
            gettext_noop("Purpose"),
        ],
        empty=gettext_noop("No hearings today."),
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
            ],
            reference=h.case.reference,
        ),  # fmt: skip
        window,
    )


def hearings_by_court(membership: Membership, window: Today) -> Table:
    tomorrow = window.start + timedelta(days=1)
    counts = (
        Hearing.objects.filter(
            organisation_id=membership.organisation_id,
            starts_at__gte=window.start,
            starts_at__lt=window.week_end,
        )
        .values("court__name")
        .annotate(today=Count("pk", filter=Q(starts_at__lt=tomorrow)), week=Count("pk"))
        .order_by("-week", "court__name")
    )
    return Table(
        key="hearings_by_court",
        title=gettext_noop("Hearings today and in the next 7 days, by court"),
        columns=[gettext_noop("Court"), gettext_noop("Today"), gettext_noop("Next 7 days")],
        rows=[Row([c["court__name"], c["today"], c["week"]]) for c in counts],
        empty=gettext_noop("No hearings in the next 7 days."),
    )


def _petition_title(petition: Petition) -> str:
    flag = petition_overtaken(petition)
    if flag is None:
        return petition.version.template.title
    return gettext("%(title)s (overtaken: %(status)s)") % {
        "title": petition.version.template.title,
        "status": flag.status,
    }


def petitions_awaiting_approval(membership: Membership, window: Today) -> Table:
    qs = (
        Petition.objects.filter(
            organisation_id=membership.organisation_id, state=PetitionState.IN_REVIEW
        )
        .select_related("case__detention", "version__template", "drafted_by")
        .order_by("created_at", "id")
    )
    table = Table(
        key="petitions",
        title=gettext_noop("Petitions waiting for approval"),
        columns=[
            gettext_noop("Case"),
            gettext_noop("Petition"),
            gettext_noop("Drafted by"),
            gettext_noop("Drafted on"),
        ],
        empty=gettext_noop("No petition is waiting for approval."),
    )
    return cut(
        qs,
        table,
        lambda p: Row(
            [
                p.case.reference,
                _petition_title(p),
                name_of(p.drafted_by),
                local(p.created_at, "DATE_FORMAT"),
            ],
            reference=p.case.reference,
        ),  # fmt: skip
        window,
    )


def outcomes_awaiting_review(user, window: Today) -> Table:
    table = Table(
        key="outcomes",
        title=gettext_noop("Outcomes waiting for review"),
        columns=[
            gettext_noop("Case"),
            gettext_noop("Outcome"),
            gettext_noop("When it happened"),
            gettext_noop("Recorded by"),
        ],
        empty=gettext_noop("No outcome is waiting for review."),
    )
    qs = outcome_review_queue(user)
    return cut(
        qs,
        table,
        lambda o: Row(
            [
                o.case.reference,
                o.get_outcome_display(),
                local(o.occurred_at),
                name_of(o.recorded_by),
            ],
            reference=o.case.reference,
        ),  # fmt: skip
        window,
    )


def unhcr_unanswered(membership: Membership, window: Today) -> Table:
    local_today = timezone.localtime(window.now, window.start.tzinfo).date()
    qs = (
        Referral.objects.filter(
            organisation_id=membership.organisation_id,
            body=ReferralBody.UNHCR,
            status=ReferralStatus.SENT,
            referred_on__lte=local_today - timedelta(days=UNHCR_REPLY_DAYS),
        )
        .select_related("case")
        .order_by("referred_on", "id")
    )
    table = Table(
        key="unhcr",
        # Worded here, not in the template: the number of days is part of the sentence.
        title=gettext("UNHCR referrals with no reply after %(days)s days")
        % {"days": UNHCR_REPLY_DAYS},
        columns=[gettext_noop("Case"), gettext_noop("Referred on"), gettext_noop("Days waiting")],
        empty=gettext_noop("No UNHCR referral is waiting that long."),
    )
    return cut(
        qs,
        table,
        lambda r: Row(
            [
                r.case.reference,
                date_format(r.referred_on, "DATE_FORMAT"),
                (local_today - r.referred_on).days,
            ],
            reference=r.case.reference,
        ),  # fmt: skip
        window,
    )


def bail_not_released(membership: Membership, window: Today) -> Table:
    """Clients granted bail more than a day ago whom nobody has recorded as released."""
    cases = Case.objects.filter(organisation_id=membership.organisation_id)
    table = Table(
        key="bail",
        title=gettext("Bail granted but not released after %(hours)s hours")
        % {"hours": RELEASE_DUE_HOURS},
        columns=[
            gettext_noop("Case"),
            gettext_noop("Detainee"),
            gettext_noop("Bail granted by"),
            gettext_noop("Order of"),
            gettext_noop("Hours since"),
            gettext_noop("Lead lawyer"),
        ],
        empty=gettext_noop("Everyone granted bail has been released."),
    )
    return cut(
        bail_granted_not_released(cases, now=window.now),
        table,
        lambda s: Row(
            [
                s.case.reference,
                detainee_of(s.case),
                s.application.court.name,
                date_format(s.application.order_on, "DATE_FORMAT"),
                s.hours,
                name_of(s.case.lead_lawyer),
            ],
            reference=s.case.reference,
        ),  # fmt: skip
        window,
    )


def unhcr_requests_late(membership: Membership, window: Today) -> Table:
    local_today = timezone.localtime(window.now, window.start.tzinfo).date()
    cases = Case.objects.filter(organisation_id=membership.organisation_id)
    table = Table(
        key="unhcr_requests",
        title=gettext("UNHCR verification requests with no answer after %(days)s days")
        % {"days": UNHCR_ANSWER_DAYS},
        columns=[
            gettext_noop("Case"),
            gettext_noop("Detainee"),
            gettext_noop("Sent on"),
            gettext_noop("Sent by"),
            gettext_noop("Days waiting"),
        ],
        empty=gettext_noop("No UNHCR verification request is waiting that long."),
    )
    return cut(
        unhcr_requests_overdue(cases, today=local_today),
        table,
        lambda r: Row(
            [
                r.case.reference,
                detainee_of(r.case),
                date_format(r.sent_on, "DATE_FORMAT"),
                r.get_channel_display(),
                (local_today - r.sent_on).days,
            ],
            reference=r.case.reference,
        ),  # fmt: skip
        window,
    )


def remands_ending(membership: Membership, window: Today) -> Table:
    """Remands that run out within the week: the next hearing decides what follows."""
    local_today = timezone.localtime(window.now, window.start.tzinfo).date()
    cases = Case.objects.filter(organisation_id=membership.organisation_id)
    table = Table(
        key="remands",
        title=gettext_noop("Remands ending within a week"),
        columns=[
            gettext_noop("Case"),
            gettext_noop("Detainee"),
            gettext_noop("Remand"),
            gettext_noop("Ends on"),
        ],
        empty=gettext_noop("No remand ends this week."),
    )
    return cut(
        remands_expiring(cases, today=local_today, within_days=7),
        table,
        lambda r: Row(
            [
                r.case.reference,
                detainee_of(r.case),
                r.change.get_kind_display(),
                date_format(r.expires_on, "DATE_FORMAT"),
            ],
            reference=r.case.reference,
        ),  # fmt: skip
        window,
    )


def caseload(membership: Membership, window: Today) -> Table:
    """Open cases each lawyer leads, with how many of those detainees are still in custody
    and how many are past the production limit. Lawyers without cases are listed too.

    Counted from the cases' side in one grouped scan of the case rows alone: custody is
    read from the facts the detention's triggers copy onto the case (``custody_held``;
    ``list_awaiting`` is held and not yet produced), not from a join of every open case
    with its detention. The members are a second, small query.
    """
    org = membership.organisation_id
    held = Q(custody_held=True)
    overdue = Q(
        list_awaiting=True,
        list_arrested_at__lte=window.now - timedelta(hours=PRODUCTION_LIMIT_HOURS),
    )
    counts = {
        row["lead_lawyer_id"]: row
        for row in Case.objects.filter(organisation_id=org)
        .filter(closed_at__isnull=True)
        .values("lead_lawyer_id")
        .annotate(
            open_cases=Count("pk"),
            held=Count("pk", filter=held),
            overdue=Count("pk", filter=overdue),
        )
        .order_by()
    }
    none = {"open_cases": 0, "held": 0, "overdue": 0}
    people = User.objects.filter(membership__organisation_id=org, is_active=True).filter(
        Q(membership__role=Role.LAWYER) | Q(pk__in=[pk for pk in counts if pk is not None])
    )
    loads = [(user, counts.get(user.pk, none)) for user in people]
    loads.sort(key=lambda entry: (-entry[1]["open_cases"], entry[0].first_name, entry[0].username))
    rows = [Row([name_of(u), c["open_cases"], c["held"], c["overdue"]]) for u, c in loads]
    # Leads who left the organisation or were deactivated keep their cases in the counts.
    listed = {user.pk for user, _ in loads}
    gone = [c for pk, c in counts.items() if pk is not None and pk not in listed]
    if gone:
        rows.append(Row([gettext("Former members")] + [sum(c[k] for c in gone) for k in none]))
    if None in counts:
        unassigned = counts[None]
        rows.append(
            Row([gettext("No lead lawyer"), unassigned["open_cases"], unassigned["held"],
                 unassigned["overdue"]])
        )  # fmt: skip
    return Table(
        key="caseload",
        title=gettext_noop("Open caseload per lawyer"),
        columns=[
            gettext_noop("Lawyer"),
            gettext_noop("Open cases"),
            gettext_noop("In custody"),
            gettext_noop("Past 24 h without production"),
        ],
        rows=rows,
        empty=gettext_noop("No lawyers and no open cases yet."),
    )


def today_tables(
    user, membership: Membership, now: datetime | None = None, *, limit: int | None = LIST_LIMIT
) -> dict[str, Table]:
    """Every table of the page; ``limit=None`` keeps every row of each queue (its CSV)."""
    window = today_window(membership, now, limit=limit)
    tables = [
        *(table(membership, window) for table in CUSTODY_TABLES),
        hearings_today(membership, window),
        hearings_by_court(membership, window),
        petitions_awaiting_approval(membership, window),
        outcomes_awaiting_review(user, window),
        bail_not_released(membership, window),
        unhcr_unanswered(membership, window),
        unhcr_requests_late(membership, window),
        remands_ending(membership, window),
        caseload(membership, window),
    ]
    return {table.key: table for table in tables}
