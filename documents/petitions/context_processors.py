from django.utils.functional import SimpleLazyObject

from casework.models import Membership
from documents.petitions.queues import queue_counts


def petition_queues(request):
    """The header's "awaiting my approval" and "returned to me" counts: one query, and
    only when a page shows the header (fragments that poll do not)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    try:
        membership = user.membership
    except Membership.DoesNotExist:
        return {}
    return {"petition_queues": SimpleLazyObject(lambda: queue_counts(membership))}
