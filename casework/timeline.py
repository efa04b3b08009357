"""Timeline sentences: what an audit event says, read from its verb, ids and enum values.

Events carry no client data (the trail is append-only and outlives retention), so the
sentence is built from what they do carry: enum values, field names, counts, dates and
staff usernames. Entries written before a key existed fall back to their ``summary``.
"""

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import dateformat, timezone


def _choice(choices: type[models.TextChoices], value: Any, default: str = "") -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return default or str(value or "")


def _fields(model: str, names: Iterable[str] | None) -> str:
    """Field names as their labels ("family name"), in the order they changed."""
    model_class = apps.get_model(model)
    labels = []
    for name in names or ():
        try:
            labels.append(str(model_class._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            labels.append(str(name).replace("_", " "))
    return ", ".join(labels)


def _when(value: str | None, with_time: bool = True) -> str:
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    if with_time and timezone.is_aware(moment):
        return dateformat.format(timezone.localtime(moment), "j M Y, H:i")
    return dateformat.format(moment, "j M Y")


def _with(text: str, detail: str, joiner: str = ": ") -> str:
    return f"{text}{joiner}{detail}" if detail else text


def _in_brackets(text: str, detail: str) -> str:
    return f"{text} ({detail})" if detail else text


def _names(values) -> str:
    return ", ".join(str(v) for v in values or ())


# Case, team, export, retention ---------------------------------------------------------


def _case_opened(d):
    return "opened the case" + (" by bulk intake after a raid" if d.get("incident") else "")


def _case_assigned(d):
    text = "set the team"
    parts = []
    if d.get("lead_lawyer"):
        parts.append(f"lead {d['lead_lawyer']}")
    if d.get("added"):
        parts.append(f"added {_names(d['added'])}")
    if d.get("removed"):
        parts.append(f"removed {_names(d['removed'])}")
    return _with(text, "; ".join(parts))


def _case_exported(d):
    return f"exported the case for hand-over ({len(d.get('files') or [])} files)"


def _case_anonymised(d):
    return (
        "anonymised the case at the end of the retention period "
        f"({d.get('files_removed', 0)} files removed)"
    )


# Person, detention, clock, raids --------------------------------------------------------


def _clock(d):
    hours = d.get("hours")
    if not isinstance(hours, int):
        return "alerted the lead lawyer and supervisors about the 24-hour clock"
    text = f"alerted the lead lawyer and supervisors: held {hours} hours without production"
    text += " before a magistrate"
    return text + (": habeas corpus candidate" if hours >= 24 else "")


def _incident_linked(d):
    return _with("linked the case to the raid", _when(d.get("occurred_at")), " of ")


def _incident_created(d):
    return _with("recorded a raid", _when(d.get("occurred_at")), " on ")


def _incident_intake(d):
    text = f"opened {d.get('cases', 0)} cases by bulk intake after a raid"
    if d.get("first") and d.get("last"):
        text += f" ({d['first']} to {d['last']})"
    return text


# Hearings and outcomes --------------------------------------------------------------------


def _hearing_cancelled(d):
    from detainees.hearing_services import CancelReason

    text = _with("took a hearing off the agenda", d.get("summary", ""))
    return _in_brackets(text, _choice(CancelReason, d.get("reason")) if d.get("reason") else "")


def _hearing_result(d):
    text = _with("recorded the result of a hearing", d.get("summary", ""))
    return _with(text, _when(d.get("next_date"), with_time=False), "; next date ")


def _outcome(d):
    from casework.models import Outcome

    label = _choice(Outcome, d.get("outcome"), d.get("summary", ""))
    return f"“{label}”" if label else ""


def _outcome_recorded(d):
    text = _with("recorded the outcome", _outcome(d), " ")
    if d.get("applied") is False:
        text += " (earlier than the current outcome, kept as history)"
    return text


def _outcome_reviewed(d):
    text = _with("reviewed the outcome", _outcome(d), " ")
    return text + (", with a comment on the outcome" if d.get("commented") else "")


# Risk and referrals -------------------------------------------------------------------


def _risk_level(d):
    from detainees.models import RiskLevel

    return _choice(RiskLevel, d.get("level")).lower()


def _risk_screened(d):
    return _with("screened the detainee for risk on return", _risk_level(d), ": level ")


def _risk_updated(d):
    parts = []
    if d.get("level_changed"):
        parts.append(f"level now {_risk_level(d)}")
    if d.get("details_changed"):
        parts.append(f"{d['details_changed']} confidential details changed")
    return _in_brackets("updated the risk screening", "; ".join(parts))


def _referral(verb_text: str):
    def describe(d):
        from detainees.models import ReferralBody, ReferralStatus

        if d.get("body"):
            detail = (
                f"{_choice(ReferralBody, d['body'])}: "
                f"{_choice(ReferralStatus, d.get('status')).lower()}"
            )
        else:
            detail = d.get("summary", "")
        return _with(verb_text, detail)

    return describe


# Documents, files, petitions -------------------------------------------------------------


def _kind(d):
    from documents.models import DocumentKind

    return _choice(DocumentKind, d.get("kind"), d.get("summary", "")) or "document"


def _document_verified(d):
    from documents.models import VerificationMethod, VerificationResult

    if not d.get("method"):
        return _with("recorded a check of a document", d.get("summary", ""))
    return (
        f"recorded a check of a document: {_choice(VerificationMethod, d['method']).lower()}, "
        f"{_choice(VerificationResult, d.get('result')).lower()}"
    )


def _file(verb_text: str):
    def describe(d):
        from documents.models import FilePurpose

        purpose = _choice(FilePurpose, d.get("purpose")).lower() if d.get("purpose") else ""
        return _in_brackets(verb_text, purpose)

    return describe


def _petition(action: str):
    def describe(d):
        from documents.petitions.services import SUMMARY

        title = d.get("title")
        return f"{SUMMARY[action]} “{title}”" if title else SUMMARY[action]

    return describe


# Members, sign-in, administration --------------------------------------------------------


def _role(value):
    from casework.models import Role

    return _choice(Role, value).lower() if value else "another role"


def _member_role_changed(d):
    return (
        f"changed the role of {d.get('username', 'a member')} from {_role(d.get('from'))} "
        f"to {_role(d.get('to'))}"
    )


def _access_revoked(d):
    return (
        f"revoked the access of {d.get('username', 'a member')} "
        f"({d.get('sessions_ended', 0)} sessions ended)"
    )


def _login_failed(d):
    stage = {"second_factor": "wrong code", "reauth": "confirming a sensitive action"}.get(
        d.get("stage"), "wrong password"
    )
    if "user" in d:
        return f"failed sign-in to a member's account ({stage})"
    if "username_hash" in d:
        return f"failed sign-in with an unknown username ({stage})"
    return f"failed sign-in as {d.get('username', '?')} ({stage})"


Describe = Callable[[dict[str, Any]], str]

SENTENCES: dict[str, Describe | str] = {
    "case.opened": _case_opened,
    "case.assigned": _case_assigned,
    "case.exported": _case_exported,
    "case.anonymised": _case_anonymised,
    "person.updated": lambda d: _in_brackets(
        "updated the detainee's details", _fields("detainees.Person", d.get("fields"))
    ),
    "detention.updated": lambda d: _in_brackets(
        "updated the detention", _fields("detainees.Detention", d.get("fields"))
    ),
    "detention.clock_warning": _clock,
    "detention.habeas_candidate": _clock,
    "detention.incident_linked": _incident_linked,
    "incident.created": _incident_created,
    "incident.updated": lambda d: _in_brackets(
        "changed a raid's details", _fields("detainees.Incident", d.get("fields"))
    ),
    "incident.intake": _incident_intake,
    "hearing.scheduled": lambda d: _with("added a hearing", d.get("summary", "")),
    "hearing.updated": lambda d: _with(
        _in_brackets("changed a hearing", _fields("detainees.Hearing", d.get("fields"))),
        d.get("summary", ""),
    ),
    "hearing.cancelled": _hearing_cancelled,
    "hearing.result_recorded": _hearing_result,
    "outcome.recorded": _outcome_recorded,
    "outcome.reviewed": _outcome_reviewed,
    "risk.screened": _risk_screened,
    "risk.updated": _risk_updated,
    "risk.viewed": "opened the confidential risk screening",
    "case.viewed": lambda d: {
        "edit": "opened the detainee's or detention details to edit them",
        "template_preview": "previewed a petition template filled from the case",
        "petition": "opened a petition of the case",
    }.get(d.get("page"), "opened the case"),
    "case_list.viewed": lambda d: (
        f"listed cases ({d.get('shown', 0)} shown"
        + (f", filtered by {_names(d.get('filters'))})" if d.get("filters") else ")")
    ),
    "incident.viewed": "opened a raid's page",
    "referral.added": _referral("added a referral"),
    "referral.updated": _referral("updated a referral"),
    "document.added": lambda d: f"added a document: {_kind(d)}",
    "document.updated": lambda d: _in_brackets(
        f"corrected a document: {_kind(d)}",
        _fields("documents.IdentityDocument", d.get("fields")),
    ),
    "document.scan_added": lambda d: f"added scans to a document: {_kind(d)}",
    "document.verified": _document_verified,
    "file.uploaded": _file("uploaded a file"),
    "file.downloaded": _file("downloaded a file"),
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
    "petition.previewed": _petition("previewed"),
    "petition.filed": _petition("filed"),
    "petition.exported": lambda d: _with(
        "rendered a petition from the command line", d.get("template", "")
    ),
    "petition_template.saved": lambda d: (
        f"saved version {d.get('version', '?')} of the petition template {d.get('key', '')}"
    ),
    "petition_batch.created": lambda d: (
        f"drafted {d.get('petitions', 0)} petitions for a raid's detainees"
    ),
    "number_pattern.saved": lambda d: _with("set a document number format", d.get("summary", "")),
    "validity_rule.created": lambda d: _with("added a validity rule", d.get("summary", "")),
    "validity_rule.changed": lambda d: _with(
        _in_brackets("changed a validity rule", _names(d.get("fields"))), d.get("summary", "")
    ),
    "calendar_feed.issued": "issued a new calendar feed link; any previous link stopped working",
    "calendar_feed.revoked": "revoked a calendar feed link",
    "member.created": lambda d: (
        f"added the member {d.get('username', '?')} as {_role(d.get('role'))}"
    ),
    "member.role_changed": _member_role_changed,
    "member.second_factor_reset": lambda d: (
        f"reset the second factor of {d.get('username', 'a member')}"
    ),
    "member.access_revoked": _access_revoked,
    "organisation.updated": lambda d: _in_brackets(
        "changed the organisation's settings", _fields("casework.Organisation", d.get("fields"))
    ),
    "auth.login_failed": _login_failed,
    "auth.logged_in": "signed in",
    "auth.sessions_ended": lambda d: f"ended {d.get('sessions', 0)} sessions",
    "auth.recovery_code_used": lambda d: (
        f"signed in with a recovery code ({d.get('remaining', 0)} left)"
    ),
    "auth.second_factor_enrolled": "set up two-factor sign-in",
    "auth.recovery_codes_issued": lambda d: f"got {d.get('count', 0)} new recovery codes",
    "auth.password_changed": "changed their password",
    "auth.reauthenticated": "confirmed their password and code for a sensitive action",
    "keys.rotated": lambda d: (
        f"re-encrypted {d.get('rows', 0)} rows with the current field-encryption key"
    ),
}


def event_sentence(verb: str, data: dict[str, Any] | None) -> str:
    """What the actor did, as the rest of a sentence; the raw verb only for unknown verbs."""
    data = data if isinstance(data, dict) else {}
    sentence = SENTENCES.get(verb)
    if sentence is None:
        return _with(verb, str(data.get("summary", "")))
    if isinstance(sentence, str):
        return sentence
    try:
        return sentence(data)
    except (KeyError, TypeError, ValueError, LookupError):
        # An entry from before its data took today's shape: the verb still says something.
        return _with(verb, str(data.get("summary", "")))
