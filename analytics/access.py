"""Who reaches the supervisors' pages: supervisors and admins of an organisation; for
anyone else the pages do not exist (404, as every page outside one's reach)."""

from django.http import Http404

from casework.models import Membership
from casework.selectors import membership_of


def supervising_membership(user) -> Membership:
    membership = membership_of(user)
    if not membership.sees_whole_organisation:
        raise Http404
    return membership
