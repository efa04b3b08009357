"""Timeline sentences for the verbs of people, detention, raids, hearings, outcomes, risk."""

from django.utils.translation import gettext, gettext_lazy

from casework.timeline import (
    choice,
    fields,
    in_brackets,
    when,
    with_detail,
)

# Person, detention, clock, raids --------------------------------------------------------


def _clock(d):
    hours = d.get("hours")
    if not isinstance(hours, int):
        return gettext("alerted the lead lawyer and supervisors about the 24-hour clock")
    text = gettext(
        "alerted the lead lawyer and supervisors: held %(hours)s hours without production"
    ) % {"hours": hours}
    text += gettext(" before a magistrate")
    return text + (gettext(": habeas corpus candidate") if hours >= 24 else "")


def _incident_linked(d):
    return with_detail(
        gettext("linked the case to the raid"), when(d.get("occurred_at")), gettext(" of ")
    )


def _incident_created(d):
    return with_detail(gettext("recorded a raid"), when(d.get("occurred_at")), gettext(" on "))


def _incident_intake(d):
    text = gettext("opened %(cases)s cases by bulk intake after a raid") % {
        "cases": d.get("cases", 0)
    }
    if d.get("first") and d.get("last"):
        text += gettext(" (%(first)s to %(last)s)") % {"first": d["first"], "last": d["last"]}
    return text


# Hearings and outcomes --------------------------------------------------------------------


def _hearing_cancelled(d):
    from detainees.hearings.services import CancelReason

    text = with_detail(gettext("took a hearing off the agenda"), d.get("summary", ""))
    return in_brackets(text, choice(CancelReason, d.get("reason")) if d.get("reason") else "")


def _hearing_result(d):
    text = with_detail(gettext("recorded the result of a hearing"), d.get("summary", ""))
    return with_detail(text, when(d.get("next_date"), with_time=False), gettext("; next date "))


def _outcome(d):
    from casework.models import Outcome

    label = choice(Outcome, d.get("outcome"), d.get("summary", ""))
    return f"“{label}”" if label else ""


def _outcome_recorded(d):
    text = with_detail(gettext("recorded the outcome"), _outcome(d), " ")
    if d.get("applied") is False:
        text += gettext(" (earlier than the current outcome, kept as history)")
    return text


def _outcome_reviewed(d):
    text = with_detail(gettext("reviewed the outcome"), _outcome(d), " ")
    return text + (gettext(", with a comment on the outcome") if d.get("commented") else "")


# Risk and referrals -------------------------------------------------------------------


def _risk_level(d):
    from detainees.models import RiskLevel

    return choice(RiskLevel, d.get("level")).lower()


def _risk_screened(d):
    return with_detail(
        gettext("screened the detainee for risk on return"), _risk_level(d), gettext(": level ")
    )


def _risk_updated(d):
    parts = []
    if d.get("level_changed"):
        parts.append(gettext("level now %(value)s") % {"value": _risk_level(d)})
    if d.get("details_changed"):
        parts.append(
            gettext("%(details_changed)s confidential details changed")
            % {"details_changed": d["details_changed"]}
        )
    return in_brackets(gettext("updated the risk screening"), "; ".join(parts))


def _referral(verb_text: str):
    def describe(d):
        from detainees.models import ReferralBody, ReferralStatus

        if d.get("body"):
            detail = (
                f"{choice(ReferralBody, d['body'])}: "
                f"{choice(ReferralStatus, d.get('status')).lower()}"
            )
        else:
            detail = d.get("summary", "")
        return with_detail(verb_text, detail)

    return describe


def _custody_changed(d):
    from detainees.models import CustodyKind

    text = gettext("recorded a move in custody: %(kind)s") % {
        "kind": choice(CustodyKind, d.get("kind")).lower()
    }
    text = with_detail(text, when(d.get("occurred_at")), gettext(" on "))
    return (
        text
        if d.get("current", True)
        else text + gettext(" (earlier than the latest, kept as history)")
    )


# Sureties, next friend, release, UNHCR requests -----------------------------------------


def _contact(sentences: dict):
    def describe(d):
        text = sentences.get(d.get("role"), sentences[None])
        return in_brackets(str(text), fields("detainees.CaseContact", d.get("fields")))

    return describe


def _release_order(d):
    text = with_detail(
        gettext("recorded the delivery of the bail release order"),
        when(d.get("delivered_at")),
        gettext(" on "),
    )
    return text + (gettext(" (corrected)") if d.get("corrected") else "")


def _unhcr_request(verb_text: str):
    def describe(d):
        # The status is stored in English, as the model labels it; shown in the reader's.
        status = gettext(d["status"]) if d.get("status") else ""
        text = with_detail(str(verb_text), status)
        return in_brackets(text, fields("detainees.UnhcrRequest", d.get("fields")))

    return describe


def _incident_viewed(d):
    if d.get("page") == "api":
        if "shown" in d:  # a page of the list
            return gettext("listed raids through the API (%(shown)s shown)") % {"shown": d["shown"]}
        return gettext("read a raid through the API")
    return {
        "edit": gettext("opened a raid's report to edit it"),
        "petitions": gettext("opened the page to draft petitions for everyone taken in a raid"),
        "intake": gettext("opened the page to log a raid's detainees"),
    }.get(d.get("page"), gettext("opened a raid's page"))


SENTENCES = {
    # Whole sentences for each role: a language may inflect "surety" and "next friend" apart.
    "contact.added": _contact(
        {
            "surety": gettext_lazy("added a surety"),
            "next_friend": gettext_lazy("added a next friend"),
            "guardian": gettext_lazy("added the guardian"),
            None: gettext_lazy("added a surety or next friend"),
        }
    ),
    "contact.updated": _contact(
        {
            "surety": gettext_lazy("corrected a surety"),
            "next_friend": gettext_lazy("corrected a next friend"),
            "guardian": gettext_lazy("corrected the guardian"),
            None: gettext_lazy("corrected a surety or next friend"),
        }
    ),
    "contact.removed": _contact(
        {
            "surety": gettext_lazy("removed a surety"),
            "next_friend": gettext_lazy("removed a next friend"),
            "guardian": gettext_lazy("removed the guardian"),
            None: gettext_lazy("removed a surety or next friend"),
        }
    ),
    "application.release_order_delivered": _release_order,
    "unhcr_request.recorded": _unhcr_request(gettext_lazy("recorded a UNHCR verification request")),
    "unhcr_request.updated": _unhcr_request(gettext_lazy("updated the UNHCR verification request")),
    "incident.viewed": _incident_viewed,
    "application.recorded": lambda d: with_detail(
        gettext("recorded an application"), d.get("summary", "")
    ),
    "application.updated": lambda d: with_detail(
        gettext("corrected an application"), d.get("summary", "")
    ),
    "custody.changed": _custody_changed,
    "person.updated": lambda d: in_brackets(
        gettext("updated the detainee's details"), fields("detainees.Person", d.get("fields"))
    ),
    "detention.updated": lambda d: in_brackets(
        gettext("updated the detention"), fields("detainees.Detention", d.get("fields"))
    ),
    "detention.clock_warning": _clock,
    "detention.habeas_candidate": _clock,
    "detention.incident_linked": _incident_linked,
    "incident.created": _incident_created,
    "incident.updated": lambda d: in_brackets(
        gettext("changed a raid's details"), fields("detainees.Incident", d.get("fields"))
    ),
    "incident.intake": _incident_intake,
    "hearing.scheduled": lambda d: with_detail(gettext("added a hearing"), d.get("summary", "")),
    "hearing.updated": lambda d: with_detail(
        in_brackets(gettext("changed a hearing"), fields("detainees.Hearing", d.get("fields"))),
        d.get("summary", ""),
    ),
    "hearing.cancelled": _hearing_cancelled,
    "hearing.result_recorded": _hearing_result,
    "outcome.recorded": _outcome_recorded,
    "outcome.reviewed": _outcome_reviewed,
    "risk.screened": _risk_screened,
    "risk.updated": _risk_updated,
    "risk.viewed": gettext_lazy("opened the confidential risk screening"),
    "referral.added": _referral(gettext_lazy("added a referral")),
    "referral.updated": _referral(gettext_lazy("updated a referral")),
    "calendar_feed.issued": gettext_lazy(
        "issued a new calendar feed link; any previous link stopped working"
    ),
    "calendar_feed.revoked": gettext_lazy("revoked a calendar feed link"),
}
