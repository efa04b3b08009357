"""The documents' part of a case export: identity documents, every stored file and every
rendered petition."""

from casework.registry import ExportFile, ExportPart


def _context(case) -> dict:
    return {
        "documents": case.person.documents.order_by("added_at"),
        "files": case.files.order_by("uploaded_at", "id"),
    }


def _files(case):
    for stored in case.files.order_by("uploaded_at", "id"):
        name = f"files/{stored.pk}-{stored.purpose}.{stored.extension}"
        yield ExportFile(name=name, file=stored.file, stored_file_id=stored.pk)
    for petition in case.petitions.exclude(pdf=""):
        yield ExportFile(name=f"petitions/{petition.pk}.pdf", file=petition.pdf)


EXPORT_PART = ExportPart(
    key="documents",
    template="documents/_export_summary.html",
    context=_context,
    files=_files,
    order=20,
)
