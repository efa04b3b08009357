"""Writes for UNHCR verification requests: consent first, then sending, then the answer."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from casework.audit import log_action
from casework.models import Case
from detainees.models import ConsentHow, UnhcrAnswer, UnhcrChannel, UnhcrRequest

REQUEST_FIELDS = (
    "consent_given_by", "consent_on", "consent_how", "sent_on", "channel", "answer",
    "answered_on", "their_reference", "answer_note",
)  # fmt: skip
TEXT_FIELDS = ("consent_given_by", "consent_how", "channel", "answer", "their_reference",
               "answer_note")  # fmt: skip


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(REQUEST_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    cleaned = {name: fields.get(name) for name in REQUEST_FIELDS}
    for name in TEXT_FIELDS:
        cleaned[name] = " ".join(str(cleaned[name] or "").split())
    today = timezone.localdate()
    errors = {}
    for name in ("consent_on", "sent_on", "answered_on"):
        if isinstance(cleaned[name], date) and cleaned[name] > today:
            errors[name] = gettext("This date cannot be in the future.")
    consent = [cleaned["consent_given_by"], cleaned["consent_on"], cleaned["consent_how"]]
    if any(consent) and not all(consent):
        errors.setdefault(
            "consent_how", gettext("Record who consented, when and how: all three, or none yet.")
        )
    if cleaned["consent_how"] and cleaned["consent_how"] not in ConsentHow.values:
        errors["consent_how"] = gettext("Choose how consent was given from the list.")
    if cleaned["sent_on"]:
        if not all(consent):
            errors["sent_on"] = gettext(
                "Record the client's consent before marking the request sent: UNHCR is "
                "contacted only with it."
            )
        elif isinstance(cleaned["consent_on"], date) and cleaned["sent_on"] < cleaned["consent_on"]:
            errors["sent_on"] = gettext("The request cannot be sent before consent was given.")
        if cleaned["channel"] not in UnhcrChannel.values:
            errors["channel"] = gettext("Choose how the request was sent.")
    elif cleaned["channel"]:
        errors["sent_on"] = gettext("Enter the date the request was sent.")
    if cleaned["answer"]:
        if cleaned["answer"] not in UnhcrAnswer.values:
            errors["answer"] = gettext("Choose UNHCR's answer from the list.")
        if not cleaned["sent_on"]:
            errors["answer"] = gettext("An answer can only follow a request that was sent.")
        if not cleaned["answered_on"]:
            errors["answered_on"] = gettext("Enter the date of UNHCR's answer.")
        elif cleaned["sent_on"] and cleaned["answered_on"] < cleaned["sent_on"]:
            errors["answered_on"] = gettext("The answer cannot come before the request was sent.")
        if cleaned["answer"] == UnhcrAnswer.OTHER and not cleaned["answer_note"]:
            errors["answer_note"] = gettext("Say what UNHCR answered.")
    elif cleaned["answered_on"]:
        errors["answer"] = gettext("Choose UNHCR's answer.")
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def unhcr_request_save(
    *, case: Case, by, fields: dict[str, Any], request: UnhcrRequest | None = None
) -> UnhcrRequest:
    """Record a request, or move it on: consent, sent, answered."""
    if request is not None and request.case_id != case.pk:
        raise ValidationError(gettext("That request belongs to another case."))
    cleaned = _clean(fields)
    created = request is None
    if created:
        request = UnhcrRequest(organisation_id=case.organisation_id, case=case, created_by=by)
    else:
        request = UnhcrRequest.objects.select_for_update().get(pk=request.pk)
    changed = [name for name, value in cleaned.items() if getattr(request, name) != value]
    if not created and not changed:
        return request
    had_consent = request.has_consent
    for name in changed:
        setattr(request, name, cleaned[name])
    if request.has_consent and not had_consent:
        request.consent_recorded_by = by
    request.save()
    # The trail keeps the status in English; the timeline translates it for each reader.
    with translation.override(None):
        status = request.status_label
    log_action(
        "unhcr_request.recorded" if created else "unhcr_request.updated",
        organisation=case.organisation, actor=by, case=case, obj=request,
        data={"status": status, "fields": [] if created else changed},
    )  # fmt: skip
    return request
