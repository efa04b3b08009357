"""Cases, documents and scans for the petition tests. Every name and number is fictional."""

import io
import subprocess
from datetime import date, datetime
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from casework.services import case_assign
from detainees.models import PoliceAuthority
from detainees.police_seed import seed_police_authorities
from documents.models import (
    FilePurpose,
    IdentityDocument,
    PetitionTemplate,
    PetitionTemplateVersion,
    ValidityRule,
    ValidityRuleRevision,
)
from documents.petitions.library import seed_petition_library
from documents.seed_timeline import seed_validity_timeline
from documents.services import stored_file_create
from documents.uploads import accept_upload
from tests.documents.samples import pdf_bytes, png_bytes, upload
from tests.factories import open_case

KARACHI = ZoneInfo("Asia/Karachi")
POR_NUMBER = "PK-7731-0042-X"
FIR_NUMBER = "219/2024"


def ensure_seeded() -> None:
    """The seeded library, timeline and police authorities, again: transactional tests
    elsewhere flush them."""
    seed_petition_library(PetitionTemplate, PetitionTemplateVersion)
    seed_validity_timeline(ValidityRule, ValidityRuleRevision)
    seed_police_authorities(PoliceAuthority)


def case_with_por(lawyer, paralegal, supervisor, *, given="Zarif", father="Nazar Gul"):
    """Arrested 15 Aug 2024, holding a PoR card that the 2024 extension covered."""
    ensure_seeded()
    case = open_case(
        lawyer,
        person={
            "given_name": given, "family_name": "Hotaki", "father_name": father,
            "given_name_native": "ظریف", "family_name_native": "هوتکی",
            "father_name_native": "نظر گل", "gender": "male",
        },
        detention={
            "arrested_at": datetime(2024, 8, 15, 10, 0, tzinfo=KARACHI),
            "fir_number": FIR_NUMBER, "fir_date": date(2024, 8, 15),
            "police_station": "Police Station Tarnol",
            "sections_charged": "s.14 Foreigners Act 1946",
        },
    )  # fmt: skip
    case_assign(case=case, lead_lawyer=lawyer, team=[paralegal], by=supervisor.membership)
    case.refresh_from_db()
    IdentityDocument.objects.create(
        organisation=case.organisation, person=case.person, kind="por", number=POR_NUMBER,
        number_normalised=POR_NUMBER.replace("-", ""), expires_on=date(2023, 6, 30),
        issued_on=date(2021, 9, 20),
        name_as_printed=f"{given} Hotaki",
    )  # fmt: skip
    return case


def add_scan(case, by, *, kind: str = "png", name: str = "card.png"):
    content = png_bytes(size=(300, 200)) if kind == "png" else two_page_pdf()
    return stored_file_create(
        case=case, upload=accept_upload(upload(name, content)),
        purpose=FilePurpose.DOCUMENT_SCAN if kind == "png" else FilePurpose.ANNEXURE, by=by,
    )  # fmt: skip


def two_page_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def template(key: str, language: str = "en") -> PetitionTemplate:
    ensure_seeded()
    return PetitionTemplate.objects.get(organisation=None, key=key, language=language)


def pdf_text(data: bytes) -> str:
    """Text as pdftotext extracts it (poppler), the way a court clerk's tools would."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode("utf-8").split())


def pdf_fonts(data: bytes) -> str:
    result = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


__all__ = ["pdf_bytes"]


def consent_to_unhcr(case, by) -> None:
    """The client's consent to contact UNHCR, without which the UNHCR letter is not offered."""
    from django.utils import timezone

    from detainees.unhcr.services import unhcr_request_save

    unhcr_request_save(case=case, by=by, fields={
        "consent_given_by": "The client", "consent_on": timezone.localdate(),
        "consent_how": "signed",
    })  # fmt: skip
