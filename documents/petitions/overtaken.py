"""A petition overtaken by its client's release or deportation.

Release or deportation ends a case's live work, however it was recorded. Petitions not
yet filed then are flagged wherever they are shown, never deleted: the team decides
whether one is still needed (a release on bail leaves the trial to defend). Derived from
the detention's custody, so a flag cannot outlive a correction of the record.
"""

from dataclasses import dataclass
from datetime import datetime

from detainees.custody import ENDED_STATUSES
from documents.models import Petition, PetitionState


@dataclass(frozen=True)
class Overtaken:
    status: str  # the custody status's label: "Released", "Deported"
    since: datetime | None


def petition_overtaken(petition: Petition) -> Overtaken | None:
    """Why ``petition`` may no longer be needed, or None. Reads ``petition.case.detention``:
    list pages select it with the petitions."""
    detention = petition.case.detention
    if petition.state == PetitionState.FILED or detention.status not in ENDED_STATUSES:
        return None
    return Overtaken(detention.get_status_display(), detention.released_at or detention.deported_at)
