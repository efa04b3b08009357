from django import template
from django.utils import timezone

from casework.models import Membership
from detainees.clock import is_habeas_corpus_candidate
from detainees.hearing_selectors import case_hearings, case_outcomes

register = template.Library()


@register.inclusion_tag("detainees/_case_hearings.html", takes_context=True)
def case_hearings_section(context, case):
    """Hearings and outcomes on the case page; the case was fetched through case_for_user."""
    user = context["request"].user
    membership = getattr(user, "membership", None)
    now = context.get("now") or timezone.now()
    return {
        "case": case,
        "hearings": case_hearings(case),
        "outcomes": case_outcomes(case),
        "now": now,
        "can_change": context.get("can_change", False),
        "can_review": isinstance(membership, Membership) and membership.sees_whole_organisation,
        "habeas_candidate": is_habeas_corpus_candidate(case.detention, now),
    }


@register.filter
def habeas_candidate(detention, now=None) -> bool:
    return is_habeas_corpus_candidate(detention, now or timezone.now())
