"""Writes and audited reads for risk screening and referrals.

Audit events never carry values, nor the names of the special-category fields that changed
(only how many): the trail must not become a second, unencrypted copy of that data.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from casework.audit import log_action
from casework.models import Case
from detainees.models import Referral, ReferralStatus, RiskGroup, RiskLevel, RiskScreening

SPECIAL_CATEGORY_FIELDS = ("groups", "ethnicity", "religion", "sogi", "affiliations", "notes")
SCREENING_FIELDS = ("level", *SPECIAL_CATEGORY_FIELDS)
REFERRAL_FIELDS = ("body", "status", "referred_on", "status_on", "their_reference")


def may_see_special_category(user, case: Case) -> bool:
    """The case team and supervisors; not organisation admins, who manage accounts, not cases.

    Call only for a case already fetched through ``case_for_user``.
    """
    membership = getattr(user, "membership", None)
    return membership is not None and membership.may_see_special_category


def _check_may_see(user, case: Case) -> None:
    if not may_see_special_category(user, case):
        raise ValidationError(
            gettext("Risk screening is open only to the case team and supervisors.")
        )


def _validate_screening(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(SCREENING_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    if fields.get("level") not in RiskLevel.values:
        raise ValidationError({"level": gettext("Choose a risk level.")})
    groups = fields.get("groups") or []
    if isinstance(groups, str):
        groups = [g for g in groups.split(",") if g]
    bad = [g for g in groups if g not in RiskGroup.values]
    if bad:
        raise ValidationError(
            {"groups": gettext("Unknown risk group: %(groups)s.") % {"groups": ", ".join(bad)}}
        )
    if fields["level"] == RiskLevel.HIGH and not groups and not fields.get("notes"):
        raise ValidationError(
            {"groups": gettext("Say why the risk is high: tick a risk group or write a note.")}
        )
    cleaned = {
        name: (fields.get(name) or "").strip()
        for name in SPECIAL_CATEGORY_FIELDS
        if name != "groups"
    }
    cleaned["groups"] = ",".join(g for g in RiskGroup.values if g in groups)
    cleaned["level"] = fields["level"]
    return cleaned


@transaction.atomic
def risk_screening_save(*, case: Case, fields: dict[str, Any], by) -> RiskScreening:
    _check_may_see(by, case)
    cleaned = _validate_screening(fields)
    screening = RiskScreening.objects.select_for_update().filter(case=case).first()
    created = screening is None
    if created:
        screening = RiskScreening(case=case, organisation_id=case.organisation_id, screened_by=by)
    changed = [name for name, value in cleaned.items() if getattr(screening, name) != value]
    if not changed and not created:
        return screening
    for name in changed:
        setattr(screening, name, cleaned[name])
    screening.updated_at = timezone.now()
    screening.save()
    log_action(
        "risk.screened" if created else "risk.updated",
        organisation=case.organisation,
        actor=by,
        case=case,
        obj=screening,
        # Not even which special-category fields changed: "sogi" or "affiliations" having a
        # value says too much on its own, and the trail outlives retention.
        data={
            "level": screening.level,
            "level_changed": "level" in changed,
            "details_changed": len([f for f in changed if f in SPECIAL_CATEGORY_FIELDS]),
        },
    )
    return screening


@transaction.atomic
def risk_screening_reveal(*, case: Case, by, purpose: str = "view") -> RiskScreening | None:
    """The decrypted screening, with an audit event for every read of it."""
    _check_may_see(by, case)
    screening = RiskScreening.objects.filter(case=case).first()
    if screening is not None:
        log_action(
            "risk.viewed",
            organisation=case.organisation,
            actor=by,
            case=case,
            obj=screening,
            data={"purpose": purpose},
        )
    return screening


def _validate_referral(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(REFERRAL_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    errors = {}
    referred_on, status_on = fields.get("referred_on"), fields.get("status_on")
    today = timezone.localdate()
    if isinstance(referred_on, date) and referred_on > today:
        errors["referred_on"] = gettext("The referral date cannot be in the future.")
    if isinstance(referred_on, date) and isinstance(status_on, date) and status_on < referred_on:
        errors["status_on"] = gettext("The status cannot date from before the referral.")
    if fields.get("status") not in (None, ReferralStatus.PLANNED) and not referred_on:
        errors["referred_on"] = gettext("Enter the date the referral was made.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def referral_save(
    *, case: Case, fields: dict[str, Any], by, referral: Referral | None = None
) -> Referral:
    _validate_referral(fields)
    created = referral is None
    if created:
        referral = Referral(case=case, organisation_id=case.organisation_id, created_by=by)
    elif referral.case_id != case.pk:
        raise ValidationError(gettext("That referral belongs to another case."))
    changed = [name for name, value in fields.items() if getattr(referral, name) != value]
    for name in changed:
        setattr(referral, name, fields[name])
    referral.full_clean(exclude=["organisation", "case", "created_by", "public_id"])
    if created or changed:
        referral.save()
        log_action(
            "referral.added" if created else "referral.updated",
            organisation=case.organisation,
            actor=by,
            case=case,
            obj=referral,
            data={
                "summary": f"{referral.get_body_display()}: {referral.get_status_display()}",
                "body": referral.body,
                "status": referral.status,
                "fields": changed,
            },
        )
    return referral
