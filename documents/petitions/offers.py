"""Which petitions can lie for a case, and why the others are not offered.

Habeas corpus is infructuous once an FIR and a remand order regularise the detention: then
the remedy is bail. It matters most for holding centres and "whereabouts unknown".
"""

from dataclasses import dataclass

from django.utils.translation import gettext

from casework.models import Case
from detainees.models import ApplicationKind, ApplicationResult, CustodyStatus, HearingPurpose
from documents.models import OfferedWhen, PetitionTemplate
from documents.petitions.grounds import documents_and_advice

REGISTRATION_KINDS = ("por", "por_family", "acc", "unhcr_asylum", "unhcr_refugee")


@dataclass(frozen=True)
class Offer:
    template: PetitionTemplate
    available: bool
    reason: str = ""


def remand_recorded(case: Case) -> bool:
    """A magistrate has dealt with the detention: a production or a remand hearing."""
    detention = case.detention
    return (
        detention.produced_at is not None
        or case.hearings.filter(purpose=HearingPurpose.REMAND).exists()
    )


def why_not(case: Case, offered_when: str, *, pleaded_kinds=None) -> str:
    """Empty when the template can lie for the case, else the reason, for the template list."""
    detention = case.detention
    if offered_when == OfferedWhen.BAIL:
        if not detention.fir_number:
            return gettext(
                "No FIR is recorded: there is nothing to be bailed from. Consider habeas corpus."
            )
        if detention.status != CustodyStatus.IN_CUSTODY:
            return gettext("The client is not recorded as in custody.")
        return ""
    if offered_when == OfferedWhen.BAIL_AFTER_REFUSAL:
        refused = case.applications.filter(
            kind=ApplicationKind.BAIL, result=ApplicationResult.REFUSED
        ).exists()
        if not refused:
            return gettext(
                "No refused bail application is recorded. Record the earlier application "
                "and its order under “Applications made” first."
            )
        return why_not(case, OfferedWhen.BAIL)
    if offered_when == OfferedWhen.HABEAS:
        if detention.status in (CustodyStatus.HOLDING_CENTRE, CustodyStatus.UNKNOWN):
            return ""
        if detention.status != CustodyStatus.IN_CUSTODY:
            return gettext("The client is not recorded as detained.")
        if detention.fir_number and remand_recorded(case):
            return gettext(
                "Infructuous: an FIR is registered and the client has been before a "
                "magistrate, so the detention is regularised. The remedy is bail."
            )
        return ""
    if offered_when == OfferedWhen.UNHCR_CONSENT:
        if not any(request.has_consent for request in case.unhcr_requests.all()):
            return gettext(
                "The client's consent to contact UNHCR is not recorded. Record who gave it, "
                "when and how under “UNHCR verification” first."
            )
        return ""
    if offered_when == OfferedWhen.RELEASE:
        if pleaded_kinds is None:
            pleaded_kinds = {d["kind_code"] for d in documents_and_advice(case)[0]}
        if not set(pleaded_kinds) & set(REGISTRATION_KINDS):
            return gettext(
                "No registration document is established as valid on the date of arrest "
                "(see the warnings on the case's documents)."
            )
        if not detention.fir_number:
            return gettext("No FIR is recorded: seek release through habeas corpus instead.")
        return ""
    return ""


def offers_for(case: Case, templates: list[PetitionTemplate]) -> list[Offer]:
    kinds = {d["kind_code"] for d in documents_and_advice(case)[0]}
    return [
        Offer(t, not (reason := why_not(case, t.offered_when, pleaded_kinds=kinds)), reason)
        for t in templates
    ]
