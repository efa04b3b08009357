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
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from casework.audit import log_action
from casework.models import Case, Organisation, Stage

ANONYMISED_NAME = "(anonymised)"

PERSON_WIPE = {
    "given_name": ANONYMISED_NAME, "family_name": "", "given_name_native": "",
    "family_name_native": "", "father_name": "", "father_name_native": "",
    "date_of_birth": None, "estimated_age": None, "district_of_origin": "", "languages": "",
    "phone": "", "family_contact": "", "address_in_pakistan": "", "match_key": "",
    "match_key_native": "",
}  # fmt: skip
DETENTION_WIPE = {"fir_number": "", "arrest_place": ""}


def cases_due_for_anonymisation(now=None) -> list[int]:
    now = now or timezone.now()
    due: list[int] = []
    for organisation in Organisation.objects.only("pk", "retention_days"):
        cutoff = now - timedelta(days=organisation.retention_days)
        due += Case.objects.filter(
            organisation=organisation,
            stage=Stage.CLOSED,
            closed_at__lte=cutoff,
            anonymised_at__isnull=True,
        ).values_list("pk", flat=True)
    return due


def _files_of(case: Case) -> list:
    from documents.models import Petition, StoredFile

    files = [f.file for f in StoredFile.objects.filter(case=case) if f.file]
    files += [p.pdf for p in Petition.objects.filter(case=case) if p.pdf]
    return files


def _wipe_related(case: Case, *, person_too: bool) -> None:
    from detainees.models import CaseOutcome, Hearing, Referral, RiskScreening
    from documents.models import IdentityDocument, Petition, StoredFile, VerificationAttempt

    StoredFile.objects.filter(case=case).update(file="", original_name="", sha256="")
    Petition.objects.filter(case=case).update(
        context={}, facts="", grounds="", prayer_additions="", review_comment="",
        failure_reason="", pdf="", pdf_sha256="",
    )  # fmt: skip
    Hearing.objects.filter(case=case).update(result="")
    CaseOutcome.objects.filter(case=case).update(source="", review_comment="")
    Referral.objects.filter(case=case).update(their_reference="")
    # Empty values are encrypted and padded like any other: a wiped row looks the same.
    RiskScreening.objects.filter(case=case).update(
        groups="", ethnicity="", religion="", sogi="", affiliations="", notes=""
    )
    _wipe_incident_if_last(case)
    if person_too:
        documents = IdentityDocument.objects.filter(person_id=case.person_id)
        VerificationAttempt.objects.filter(document__in=documents).update(notes="")
        documents.update(number="", number_normalised="", name_as_printed="")


def _wipe_incident_if_last(case: Case) -> None:
    """The raid this detention came from loses its reporter, place and notes once no
    case still in use links to it: they name the community contact and locate people."""
    from detainees.models import Detention, Incident

    incident_id = Detention.objects.filter(pk=case.detention_id).values_list(
        "incident_id", flat=True
    )[0]
    if incident_id is None:
        return
    others = (
        Case.objects.filter(detention__incident_id=incident_id, anonymised_at__isnull=True)
        .exclude(pk=case.pk)
        .exists()
    )
    if not others:
        Incident.objects.filter(pk=incident_id).update(reported_by="", place="", notes="")


@transaction.atomic
def case_anonymise(*, case_id: int, now=None) -> bool:
    """Anonymise one case if it is still due; False when there was nothing to do."""
    now = now or timezone.now()
    case = (
        Case.objects.select_for_update()
        .select_related("organisation", "person", "detention")
        .filter(pk=case_id, anonymised_at__isnull=True, stage=Stage.CLOSED)
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
    files = _files_of(case)
    _wipe_related(case, person_too=person_too)
    type(case.detention).objects.filter(pk=case.detention_id).update(**DETENTION_WIPE)
    if person_too:
        type(case.person).objects.filter(pk=case.person_id).update(**PERSON_WIPE)
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
