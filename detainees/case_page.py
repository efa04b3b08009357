"""The detainee's cards on the case page: detention, person, hearings, raid and risk.

Each context function gets a case fetched through ``case_for_user`` (``case.access`` says
what the user may do) and returns the card's context, or None to leave the card out.
"""

from casework.registry import CaseSection


def _always(case, *, user, now) -> dict:
    return {}


def _detention(case, *, user, now) -> dict:
    from detainees.selectors import POLICE_REMAND_LIMIT_DAYS, custody_path, police_remand_days

    remand_days = police_remand_days(case)
    return {
        "custody_path": custody_path(case),
        "police_remand_days": remand_days,
        "police_remand_over_limit": remand_days > POLICE_REMAND_LIMIT_DAYS,
        "police_remand_limit": POLICE_REMAND_LIMIT_DAYS,
    }


def _hearings(case, *, user, now) -> dict:
    from detainees.clock import is_habeas_corpus_candidate
    from detainees.hearings.selectors import case_hearings, case_outcomes

    return {
        "hearings": case_hearings(case),
        "outcomes": case_outcomes(case),
        "can_review": case.access.membership.sees_whole_organisation,
        "habeas_candidate": is_habeas_corpus_candidate(case.detention, now),
    }


def _incident(case, *, user, now) -> dict | None:
    return {} if case.detention.incident_id else None


def _risk(case, *, user, now) -> dict | None:
    """Level and referrals only, so showing the card decrypts nothing."""
    from detainees.models import RiskLevel, RiskScreening

    if not case.access.membership.may_see_special_category:
        return None
    level = RiskScreening.objects.filter(case=case).values_list("level", flat=True).first()
    return {
        "risk": {
            "visible": True,
            "level": level,
            "level_label": RiskLevel(level).label if level else "",
            "referrals": list(case.referrals.all()),
        }
    }


SECTIONS = (
    CaseSection("detention", "detainees/_case_detention.html", _detention, order=10),
    CaseSection("person", "detainees/_case_person.html", _always, order=30),
    CaseSection("hearings", "detainees/_case_hearings.html", _hearings, order=40),
    CaseSection("incident", "detainees/_case_incident.html", _incident, order=60),
    CaseSection("risk", "detainees/_risk_card.html", _risk, order=70),
)
