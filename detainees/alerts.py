"""Alerts about where a client is held, to the lead lawyer and the organisation's
supervisors: a child held in custody.

Services name what happened (``notices_on_commit``); once their transaction commits, one
task (``detainees.tasks.custody_notices``) words and delivers each notice in every
recipient's language, with the case reference and nothing else of the client. Delivery is
idempotent: one notification per notice and recipient, however often it runs.
"""

import uuid
from collections.abc import Iterable

from django.utils.translation import gettext, gettext_noop

from casework.links import case_url
from casework.models import Case
from casework.outbox import outbox_enqueue
from detainees.clock import notify_once, supervisors_by_organisation
from detainees.models.people import HELD_STATUSES

CHILD_HELD = "child_held"
NOTICES_DEFERRED = gettext_noop(
    "Saved. The queue is down, so the lead lawyer and the supervisors were not told yet."
)


def notices_on_commit(notices: Iterable[tuple[str, int]]) -> None:
    """Put ``(kind, id)`` notices in the outbox, delivered once the transaction commits: the
    one place custody alerts leave. Each delivery is idempotent per notice and recipient
    (``notify_once``), so every call may have a key of its own."""
    from detainees.tasks import custody_notices

    notices = [[kind, pk] for kind, pk in notices]
    if notices:
        outbox_enqueue(
            custody_notices,
            notices,
            key=f"custody-notices:{uuid.uuid4().hex}",
            deferred=NOTICES_DEFERRED,
        )


def child_held_alert_on_commit(cases: Iterable[Case]) -> None:
    notices_on_commit((CHILD_HELD, case.pk) for case in cases)


def _recipients(case: Case) -> list:
    supervisors = supervisors_by_organisation({case.organisation_id})
    return [case.lead_lawyer, *supervisors.get(case.organisation_id, [])]


def child_held_alert_send(case_id: int) -> bool:
    """Tell the team that a child is held, once per place of custody (lock-up, holding
    centre, unknown): a move to another kind of place is told again."""
    case = (
        Case.objects.select_related("organisation", "lead_lawyer", "person", "detention")
        .filter(pk=case_id)
        .first()
    )
    if case is None or case.closed_at is not None or not case.person.minor:
        return False
    status = case.detention.status
    if status not in HELD_STATUSES:
        return False
    notify_once(
        key_prefix=f"child-held:{case.pk}:{status}",
        recipients=_recipients(case),
        organisation=case.organisation,
        case=case,
        compose=lambda: (
            gettext("%(reference)s: a child is held") % {"reference": case.reference},
            gettext(
                "The detainee in case %(reference)s was under 18 on the day of arrest and is "
                "held (%(where)s). The Juvenile Justice System Act 2018 applies: record the "
                "guardian and act for the child's release at once.\n\nOpen the case: %(link)s\n"
            )
            % {
                "reference": case.reference,
                "where": case.detention.get_status_display().lower(),
                "link": case_url(case.reference),
            },
        ),
    )
    return True


SENDERS = {CHILD_HELD: child_held_alert_send}


def custody_notices_send(notices: list[list]) -> int:
    """Deliver queued notices; unknown kinds (from an older release) are skipped."""
    sent = 0
    for kind, pk in notices:
        sender = SENDERS.get(kind)
        if sender is not None and sender(pk):
            sent += 1
    return sent
