"""The detainee's cards on the case page: detention, person, hearings, raid and risk.

Each context function gets a case fetched through ``case_for_user`` (``case.access`` says
what the user may do) and returns the card's context, or None to leave the card out.
"""

from casework.registry import CaseSection


def _always(case, *, user, now) -> dict:
    return {}


def _detention(case, *, user, now) -> dict:
    from detainees.custody import custody_now
    from detainees.selectors import POLICE_REMAND_LIMIT_DAYS, custody_path, police_remand_days

    remand_days = police_remand_days(case)
    return {
        "custody": custody_now(case),
        "custody_path": custody_path(case),
        "police_remand_days": remand_days,
        "police_remand_over_limit": remand_days > POLICE_REMAND_LIMIT_DAYS,
        "police_remand_limit": POLICE_REMAND_LIMIT_DAYS,
    }


def _person(case, *, user, now) -> dict:
    from detainees.models import ContactRole

    return {"guardian": case.contacts.filter(role=ContactRole.GUARDIAN).first()}


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


def _bail(case, *, user, now) -> dict:
    """Granted bail with its order and release, the sureties and the next friend."""
    from detainees.bail.release import RELEASE_DUE_HOURS, RELEASE_KINDS, granted_from
    from detainees.models import ApplicationKind, ApplicationResult, ContactRole

    contacts = list(case.contacts.all())
    grants = list(
        case.applications.filter(kind=ApplicationKind.BAIL, result=ApplicationResult.GRANTED)
        .select_related("court")
        .order_by("order_on", "id")
    )
    releases = [
        change.occurred_at
        for change in case.detention.custody_changes.filter(kind__in=RELEASE_KINDS)
    ]
    rows = []
    for grant in grants:
        since = granted_from(grant, case) if grant.order_on else None
        released = next((at for at in releases if since is None or at >= since), None)
        hours = int((now - since).total_seconds() // 3600) if since else 0
        rows.append({
            "application": grant, "released_at": released,
            "hours": hours, "overdue": released is None and hours >= RELEASE_DUE_HOURS,
        })  # fmt: skip
    return {
        "section": {
            "grants": rows,
            "sureties": [c for c in contacts if c.role == ContactRole.SURETY],
            "next_friend": next((c for c in contacts if c.role == ContactRole.NEXT_FRIEND), None),
        }
    }


def _unhcr(case, *, user, now) -> dict:
    from django.utils import timezone

    from detainees.unhcr.selectors import UNHCR_ANSWER_DAYS

    today = timezone.localdate(now)
    requests = []
    for request in case.unhcr_requests.all():
        waiting = (today - request.sent_on).days if request.sent_on and not request.answer else 0
        requests.append({
            "request": request, "days_waiting": waiting,
            "overdue": waiting >= UNHCR_ANSWER_DAYS,
        })  # fmt: skip
    return {"section": {"requests": requests}}


SECTIONS = (
    CaseSection("detention", "detainees/_case_detention.html", _detention, order=10),
    CaseSection("person", "detainees/_case_person.html", _person, order=30),
    CaseSection("hearings", "detainees/_case_hearings.html", _hearings, order=40),
    CaseSection("bail", "detainees/_case_bail.html", _bail, order=45),
    CaseSection("unhcr", "detainees/_case_unhcr.html", _unhcr, order=50),
    CaseSection("incident", "detainees/_case_incident.html", _incident, order=60),
    CaseSection("risk", "detainees/_risk_card.html", _risk, order=70),
)
