from django import template

from detainees.models import RiskLevel, RiskScreening
from detainees.risk_services import may_see_special_category

register = template.Library()


@register.inclusion_tag("detainees/_risk_card.html", takes_context=True)
def risk_card(context, case):
    """The case page's summary: level and referrals only, so showing it decrypts nothing."""
    user = context["request"].user
    if not may_see_special_category(user, case):
        return {"risk": {"visible": False}}
    level = RiskScreening.objects.filter(case=case).values_list("level", flat=True).first()
    return {
        "case": case,
        "risk": {
            "visible": True,
            "level": level,
            "level_label": RiskLevel(level).label if level else "",
            "referrals": list(case.referrals.all()),
        },
    }
