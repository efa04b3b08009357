"""Reads for petitions and their templates. Petitions are always reached through a case."""

import uuid
from datetime import timedelta

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from casework.models import Case
from casework.selectors import (
    CaseAccess,
    case_for_user,
    cases_visible_to,
    membership_of,
    user_may,
)
from documents.models import (
    Petition,
    PetitionBatch,
    PetitionState,
    PetitionTemplate,
    PetitionTemplateVersion,
)

# A render normally starts within seconds: after this long the page offers "Render again"
# and a batch's "Retry" includes it.
RENDER_AGAIN_AFTER = timedelta(minutes=1)


def templates_for_organisation(organisation) -> list[PetitionTemplate]:
    """Global templates, each replaced by the organisation's override where one exists."""
    rows = PetitionTemplate.objects.filter(
        Q(organisation__isnull=True) | Q(organisation=organisation)
    ).order_by("key", "language", "organisation_id")
    chosen: dict[tuple[str, str], PetitionTemplate] = {}
    for template in rows:
        slot = (template.key, template.language)
        if slot not in chosen or template.organisation_id is not None:
            chosen[slot] = template
    return sorted(chosen.values(), key=lambda t: (t.title.lower(), t.language))


def template_for(organisation, key: str, language: str = "en") -> PetitionTemplate | None:
    return next(
        (
            t
            for t in templates_for_organisation(organisation)
            if t.key == key and t.language == language
        ),
        None,
    )


def template_for_admin(user, template_id: uuid.UUID) -> PetitionTemplate:
    """An organisation admin's view of a template: global or their own override, else 404."""
    membership = membership_of(user)
    if not membership.is_admin:
        raise Http404
    template = (
        PetitionTemplate.objects.filter(
            Q(organisation__isnull=True) | Q(organisation_id=membership.organisation_id),
            public_id=template_id,
        )
        .select_related("organisation")
        .first()
    )
    if template is None:
        raise Http404
    return template


def latest_version(template: PetitionTemplate) -> PetitionTemplateVersion | None:
    return template.versions.order_by("-number").first()


def template_versions(template: PetitionTemplate) -> QuerySet[PetitionTemplateVersion]:
    return template.versions.select_related("created_by").annotate(uses=Count("petitions"))


def case_petitions(case: Case) -> QuerySet[Petition]:
    return case.petitions.select_related("version__template", "drafted_by", "approved_by")


def petition_for_case(case: Case, public_id) -> Petition:
    """A petition of this case by its public id (the API), which the caller got through
    case_for_user; else 404. Pages use ``petition_for_user``."""
    return _one_petition(case, public_id=_public_id(public_id))


PETITION_RELATED = (
    "version__template", "case__organisation", "case__lead_lawyer", "case__detention",
    "drafted_by", "approved_by", "batch", "forum",
)  # fmt: skip


def _one_petition(case: Case, **lookup) -> Petition:
    petition = case.petitions.select_related(*PETITION_RELATED).filter(**lookup).first()
    if petition is None:
        raise Http404
    petition.case = case
    return petition


def _public_id(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def petition_for_user(user, reference: str, public_id) -> Petition:
    """The one access helper for petition pages: the case through ``case_for_user``, then
    its petition by public id; 404 for missing and not yours alike.

    A lawyer who approves petitions organisation-wide reaches, besides the cases they are
    on, a petition awaiting approval (or one they approved) to read and decide it; the
    case comes with no other right on it.
    """
    public_id = _public_id(public_id)
    try:
        case = case_for_user(user, reference)
    except Http404:
        membership = membership_of(user)
        if not (membership.is_lawyer and membership.approves_petitions):
            raise
        case = (
            Case.objects.filter(
                Q(petitions__state=PetitionState.IN_REVIEW) | Q(petitions__approved_by=user),
                organisation_id=membership.organisation_id,
                reference=reference,
                petitions__public_id=public_id,
            )  # fmt: skip
            .select_related("person", "detention", "lead_lawyer", "organisation")
            .first()
        )
        if case is None:
            raise Http404 from None
        case.access = CaseAccess(membership=membership, granted=frozenset())
    return _one_petition(case, public_id=public_id)


def may_approve(user, petition: Petition) -> bool:
    """Four eyes (``Membership.approval_refusal``), asked by the pages."""
    return not approval_refusal(user, petition)


def approval_refusal(user, petition: Petition) -> str:
    """Why ``user`` may not approve (or return) ``petition``, or "" if they may; the
    services raise this message. The rule itself is ``Membership.approval_refusal``."""
    membership = membership_of(user)
    granted = membership.is_lawyer and user_may(user, petition.case, "approve_petition")
    return membership.approval_refusal(petition, granted_on_case=granted)


def batch_for_user(user, public_id) -> PetitionBatch:
    """Batches span many cases: supervisors and admins of the organisation see them, and
    a lawyer who approves petitions organisation-wide, to approve them."""
    membership = membership_of(user)
    if not (
        membership.sees_whole_organisation
        or (membership.is_lawyer and membership.approves_petitions)
    ):
        raise Http404
    batch = (
        PetitionBatch.objects.filter(
            organisation_id=membership.organisation_id, public_id=_public_id(public_id)
        )
        .select_related("incident", "template", "created_by")
        .first()
    )
    if batch is None:
        raise Http404
    return batch


def batch_petitions(batch: PetitionBatch, user) -> list[Petition]:
    """The batch's petitions, each with ``may_approve`` for ``user``: a constant number of
    queries (editors prefetched, the user's approval grants read once)."""
    membership = membership_of(user)
    petitions = list(
        batch.petitions.select_related("case__person", "drafted_by", "version__template")
        .prefetch_related("editors")
        .order_by("case__reference")
    )
    granted: set[int] = set()
    if membership.is_lawyer and not membership.approves_petitions:
        granted = set(
            cases_visible_to(user, "approve_petition")
            .filter(pk__in=[p.case_id for p in petitions])
            .values_list("pk", flat=True)
        )
    for petition in petitions:
        petition.may_approve = petition.state == PetitionState.IN_REVIEW and (
            membership.may_approve(petition, granted_on_case=petition.case_id in granted)
        )
    return petitions


def incident_batches(incident) -> QuerySet[PetitionBatch]:
    """Earlier batches of a raid; the caller already passed incident_for_user."""
    return PetitionBatch.objects.filter(
        incident=incident, organisation_id=incident.organisation_id
    ).select_related("template", "created_by")


def batch_progress(batch: PetitionBatch) -> dict:
    counts = dict(
        batch.petitions.order_by()
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    total = sum(counts.values())
    done = counts.get(PetitionState.READY, 0) + counts.get(PetitionState.FILED, 0)
    failed = list(
        batch.petitions.filter(state=PetitionState.FAILED)
        .select_related("case__person")
        .order_by("case__reference")
    )
    stuck = batch.petitions.filter(
        Q(render_requested_at__isnull=True)
        | Q(render_requested_at__lt=timezone.now() - RENDER_AGAIN_AFTER),
        state=PetitionState.RENDERING,
    ).count()
    return {
        "total": total,
        "ready": done,
        "counts": counts,
        "percent": round(100 * done / total) if total else 0,
        "failed": failed,
        "stuck": stuck,
        "in_review": counts.get(PetitionState.IN_REVIEW, 0),
        "finished": total > 0 and done + len(failed) == total,
        "last_rendered": batch.petitions.aggregate(last=Max("rendered_at"))["last"],
    }


def render_waiting_since(petition: Petition):
    """How long the PDF has been awaited, or None when nothing is awaited."""
    if petition.state != PetitionState.RENDERING or petition.render_requested_at is None:
        return None
    return timezone.now() - petition.render_requested_at


def render_may_be_stuck(petition: Petition) -> bool:
    waited = render_waiting_since(petition)
    return petition.state == PetitionState.RENDERING and (
        waited is None or waited >= RENDER_AGAIN_AFTER
    )
