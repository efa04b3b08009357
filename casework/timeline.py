"""Timeline sentences: what an audit event says, read from its verb, ids and enum values.

Events carry no client data (the trail is append-only and outlives retention), so the
sentence is built from what they do carry: enum values, field names, counts, dates and
staff usernames. Entries written before a key existed fall back to their ``summary``.

Each app registers the sentences for its own verbs (``casework.registry.register_sentences``
from its ``AppConfig.ready()``), using the small helpers below.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from casework.registry import timeline_sentences


def choice(choices: type[models.TextChoices], value: Any, default: str = "") -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return default or str(value or "")


def fields(model: str, names: Iterable[str] | None) -> str:
    """Field names as their labels ("family name"), in the order they changed."""
    model_class = apps.get_model(model)
    labels = []
    for name in names or ():
        try:
            labels.append(str(model_class._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            labels.append(str(name).replace("_", " "))
    return ", ".join(labels)


def when(value: str | None, with_time: bool = True) -> str:
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    if with_time and timezone.is_aware(moment):
        return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return formats.date_format(moment, "DATE_FORMAT")


def with_detail(text: str, detail: str, joiner: str = ": ") -> str:
    return f"{text}{joiner}{detail}" if detail else text


def in_brackets(text: str, detail: str) -> str:
    return f"{text} ({detail})" if detail else text


def names(values) -> str:
    return ", ".join(str(v) for v in values or ())


# Case, team, export, retention ---------------------------------------------------------


def _case_opened(d):
    return gettext("opened the case") + (
        gettext(" by bulk intake after a raid") if d.get("incident") else ""
    )


def _case_assigned(d):
    text = gettext("set the team")
    parts = []
    if d.get("lead_lawyer"):
        parts.append(gettext("lead %(lead_lawyer)s") % {"lead_lawyer": d["lead_lawyer"]})
    if d.get("added"):
        parts.append(gettext("added %(added)s") % {"added": names(d["added"])})
    if d.get("removed"):
        parts.append(gettext("removed %(removed)s") % {"removed": names(d["removed"])})
    return with_detail(text, "; ".join(parts))


def _case_exported(d):
    return gettext("exported the case for hand-over (%(files)s files)") % {
        "files": len(d.get("files") or [])
    }


def _case_anonymised(d):
    return gettext(
        "anonymised the case at the end of the retention period (%(files_removed)s files removed)"
    ) % {"files_removed": d.get("files_removed", 0)}


# Pages that list several people at once, each read once per request.
LIST_PAGES = {
    "agenda": gettext_lazy("opened their hearings agenda"),
    "court_diary": gettext_lazy("opened the court diary"),
    "outcome_queue": gettext_lazy("opened the outcomes awaiting review"),
    "today": gettext_lazy("opened Today"),
    "petition_batch": gettext_lazy("opened a batch of petitions for a raid"),
    "petitions_awaiting": gettext_lazy("opened the petitions awaiting their approval"),
    "petitions_returned": gettext_lazy("opened the petitions returned to them"),
}

CORE_SENTENCES = {
    "case.opened": _case_opened,
    "case.assigned": _case_assigned,
    "case.exported": _case_exported,
    "case.anonymised": _case_anonymised,
    "case.closed": gettext_lazy("closed the case"),
    "case.viewed": lambda d: {
        "edit": gettext("opened the detainee's or detention details to edit them"),
        "template_preview": gettext("previewed a petition template filled from the case"),
        "petition": gettext("opened a petition of the case"),
        "petition_new": gettext("opened the page to draft a petition for the case"),
        "hearing": gettext("opened a hearing of the case"),
        "outcome": gettext("opened an outcome of the case to review it"),
        "application": gettext("opened the page of an application in the case"),
        "custody": gettext("opened the page to record a custody change"),
        "document": gettext("opened an identity document page of the case"),
        "duplicate": gettext("was shown the case as a possible duplicate while logging someone"),
        "risk": gettext("opened the risk screening page of the case"),
        "referral": gettext("opened a referral of the case"),
        "api": gettext("read the case through the API"),
    }.get(d.get("page"), gettext("opened the case")),
    "case_list.viewed": lambda d: (
        LIST_PAGES[d["page"]]
        if d.get("page") in LIST_PAGES
        else gettext("listed cases (%(shown)s shown") % {"shown": d.get("shown", 0)}
        + (
            gettext(", filtered by %(filters)s)") % {"filters": names(d.get("filters"))}
            if d.get("filters")
            else ")"
        )
    ),
    "case.reopened": gettext_lazy("reopened the case"),
    # Whole sentences, with and without the lawyer's username: word order differs by language.
    "case.approval_granted": lambda d: (
        gettext("allowed %(user)s to approve petitions on the case") % {"user": d["user"]}
        if d.get("user")
        else gettext("allowed a lawyer to approve petitions on the case")
    ),
    "case.approval_withdrawn": lambda d: (
        gettext("withdrew %(user)s's approval of petitions on the case") % {"user": d["user"]}
        if d.get("user")
        else gettext("withdrew a lawyer's approval of petitions on the case")
    ),
    "membership.approval_granted": lambda d: (
        gettext("allowed %(user)s to approve petitions on every case") % {"user": d["user"]}
        if d.get("user")
        else gettext("allowed a lawyer to approve petitions on every case")
    ),
    "membership.approval_withdrawn": lambda d: (
        gettext("withdrew %(user)s's approval of petitions on every case") % {"user": d["user"]}
        if d.get("user")
        else gettext("withdrew a lawyer's approval of petitions on every case")
    ),
    "organisation.updated": lambda d: in_brackets(
        gettext("changed the organisation's settings"),
        fields("casework.Organisation", d.get("fields")),
    ),
    "organisation.intake_duty_set": lambda d: (
        gettext("put %(on_duty)s paralegals on intake duty") % {"on_duty": d.get("on_duty", 0)}
    ),
    "keys.rotated": lambda d: (
        gettext("re-encrypted %(rows)s rows with the current field-encryption key")
        % {"rows": d.get("rows", 0)}
    ),
}


def event_sentence(verb: str, data: dict[str, Any] | None) -> str:
    """What the actor did, as the rest of a sentence; the raw verb only for unknown verbs."""
    data = data if isinstance(data, dict) else {}
    sentence = timeline_sentences.get(verb)
    if sentence is None:
        return with_detail(verb, str(data.get("summary", "")))
    if isinstance(sentence, str | Promise):
        return str(sentence)
    try:
        return sentence(data)
    except (KeyError, TypeError, ValueError, LookupError):
        # An entry from before its data took today's shape: the verb still says something.
        return with_detail(verb, str(data.get("summary", "")))
