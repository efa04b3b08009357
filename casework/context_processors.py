from django.db.models import IntegerField, Subquery

from casework.models import Membership, Notification
from casework.registry import header_counts


class _Count(Subquery):
    """COUNT(*) of a queryset, as a scalar subquery beside others in one query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _rows)"
    output_field = IntegerField()


def membership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    try:
        current = user.membership
    except Membership.DoesNotExist:
        return {"membership": None}
    rows = {
        "unread_notifications": Notification.objects.filter(recipient=user, read_at__isnull=True)
    }
    for name, count_rows in header_counts.items():
        if (counted := count_rows(current)) is not None:
            rows[name] = counted
    # One query for every count in the header, however many features add one.
    counts = (
        Membership.objects.filter(pk=current.pk)
        .values(**{name: _Count(qs.order_by().values("pk")) for name, qs in rows.items()})
        .get()
    )
    return {
        "membership": current,
        "unread_notifications": counts["unread_notifications"],
        "header_counts": {name: counts.get(name, 0) for name in header_counts},
    }
