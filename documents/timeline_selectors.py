"""Reads for the validity timeline pages: who is looking, which rules they see, and who
changed a rule, said so that no organisation learns another's people.

The shared timeline decides every organisation's verdicts, so platform staff alone edit
it and every change to it is listed in one change log that every organisation reads. An
organisation's own rules are seen and edited by that organisation alone.
"""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from casework.models import Membership, Role
from documents.models import ValidityRule, ValidityRuleRevision
from documents.selectors import may_edit_shared_timeline

CHANGE_LOG_LENGTH = 200
PLATFORM_STAFF = "Panah platform staff"
ANOTHER_ORGANISATION = "an administrator of another organisation"


@dataclass(frozen=True)
class TimelineViewer:
    user: object
    membership: Membership | None
    edits_shared: bool

    @property
    def organisation_id(self) -> int | None:
        return self.membership.organisation_id if self.membership else None

    @property
    def is_admin(self) -> bool:
        return self.membership is not None and self.membership.role == Role.ADMIN

    def may_create(self, *, shared: bool) -> bool:
        return self.edits_shared if shared else self.is_admin

    def may_edit(self, rule: ValidityRule) -> bool:
        if rule.is_shared:
            return self.edits_shared
        return self.is_admin and rule.organisation_id == self.organisation_id


def timeline_viewer(user) -> TimelineViewer | None:
    """Members of an organisation and platform staff; None for anyone else."""
    if not (user.is_authenticated and user.is_active):
        return None
    membership = Membership.objects.filter(user_id=user.pk).select_related("organisation").first()
    staff = may_edit_shared_timeline(user)
    if membership is None and not staff:
        return None
    return TimelineViewer(user=user, membership=membership, edits_shared=staff)


def _visible(viewer: TimelineViewer) -> QuerySet[ValidityRule]:
    return ValidityRule.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id=viewer.organisation_id)
    )


def timeline_rules(viewer: TimelineViewer) -> QuerySet[ValidityRule]:
    return _visible(viewer).prefetch_related("revisions").order_by("kind", "-valid_from", "-id")


def timeline_rule(viewer: TimelineViewer, public_id: UUID) -> ValidityRule:
    """A rule the viewer may see, or 404 (another organisation's rule does not exist)."""
    rule = _visible(viewer).filter(public_id=public_id).first()
    if rule is None:
        raise Http404
    return rule


def author_for(viewer: TimelineViewer, revision: ValidityRuleRevision) -> str:
    """Who changed a rule, as this viewer may learn it."""
    if revision.changed_by_id is None:
        return revision.changed_by_name  # initial data shipped with Panah
    if viewer.edits_shared or (
        revision.editor_organisation_id is not None
        and revision.editor_organisation_id == viewer.organisation_id
    ):
        return revision.changed_by_name
    if revision.by_platform_staff:
        return PLATFORM_STAFF
    return ANOTHER_ORGANISATION


def _with_authors(viewer: TimelineViewer, revisions) -> list[ValidityRuleRevision]:
    revisions = list(revisions)
    for revision in revisions:
        revision.shown_author = author_for(viewer, revision)
    return revisions


def rule_revisions(viewer: TimelineViewer, rule: ValidityRule) -> list[ValidityRuleRevision]:
    return _with_authors(viewer, rule.revisions.order_by("-number"))


def shared_timeline_changes(viewer: TimelineViewer) -> list[ValidityRuleRevision]:
    """Every change to the shared timeline, newest first: what every organisation relies on."""
    revisions = (
        ValidityRuleRevision.objects.filter(rule__organisation__isnull=True)
        .select_related("rule")
        .order_by("-changed_at", "-id")[:CHANGE_LOG_LENGTH]
    )
    return _with_authors(viewer, revisions)
