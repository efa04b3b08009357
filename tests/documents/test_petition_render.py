"""The PDF itself: what a court will read, in English and Urdu, with annexures."""

import pytest

from documents.petitions import services
from documents.petitions.render import PetitionRenderer
from tests.documents.petition_helpers import (
    FIR_NUMBER,
    POR_NUMBER,
    case_with_por,
    pdf_text,
    template,
)


@pytest.fixture
def por_case(lawyer, paralegal, supervisor):
    return case_with_por(lawyer, paralegal, supervisor)


def test_bail_application_pdf_names_the_detainee_the_fir_the_card_and_what_covered_it(
    por_case, paralegal
):
    petition = services.petition_create(
        case=por_case, template=template("bail-497"), by=paralegal,
        court="Court of the Judicial Magistrate Section 30, Islamabad",
    )  # fmt: skip
    filename, mimetype, data = PetitionRenderer().generate(petition)
    text = pdf_text(data)
    assert mimetype == "application/pdf"
    assert filename.startswith(por_case.reference)
    assert "Zarif Hotaki" in text
    assert "Nazar Gul" in text
    assert FIR_NUMBER in text
    assert POR_NUMBER in text
    assert "Court of the Judicial Magistrate Section 30, Islamabad".upper() in text.upper()
    assert "SAFRON" in text or "cabinet" in text.lower()
    assert "30 June 2025" in text
    assert "Most respectfully sheweth" in text
    assert "legal advice" not in text.lower()

