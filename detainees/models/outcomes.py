"""Outcomes as history: every recorded outcome stays, so supervisors can review each one."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models import Outcome


class CaseOutcome(models.Model):
    """An outcome of a case, the date it happened and the hearing or event that produced it.

    The case row carries the latest one (``Case.outcome``) for lists and filters;
    ``detainees.outcomes.outcome_record`` keeps both in step.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "casework.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="outcomes")
    outcome = models.CharField(max_length=32, choices=Outcome.choices)
    occurred_at = models.DateTimeField(_("when it happened"))
    hearing = models.ForeignKey(
        "detainees.Hearing",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcomes",
    )
    source = models.CharField(
        _("how it happened"),
        max_length=300,
        blank=True,
        help_text=_(
            "The event behind it when there was no hearing, e.g. 'family saw him at Torkham'"
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "reviewed_at", "recorded_at"]),
            models.Index(fields=["case", "occurred_at"]),
        ]
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_outcome_display()} ({self.occurred_at:%Y-%m-%d})"
