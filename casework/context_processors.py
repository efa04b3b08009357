from casework.models import Membership


def membership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    try:
        current = user.membership
    except Membership.DoesNotExist:
        return {"membership": None}
    return {
        "membership": current,
        "unread_notifications": user.notifications.filter(read_at__isnull=True).count(),
    }
