"""The documents' cards on the case page: identity documents with their verdicts on the day
of arrest, and petitions."""

from casework.registry import CaseSection


def _documents(case, *, user, now) -> dict:
    from documents.selectors import document_section

    return {"section": document_section(case, user)}


def _petitions(case, *, user, now) -> dict:
    from documents.petitions.selectors import case_petitions

    return {
        "petitions": list(case_petitions(case)),
        "may_draft": case.access.draft_petition,
        "may_change": case.access.change,
        "applications": list(case.applications.select_related("court")),
    }


SECTIONS = (
    CaseSection("documents", "documents/_case_documents.html", _documents, order=20),
    CaseSection("petitions", "documents/_case_petitions.html", _petitions, order=50),
)
