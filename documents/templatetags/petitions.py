from django import template

from casework.selectors import user_may
from documents.petitions.selectors import case_petitions

register = template.Library()


@register.inclusion_tag("documents/_case_petitions.html", takes_context=True)
def case_petitions_section(context, case):
    """The petitions card on the case page; the case came through case_for_user."""
    user = context["request"].user
    return {
        "case": case,
        "petitions": list(case_petitions(case)),
        "may_draft": user_may(user, case, "draft_petition"),
        "may_change": user_may(user, case, "change_case"),
        "applications": list(case.applications.select_related("court")),
    }
