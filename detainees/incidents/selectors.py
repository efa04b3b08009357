"""Reads for incidents (raids) and bulk intake.

Who sees an incident: supervisors and admins of its organisation, whoever logged it, and
members who can see at least one case linked to it. A colleague with no case in a raid
gets 404 like for a case: the report names a community contact, and the list of people
taken is itself sensitive. On an incident page a member sees only the linked cases they
could open anyway, never a count or trace of the others.
"""

from uuid import UUID

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from casework.models import Case
from casework.selectors import cases_visible_to, membership_of
from detainees.models import Incident
from detainees.risk.selectors import urgent_risk


def incidents_visible_to(user) -> QuerySet[Incident]:
    membership = membership_of(user)
    scoped = Incident.objects.filter(organisation_id=membership.organisation_id)
    if membership.sees_whole_organisation:
        return scoped
    linked = cases_visible_to(user).filter(detention__incident=OuterRef("pk"))
    return scoped.filter(Q(created_by=user) | Q(Exists(linked)))


def incident_for_user(user, public_id: UUID) -> Incident:
    """404 alike for an incident that is missing, of another organisation, or not yours.

    Pages and the API name an incident by its random public id: ids are sequential, and
    guessable."""
    incident = (
        incidents_visible_to(user).select_related("created_by").filter(public_id=public_id).first()
    )
    if incident is None:
        raise Http404
    return incident


def incident_list(user) -> QuerySet[Incident]:
    """Incidents, newest first, each with the number of linked cases this user can open."""
    counted = (
        cases_visible_to(user)
        .filter(detention__incident=OuterRef("pk"))
        .order_by()
        .values("detention__incident")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return incidents_visible_to(user).annotate(
        visible_cases=Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    )


def incident_cases(user, incident: Incident) -> QuerySet[Case]:
    """The raid's cases this user may open: high risk and still held first, as in the case
    list, then by reference."""
    return (
        cases_visible_to(user)
        .filter(detention__incident=incident)
        .select_related("person", "detention", "lead_lawyer")
        .annotate(urgent_risk=urgent_risk())
        .order_by("-urgent_risk", "reference")
    )
