"""Retention: closed cases are anonymised once their organisation's retention period has
passed (``Organisation.retention_days`` after ``Case.closed_at``).

What remains is what the analytics count, and nothing that names or locates anyone:

- the case: reference, stage, outcome and every date (opened, closed, outcome);
- the detention: timestamps (arrest, production, release, deportation), custody status,
  arresting agency, kind of place, police station, where held, sections charged;
- the person: gender, province of origin, year of arrival;
- identity documents: kind and dates (coverage analytics), not numbers or names;
- outcomes, hearings (court, date, purpose), referrals (body, status, dates), risk level.

Everything else goes: names in both scripts, father's name, phone, family contact,
address, date of birth, district, FIR number, place of arrest, document numbers, all free
text (notes, results, petition texts and their frozen context), the encrypted risk data,
and every uploaded or rendered file. Audit events stay (they are append-only and carry
field names, never values).

Each app says what it wipes and keeps for its own models by registering an
``Anonymiser`` (``casework.registry``) in its ``AppConfig.ready()``; this module only
decides which cases are due and runs them in one transaction.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from casework.audit import log_action
from casework.models import Case, Organisation
from casework.registry import Anonymiser, anonymisers

ANONYMISED_NAME = "(anonymised)"


def cases_due_for_anonymisation(now=None) -> list[int]:
    now = now or timezone.now()
    due: list[int] = []
    for organisation in Organisation.objects.only("pk", "retention_days"):
        cutoff = now - timedelta(days=organisation.retention_days)
        due += Case.objects.filter(
            organisation=organisation,
            closed_at__lte=cutoff,
            anonymised_at__isnull=True,
        ).values_list("pk", flat=True)
    return due


@transaction.atomic
def case_anonymise(*, case_id: int, now=None) -> bool:
    """Anonymise one case if it is still due; False when there was nothing to do."""
    now = now or timezone.now()
    case = (
        Case.objects.select_for_update(no_key=True)
        .select_related("organisation", "person", "detention")
        .filter(pk=case_id, anonymised_at__isnull=True, closed_at__isnull=False)
        .first()
    )
    if case is None or case.closed_at is None:
        return False
    if case.closed_at > now - timedelta(days=case.organisation.retention_days):
        return False
    # A person detained again keeps their name until their last case is anonymised too.
    person_too = not (
        Case.objects.filter(person_id=case.person_id, anonymised_at__isnull=True)
        .exclude(pk=case.pk)
        .exists()
    )
    # Each app wipes what it registered (casework.registry.register_anonymiser).
    files = [f for anonymiser in anonymisers for f in anonymiser.files(case) if f]
    for anonymiser in anonymisers:
        anonymiser.wipe(case, person_too=person_too)
    case.anonymised_at = now
    case.save(update_fields=["anonymised_at"])
    log_action(
        "case.anonymised",
        organisation=case.organisation,
        actor=None,
        case=case,
        obj=case,
        data={"files_removed": len(files), "person_anonymised": person_too},
    )
    # Only once the wipe is committed: a rollback must not leave rows pointing at nothing.
    transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])
    return True


def _wipe_notifications(case: Case, *, person_too: bool) -> None:
    # A notification names the case by reference only; its body may quote what happened.
    case.notifications.update(subject=case.reference, body="")
    Case.objects.filter(pk=case.pk).update(status_reason="")


CORE_ANONYMISER = Anonymiser(
    name="casework",
    wipe=_wipe_notifications,
    claims={"casework.Notification": {"subject", "body"}, "casework.Case": {"status_reason"}},
    keeps={"casework.Case": {"reference"}, "casework.Notification": {"key"}},
    order=0,
)

EXEMPT = {
    "casework.Organisation": "the organisation's own settings, no client data",
    "casework.Event": "append-only audit; events carry no client data (tested)",
    "casework.AuditChainHead": "a hash",
    "casework.Membership": "a member's role and interface language, no client data",
    "casework.OutboxMessage": "task names, ids and tokens; an error's class name, never its text",
}
