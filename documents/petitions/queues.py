"""The approval queues: petitions awaiting my approval, and my drafts returned to me.

Both are one condition on the organisation's petitions, used by the queue pages and by
the counts in the page header (read with the header's other counts in one query).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from casework.models import Membership
from casework.selectors import cases_visible_to
from documents.models import Petition, PetitionState

# The detention too: a petition overtaken by a release is flagged in the queue.
QUEUE_RELATED = ("case__person", "case__detention", "version__template", "drafted_by")


def _awaiting(membership: Membership) -> Q | None:
    """In review, and ``Membership.approval_refusal`` would let this member approve it:
    not drafted or edited by them; a supervisor, or a lawyer granted approval."""
    if not (membership.is_supervisor or membership.is_lawyer):
        return None
    edited = Petition.editors.through.objects.filter(
        petition_id=OuterRef("pk"), user_id=membership.user_id
    )
    condition = (
        Q(state=PetitionState.IN_REVIEW) & ~Q(drafted_by_id=membership.user_id) & ~Exists(edited)
    )
    if membership.is_lawyer and not membership.approves_petitions:
        condition &= Q(case__in=cases_visible_to(membership.user, "approve_petition"))
    return condition


def _returned(membership: Membership) -> Q:
    return Q(state=PetitionState.DRAFT, drafted_by_id=membership.user_id) & ~Q(review_comment="")


def _of_organisation(membership: Membership) -> QuerySet[Petition]:
    return Petition.objects.filter(organisation_id=membership.organisation_id)


def awaiting_my_approval(membership: Membership) -> QuerySet[Petition]:
    condition = _awaiting(membership)
    if condition is None:
        return Petition.objects.none()
    return (
        _of_organisation(membership)
        .filter(condition)
        .select_related(*QUEUE_RELATED)
        .order_by("created_at", "id")
    )


def returned_to_me(membership: Membership) -> QuerySet[Petition]:
    return (
        _of_organisation(membership)
        .filter(_returned(membership))
        .select_related(*QUEUE_RELATED)
        .order_by("created_at", "id")
    )


def awaiting_rows(membership: Membership) -> QuerySet[Petition] | None:
    """For the header's count (``casework.registry.register_header_count``)."""
    condition = _awaiting(membership)
    return None if condition is None else _of_organisation(membership).filter(condition)


def returned_rows(membership: Membership) -> QuerySet[Petition]:
    return _of_organisation(membership).filter(_returned(membership))
