"""Timeline sentences for identity documents, files, the validity timeline, petitions."""

from django.utils.translation import gettext, gettext_lazy

from casework.timeline import (
    choice,
    fields,
    in_brackets,
    names,
    with_detail,
)

# Documents, files, petitions -------------------------------------------------------------


def _kind(d):
    from documents.models import DocumentKind

    return choice(DocumentKind, d.get("kind"), d.get("summary", "")) or "document"


def _document_verified(d):
    from documents.models import VerificationMethod, VerificationResult

    if not d.get("method"):
        return with_detail(gettext("recorded a check of a document"), d.get("summary", ""))
    return gettext("recorded a check of a document: %(method)s, %(result)s") % {
        "method": choice(VerificationMethod, d["method"]).lower(),
        "result": choice(VerificationResult, d.get("result")).lower(),
    }


def _file(verb_text: str):
    def describe(d):
        from documents.models import FilePurpose

        purpose = choice(FilePurpose, d.get("purpose")).lower() if d.get("purpose") else ""
        return in_brackets(verb_text, purpose)

    return describe


def _petition(action: str):
    def describe(d):
        from documents.petitions.services import SUMMARY

        title = d.get("title")
        return f"{SUMMARY[action]} “{title}”" if title else SUMMARY[action]

    return describe


SENTENCES = {
    "petition.previewed": _petition("previewed"),
    "petition_template.previewed": lambda d: with_detail(
        gettext("downloaded the PDF of a petition template filled from the case"),
        d.get("title", ""),
    ),
    "advocate_profile.saved": gettext_lazy("updated their advocate details"),
    "petition_settings.saved": gettext_lazy("changed how Urdu petitions are printed"),
    "document.added": lambda d: gettext("added a document: %(value)s") % {"value": _kind(d)},
    "document.updated": lambda d: in_brackets(
        gettext("corrected a document: %(value)s") % {"value": _kind(d)},
        fields("documents.IdentityDocument", d.get("fields")),
    ),
    "document.scan_added": lambda d: (
        gettext("added scans to a document: %(value)s") % {"value": _kind(d)}
    ),
    "document.verified": _document_verified,
    "file.uploaded": _file(gettext_lazy("uploaded a file")),
    "file.downloaded": _file(gettext_lazy("downloaded a file")),
    "petition.drafted": _petition("drafted"),
    "petition.edited": _petition("edited"),
    "petition.refreshed": _petition("refreshed"),
    "petition.submitted": _petition("submitted"),
    "petition.returned": _petition("returned"),
    "petition.approved": _petition("approved"),
    "petition.rendering": _petition("rendering"),
    "petition.ready": _petition("ready"),
    "petition.failed": _petition("failed"),
    "petition.downloaded": _petition("downloaded"),
    "petition.filed": _petition("filed"),
    "petition.exported": lambda d: with_detail(
        gettext("rendered a petition from the command line"), d.get("template", "")
    ),
    "petition_template.saved": lambda d: (
        gettext("saved version %(version)s of the petition template %(key)s")
        % {"version": d.get("version", "?"), "key": d.get("key", "")}
    ),
    "petition_batch.submitted": lambda d: (
        gettext("sent %(petitions)s petitions of a raid's batch for approval")
        % {"petitions": d.get("petitions", 0)}
    ),
    "petition_batch.created": lambda d: (
        gettext("drafted %(petitions)s petitions for a raid's detainees")
        % {"petitions": d.get("petitions", 0)}
    ),
    "number_pattern.saved": lambda d: with_detail(
        gettext("set a document number format"), d.get("summary", "")
    ),
    "validity_rule.created": lambda d: with_detail(
        gettext("added a validity rule"), d.get("summary", "")
    ),
    "validity_rule.changed": lambda d: with_detail(
        in_brackets(gettext("changed a validity rule"), names(d.get("fields"))),
        d.get("summary", ""),
    ),
}
