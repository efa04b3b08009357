from django import template

register = template.Library()

BADGES = {
    "covered": "badge-ok",
    "not_covered": "badge-bad",
    "unknown": "badge-unknown",
    "genuine": "badge-ok",
    "not_genuine": "badge-bad",
    "conflicting": "badge-bad",
    "could_not_verify": "badge-unknown",
}


@register.filter
def badge_class(status: str) -> str:
    """The stylesheet's badge colour for a coverage or verification status."""
    return BADGES.get(status, "")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
