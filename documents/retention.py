"""What retention wipes and keeps of a closed case's documents, files and petitions
(casework/retention.py runs it)."""

from casework.registry import Anonymiser


def _files(case) -> list:
    from documents.models import Petition, StoredFile

    files = [f.file for f in StoredFile.objects.filter(case=case) if f.file]
    return files + [p.pdf for p in Petition.objects.filter(case=case) if p.pdf]


def _wipe(case, *, person_too: bool) -> None:
    from documents.models import (
        IdentityDocument,
        Petition,
        PetitionAnnexure,
        StoredFile,
        VerificationAttempt,
    )

    StoredFile.objects.filter(case=case).update(file="", original_name="", sha256="")
    Petition.objects.filter(case=case).update(
        context={}, facts="", grounds="", prayer_additions="", review_comment="",
        failure_reason="", pdf="", pdf_sha256="",
    )  # fmt: skip
    PetitionAnnexure.objects.filter(petition__case=case).update(title="")
    if person_too:
        documents = IdentityDocument.objects.filter(person_id=case.person_id)
        VerificationAttempt.objects.filter(document__in=documents).update(notes="")
        documents.update(number="", number_normalised="", name_as_printed="")


ANONYMISER = Anonymiser(
    name="documents",
    wipe=_wipe,
    files=_files,
    claims={
        "documents.StoredFile": {"file", "original_name", "sha256"},
        "documents.Petition": {
            "context",
            "facts",
            "grounds",
            "prayer_additions",
            "review_comment",
            "failure_reason",
            "pdf",
            "pdf_sha256",
        },
        "documents.VerificationAttempt": {"notes"},
        "documents.PetitionAnnexure": {"title"},
        "documents.IdentityDocument": {"number", "number_normalised", "name_as_printed"},
    },  # fmt: skip
    # What the court and the analytics still need: the court named, the files' types.
    keeps={
        "documents.Petition": {"court", "render_token"},
        "documents.StoredFile": {"content_type"},
    },
    order=10,
)

EXEMPT = {
    "documents.NumberPattern": "an organisation's number formats, no client data",
    "documents.PetitionTemplate": "template text, no client data",
    "documents.PetitionTemplateVersion": "template text, no client data",
    "documents.ValidityRule": "public law: extensions and their sources",
    "documents.ValidityRuleRevision": "public law and the staff who changed it",
    "documents.PetitionSettings": "an organisation's print settings and letterhead",
    "documents.AdvocateProfile": "a member's own professional details, not a client's",
    "documents.CaseCoverage": (
        "a verdict, a day and the kinds of document held, worked out from the case, nothing typed"
    ),
}
