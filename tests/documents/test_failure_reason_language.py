"""Why a petition's PDF could not be made is stored as the worker's fixed sentence and
shown in the language of whoever reads it."""

from django.template.loader import render_to_string
from django.utils import translation

from documents.models import Petition, PetitionState

SLOW = "Rendering took too long and was stopped."


def test_the_reason_is_translated_when_shown_not_when_stored():
    petition = Petition(state=PetitionState.FAILED, failure_reason=SLOW)
    with translation.override("ur"):
        assert petition.failure_reason_shown == "تیاری میں بہت زیادہ وقت لگا اور اسے روک دیا گیا۔"
        html = render_to_string("documents/_petition_status.html", {"petition": petition})
        assert "تیاری میں بہت زیادہ وقت لگا" in html and SLOW not in html
    with translation.override("en-gb"):
        assert petition.failure_reason_shown == SLOW
    # What no catalogue holds (an unexpected error's own words) is shown as it is.
    petition.failure_reason = "ValueError: page size"
    with translation.override("ur"):
        assert petition.failure_reason_shown == "ValueError: page size"
