"""A drafted petition on the demo case whose PoR card was covered (used by seed_demo).

Everything is fictional; the "scan" is a generated specimen image. Safe to run again:
nothing is added when the case already has a petition.
"""

import io

from django.db import transaction
from PIL import Image, ImageDraw

from casework.models import Case, Organisation
from detainees.models import Court
from detainees.normalise import match_key
from documents.models import AdvocateProfile, FilePurpose
from documents.petitions import services
from documents.petitions.selectors import template_for
from documents.services import stored_file_create
from documents.uploads import accept_upload

DEMO_DETAINEE = ("Baryalai", "Zadran", "Sher Khan")


def _specimen_scan() -> io.BytesIO:
    image = Image.new("RGB", (900, 560), (236, 242, 236))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 880, 540), outline=(40, 90, 60), width=6)
    for y, line in enumerate(
        ["SPECIMEN - NOT A REAL DOCUMENT", "Proof of Registration card (demo)", "DM-0000001"]
    ):
        draw.text((70, 120 + 110 * y), line, fill=(20, 40, 30))
    out = io.BytesIO()
    image.save(out, format="PNG")
    out.seek(0)
    out.name = "specimen-por-card.png"
    return out


@transaction.atomic
def seed_demo_petition(organisation: Organisation, *, paralegal) -> bool:
    case = (
        Case.objects.filter(organisation=organisation, person__match_key=match_key(*DEMO_DETAINEE))
        .select_related("organisation", "person", "detention", "lead_lawyer")
        .first()
    )
    template = template_for(organisation, "bail-497", "en")
    if case is None or template is None or case.petitions.exists():
        return False
    scan = stored_file_create(
        case=case, upload=accept_upload(_specimen_scan()), purpose=FilePurpose.DOCUMENT_SCAN,
        by=paralegal,
    )  # fmt: skip
    if case.lead_lawyer is not None:
        AdvocateProfile.objects.get_or_create(
            user=case.lead_lawyer,
            defaults={
                "enrolment_number": "Advocate High Court, ICTBC/0000 (demo)",
                "bar_council": "Islamabad Bar Council",
                "office_address": "Office 1 (demo), Blue Area, Islamabad",
            },
        )
    petition = services.petition_create(
        case=case, template=template, by=paralegal,
        court="Court of the Judicial Magistrate (Section 30), Islamabad (East)",
        forum=Court.objects.filter(name="Judicial Magistrate, Islamabad (East)").first(),
    )  # fmt: skip
    services.petition_update(
        petition=petition, by=paralegal, court=petition.court,
        facts="The petitioner was picked up from his rented room in the early morning and was "
        "not told the grounds of his arrest.\n\nthe petitioner showed his PoR card to the "
        "arresting officials, who refused to look at it.",
        grounds="the petitioner's family lives in Islamabad and he has no means or reason to "
        "abscond.",
        prayer_additions="",
        annexures=[(scan.pk, "PoR card of the petitioner (specimen)")],
    )  # fmt: skip
    return True
