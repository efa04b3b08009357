"""UNHCR verification requests sent and not answered in time."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from casework.models import Case
from casework.selectors import cases_visible_to
from detainees.models import UnhcrRequest

# Two weeks: a remand rarely runs longer, so an answer later than that comes after the
# hearing it was wanted for; the request is chased (as UNHCR referrals are on Today).
UNHCR_ANSWER_DAYS = 14


@dataclass(frozen=True)
class OverdueRequest:
    case: Case
    request: UnhcrRequest
    days_waiting: int


def unhcr_requests_overdue(cases: QuerySet[Case], *, today: date) -> QuerySet[UnhcrRequest]:
    """Sent at least ``UNHCR_ANSWER_DAYS`` ago with no answer, oldest first; one query."""
    return (
        UnhcrRequest.objects.filter(
            case__in=cases,
            sent_on__isnull=False,
            sent_on__lte=today - timedelta(days=UNHCR_ANSWER_DAYS),
            answer="",
        )
        .select_related("case__person", "case__lead_lawyer")
        .order_by("sent_on", "id")
    )


def my_overdue_unhcr_requests(user, *, today: date) -> list[OverdueRequest]:
    """The overdue requests of the cases the user may see, for the agenda."""
    requests = unhcr_requests_overdue(cases_visible_to(user), today=today)
    return [OverdueRequest(r.case, r, (today - r.sent_on).days) for r in requests]
