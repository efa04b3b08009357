from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag
def hours_without_production(detention, now=None):
    """Hours held without production, derived from timestamps; '' when not applicable."""
    hours = detention.hours_without_production(now or timezone.now())
    if hours is None:
        return ""
    return int(hours)


@register.filter
def clock_class(hours) -> str:
    if hours == "" or hours is None:
        return ""
    if hours >= 24:
        return "clock-over"
    if hours >= 20:
        return "clock-warning"
    return "clock-ok"
