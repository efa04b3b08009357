"""Reads for petitions and their templates. Petitions are always reached through a case."""

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404

from casework.models import Case, Role
from casework.selectors import membership_of, user_may
from documents.models import (
    Petition,
    PetitionBatch,
    PetitionState,
    PetitionTemplate,
    PetitionTemplateVersion,
)


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


def template_for_admin(user, template_id: int) -> PetitionTemplate:
    """An organisation admin's view of a template: global or their own override, else 404."""
    membership = membership_of(user)
    if membership.role != Role.ADMIN:
        raise Http404
    template = (
        PetitionTemplate.objects.filter(
            Q(organisation__isnull=True) | Q(organisation_id=membership.organisation_id),
            pk=template_id,
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


def petition_for_case(case: Case, petition_id: int) -> Petition:
    """A petition of this case, which the caller got through case_for_user; else 404."""
    petition = (
        case.petitions.select_related(
            "version__template",
            "case__organisation",
            "case__lead_lawyer",
            "drafted_by",
            "approved_by",
            "batch",
        )  # fmt: skip
        .filter(pk=petition_id)
        .first()
    )
    if petition is None:
        raise Http404
    petition.case = case
    return petition


def may_approve(user, petition: Petition) -> bool:
    """Four eyes: a supervisor, or a lawyer granted approval on the case, who neither
    drafted nor edited the text being approved."""
    return not approval_refusal(user, petition)


def approval_refusal(user, petition: Petition) -> str:
    """Why ``user`` may not approve (or return) ``petition``, or "" if they may.

    The one place the four-eyes rule lives: the pages ask ``may_approve``, the services
    raise this message.
    """
    if user.pk == petition.drafted_by_id or petition.editors.filter(pk=user.pk).exists():
        return "A petition must be approved by someone who neither drafted nor edited it."
    role = membership_of(user).role
    if role == Role.SUPERVISOR or (
        role == Role.LAWYER and user_may(user, petition.case, "approve_petition")
    ):
        return ""
    return (
        "Only a supervisor, or a lawyer allowed to approve petitions on this case, may "
        "approve or return it."
    )


def batch_for_user(user, batch_id: int) -> PetitionBatch:
    """Batches span many cases: only supervisors and admins of the organisation see them."""
    membership = membership_of(user)
    if not membership.sees_whole_organisation:
        raise Http404
    batch = (
        PetitionBatch.objects.filter(organisation_id=membership.organisation_id, pk=batch_id)
        .select_related("incident", "template", "created_by")
        .first()
    )
    if batch is None:
        raise Http404
    return batch


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
    return {
        "total": total,
        "ready": done,
        "counts": counts,
        "percent": round(100 * done / total) if total else 0,
        "failed": failed,
        "in_review": counts.get(PetitionState.IN_REVIEW, 0),
        "finished": total > 0 and done + len(failed) == total,
        "last_rendered": batch.petitions.aggregate(last=Max("rendered_at"))["last"],
    }
