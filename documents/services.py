"""Writes for stored files, identity documents and verification. One transaction, one event."""

import logging
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from casework import stored_files
from casework.audit import log_action, log_actions
from casework.models import Case, Membership
from documents.case_coverage import case_coverage_refresh
from documents.models import (
    DocumentKind,
    FilePurpose,
    IdentityDocument,
    NumberPattern,
    RuleEffect,
    StoredFile,
    ValidityRule,
    ValidityRuleRevision,
    VerificationAttempt,
    VerificationMethod,
    VerificationResult,
)
from documents.numbers import compile_pattern, normalise_number
from documents.selectors import may_edit_shared_timeline
from documents.tasks import case_coverage_refresh_enqueue
from documents.uploads import CleanUpload

logger = logging.getLogger(__name__)


def _storage_name(upload: CleanUpload) -> str:
    # Random and meaningless: nothing of the person, the case or the user's file name.
    return f"files/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{upload.extension}"


@stored_files.atomic
def stored_file_create(*, case: Case, upload: CleanUpload, purpose: str, by) -> StoredFile:
    """Store an accepted upload for a case: the file takes its name once the row commits,
    and a failure anywhere in the enclosing ``stored_files.atomic`` leaves neither. A
    disk that is full or cannot be written to is a ValidationError saying so."""
    if purpose not in FilePurpose.values:
        raise ValidationError(
            gettext("Unknown purpose for a file: %(purpose)s") % {"purpose": purpose}
        )
    try:
        name = stored_files.store(_storage_name(upload), upload.content)
    except stored_files.StorageUnavailable as error:
        logger.error("Upload for case %s not stored: %s", case.reference, error)
        raise ValidationError(error.message) from error
    stored = StoredFile.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        purpose=purpose,
        file=name,
        sha256=upload.sha256,
        content_type=upload.content_type,
        size=upload.size,
        original_name=upload.original_name,
        uploaded_by=by,
    )
    log_action(
        "file.uploaded", organisation=case.organisation, actor=by, case=case, obj=stored,
        data={"purpose": purpose, "sha256": upload.sha256, "size": upload.size},
    )  # fmt: skip
    return stored


def _store_all(case: Case, uploads, purpose: str, by) -> list[StoredFile]:
    """Several files, all or none (callers are ``stored_files.atomic``)."""
    return [stored_file_create(case=case, upload=u, purpose=purpose, by=by) for u in uploads]


def file_downloaded(*, case: Case, stored: StoredFile, by) -> None:
    """Record that someone read a file: scans name people who can be killed if they leak."""
    log_action(
        "file.downloaded", organisation=case.organisation, actor=by, case=case, obj=stored,
        data={"purpose": stored.purpose},
    )  # fmt: skip


# Identity documents ---------------------------------------------------------------------------

DOCUMENT_FIELDS = (
    "kind", "number", "issued_on", "expires_on", "name_as_printed", "original_seen",
)  # fmt: skip


def _validate_document(document: IdentityDocument) -> None:
    errors = {}
    if document.kind not in DocumentKind.values:
        errors["kind"] = gettext("Choose the kind of document.")
    if document.issued_on and document.expires_on and document.expires_on < document.issued_on:
        errors["expires_on"] = gettext("The printed expiry cannot be before the issue date.")
    if document.issued_on and document.issued_on > timezone.localdate():
        errors["issued_on"] = gettext("The issue date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    # The random public id is left to its unique index: checking it costs a query a row.
    document.full_clean(exclude=["organisation", "person", "added_by", "public_id"])


# What the papers verdict on the day of arrest reads of a document.
VERDICT_FIELDS = {"kind", "issued_on", "expires_on"}


def _refresh_verdicts(organisation, person_ids) -> None:
    """A document belongs to the person: every case of theirs gets its verdict again."""
    cases = Case.objects.filter(person_id__in=person_ids)
    case_coverage_refresh(organisation=organisation, cases=cases)


def _summary(document: IdentityDocument) -> str:
    # The timeline shows the kind only: numbers identify people and stay on the document.
    return document.get_kind_display()


@transaction.atomic
def document_update(
    *, case: Case, document: IdentityDocument, fields: dict[str, Any], by
) -> list[str]:
    """Correct what was typed (a misread expiry changes the verdict); the change is logged."""
    if document.person_id != case.person_id or document.organisation_id != case.organisation_id:
        raise ValidationError(gettext("This document does not belong to the case."))
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    if "number" in fields:
        fields = {**fields, "number": (fields["number"] or "").strip()}
    changed = [name for name, value in fields.items() if getattr(document, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(document, name, fields[name])
    document.number_normalised = normalise_number(document.number)
    _validate_document(document)
    document.save(update_fields=[*changed, "number_normalised"])
    if set(changed) & VERDICT_FIELDS:
        _refresh_verdicts(case.organisation, [document.person_id])
    log_action(
        "document.updated", organisation=case.organisation, actor=by, case=case, obj=document,
        data={"summary": f"{_summary(document)} ({', '.join(changed)})", "fields": changed},
    )  # fmt: skip
    return changed


def _document_build(case: Case, fields: dict[str, Any], by) -> IdentityDocument:
    """An unsaved document of the case's person, its number kept as typed and normalised."""
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    document = IdentityDocument(
        organisation_id=case.organisation_id, person_id=case.person_id, added_by=by, **fields
    )
    document.number = (document.number or "").strip()
    document.number_normalised = normalise_number(document.number)
    return document


@stored_files.atomic
def document_add(
    *, case: Case, fields: dict[str, Any], by, scans: list[CleanUpload] = ()
) -> IdentityDocument:
    """Record a document the detainee holds, with optional scans. Warnings never block."""
    document = _document_build(case, fields, by)
    _validate_document(document)
    document.save()
    _refresh_verdicts(case.organisation, [document.person_id])
    log_action(
        "document.added", organisation=case.organisation, actor=by, case=case, obj=document,
        data={"summary": _summary(document), "kind": document.kind},
    )  # fmt: skip
    # Files last: nothing is written for a document that fails validation.
    document.scans.add(*_store_all(case, scans, FilePurpose.DOCUMENT_SCAN, by))
    return document


@transaction.atomic
def documents_add_bulk(*, items: list[tuple[Case, dict[str, Any]]], by) -> list[IdentityDocument]:
    """One document per ``(case, fields)`` at a cost that does not grow with the items (bulk
    intake after a raid). Every item is validated first; any error saves none of them."""
    documents, errors = [], {}
    for index, (case, fields) in enumerate(items):
        document = _document_build(case, fields, by)
        try:
            _validate_document(document)
        except ValidationError as error:
            errors[index] = error.messages
        documents.append(document)
    if errors:
        raise ValidationError({f"item {i}": m for i, m in errors.items()})
    if not documents:
        return []
    IdentityDocument.objects.bulk_create(documents)
    _refresh_verdicts(items[0][0].organisation, {case.person_id for case, _ in items})
    log_actions(
        "document.added", organisation=items[0][0].organisation, actor=by,
        entries=[
            (case, document, {"summary": _summary(document), "kind": document.kind})
            for (case, _), document in zip(items, documents, strict=True)
        ],
    )  # fmt: skip
    return documents


@stored_files.atomic
def document_attach_scans(
    *, case: Case, document: IdentityDocument, uploads: list[CleanUpload], by
) -> list[StoredFile]:
    """Add scans to a document: all of them, or none."""
    if document.person_id != case.person_id or document.organisation_id != case.organisation_id:
        raise ValidationError(gettext("This document does not belong to the case."))
    stored = _store_all(case, uploads, FilePurpose.DOCUMENT_SCAN, by)
    document.scans.add(*stored)
    log_action(
        "document.scan_added", organisation=case.organisation, actor=by, case=case, obj=document,
        data={"summary": _summary(document), "files": [f.pk for f in stored]},
    )  # fmt: skip
    return stored


@stored_files.atomic
def verification_record(
    *,
    case: Case,
    document: IdentityDocument,
    method: str,
    result: str,
    notes: str = "",
    checked_at=None,
    by,
    evidence: list[CleanUpload] = (),
) -> VerificationAttempt:
    """One attempt to check a document. The document's status is derived from all of them."""
    if document.person_id != case.person_id or document.organisation_id != case.organisation_id:
        raise ValidationError(gettext("This document does not belong to the case."))
    errors = {}
    if method not in VerificationMethod.values:
        errors["method"] = gettext("Choose how the document was checked.")
    if result not in VerificationResult.values:
        errors["result"] = gettext("Choose the result of the check.")
    checked_at = checked_at or timezone.now()
    if checked_at > timezone.now():
        errors["checked_at"] = gettext("The check cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    attempt = VerificationAttempt.objects.create(
        document=document, method=method, result=result, notes=notes.strip(),
        checked_by=by, checked_at=checked_at,
    )  # fmt: skip
    log_action(
        "document.verified", organisation=case.organisation, actor=by, case=case, obj=attempt,
        data={
            "summary": f"{_summary(document)}: {attempt.get_method_display().lower()}, "
            f"{attempt.get_result_display().lower()}",
            "document": document.pk, "method": method, "result": result,
        },
    )  # fmt: skip
    attempt.evidence.add(*_store_all(case, evidence, FilePurpose.VERIFICATION_EVIDENCE, by))
    return attempt


# Organisation settings and the validity timeline (administrators) ---------------------------


def _require_admin(user) -> Membership:
    membership = Membership.of(user)
    if not membership.is_admin:
        raise ValidationError(gettext("Only an organisation administrator may change this."))
    return membership


@transaction.atomic
def number_pattern_save(*, kind: str, pattern: str, description: str = "", by) -> None:
    """Set (or, with an empty pattern, remove) the organisation's number format for a kind."""
    membership = _require_admin(by)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": gettext("Choose the kind of document.")})
    pattern = pattern.strip()
    if pattern:
        try:
            compile_pattern(pattern)
        except ValueError as error:
            raise ValidationError({"pattern": str(error)}) from None
        NumberPattern.objects.update_or_create(
            organisation_id=membership.organisation_id,
            kind=kind,
            defaults={"pattern": pattern, "description": description.strip(), "updated_by": by,
                      "updated_at": timezone.now()},
        )  # fmt: skip
    else:
        NumberPattern.objects.filter(organisation_id=membership.organisation_id, kind=kind).delete()
    log_action(
        "number_pattern.saved", organisation=membership.organisation, actor=by,
        data={"summary": f"{DocumentKind(kind).label}: {pattern or 'removed'}", "kind": kind},
    )  # fmt: skip


RULE_FIELDS = (
    "kind", "effect", "valid_from", "valid_until", "decision", "decided_on", "source_title",
    "source_url", "notification_number", "certainty", "start_assumed", "known_from",
    "issued_from", "notes", "active",
)  # fmt: skip


# What only words the citation, never the verdict.
RULE_WORDING_FIELDS = {
    "decision", "decided_on", "source_title", "source_url", "notification_number", "notes",
}  # fmt: skip


def _validate_rule(rule: ValidityRule) -> None:
    errors = {}
    if rule.effect == RuleEffect.EXTENDS and rule.valid_until is None:
        errors["valid_until"] = gettext("An extension needs the last day it covers.")
    if rule.valid_until and rule.valid_from and rule.valid_until < rule.valid_from:
        errors["valid_until"] = gettext("The period cannot end before it starts.")
    if rule.known_from and not rule.start_assumed:
        errors["known_from"] = gettext("Only a rule with an assumed start date needs this day.")
    if rule.known_from and rule.valid_from and rule.known_from < rule.valid_from:
        errors["known_from"] = gettext("The rule cannot be known to apply before it starts.")
    if errors:
        raise ValidationError(errors)
    rule.full_clean(exclude=["public_id"])  # a fresh random id; its unique index guards it


def _rule_editor(rule: ValidityRule | None, shared: bool, by) -> Membership | None:
    """Who may write: platform staff the shared timeline, an organisation's admin its own
    rules. Returns the editor's membership (None for staff outside every organisation)."""
    membership = getattr(by, "membership", None)
    if shared:
        if not may_edit_shared_timeline(by):
            raise ValidationError(
                gettext(
                    "Only platform staff may change the shared timeline: it decides every "
                    "organisation's verdicts. Add a rule for your organisation instead."
                )
            )
        return membership
    if membership is None or not membership.is_admin:
        raise ValidationError(gettext("Only an organisation administrator may change this."))
    if rule is not None and rule.organisation_id != membership.organisation_id:
        raise ValidationError(gettext("This rule belongs to another organisation."))
    return membership


@transaction.atomic
def validity_rule_save(
    *,
    rule: ValidityRule | None,
    fields: dict[str, Any],
    reason: str,
    by,
    shared: bool | None = None,
) -> ValidityRule:
    """Create or change a timeline rule. Every version is kept, with who changed it and why.

    A shared rule (platform staff only) is logged on the platform's trail and listed in
    the timeline's change log that every organisation sees; an organisation's own rule
    (its administrators only; ``shared=False`` when creating) is logged in its trail and
    decides only its cases. Creating without ``shared`` makes a shared rule for staff and
    an own rule for anyone else.
    """
    if rule is not None:
        shared = rule.organisation_id is None
    elif shared is None:
        shared = may_edit_shared_timeline(by)
    membership = _rule_editor(rule, shared, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": gettext("Say why: past petitions cite these rules.")})
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    created = rule is None
    if created:
        rule = ValidityRule(organisation=None if shared else membership.organisation)
    else:
        rule = ValidityRule.objects.select_for_update().get(pk=rule.pk)
    changed = [name for name, value in fields.items() if getattr(rule, name) != value]
    if not created and not changed:
        return rule
    kinds = {rule.kind, fields.get("kind", rule.kind)}
    for name, value in fields.items():
        setattr(rule, name, value)
    _validate_rule(rule)
    rule.save()
    last = rule.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    revision = ValidityRuleRevision.objects.create(
        rule=rule, number=last + 1, reason=reason, changed_by=by,
        changed_by_name=by.get_full_name() or by.username, by_platform_staff=shared,
        editor_organisation=membership.organisation if membership else None,
        **{name: getattr(rule, name) for name in RULE_FIELDS},
    )  # fmt: skip
    if created or set(changed) - RULE_WORDING_FIELDS:
        # Every case holding a document the rule decides may have another verdict now.
        case_coverage_refresh_enqueue(organisation_id=rule.organisation_id, rule_kinds=kinds - {""})
    log_action(
        "validity_rule.created" if created else "validity_rule.changed",
        # Shared rules go on the platform's own trail, not the editor's organisation's.
        organisation=None if shared else membership.organisation, actor=by, obj=rule,
        # The reason is free text: it stays on the revision, not in the append-only trail.
        data={"summary": rule.decision, "fields": changed, "revision": revision.number,
              "shared": shared},
    )  # fmt: skip
    return rule
