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


@register.filter
def user_name(user, missing: str = "—") -> str:
    """A colleague's full name, else username; ``missing`` when there is nobody."""
    if user is None:
        return missing
    return user.get_full_name() or user.username


@register.filter
def stage_label(stage: str) -> str:
    """A derived stage (see panah/selectors.py) as words."""
    from casework.models import Stage

    try:
        return str(Stage(stage).label)
    except ValueError:
        return ""


@register.simple_tag
def request_limits():
    """The body limits the server enforces, for static/js/size-guard.js."""
    from django.conf import settings
    from django.utils.html import format_html

    return format_html(
        '<meta name="request-limits" data-text-bytes="{}" data-total-bytes="{}">',
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        settings.REQUEST_MAX_BYTES,
    )
