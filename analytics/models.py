import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportState(models.TextChoices):
    RENDERING = "rendering", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be prepared")


class MonthlyReport(models.Model):
    """The month's figures as a PDF for boards and donors: aggregates only, never a name,
    so retention has nothing to wipe here. One per organisation and month; asking again
    renders it anew with the figures of that moment."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "casework.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(help_text=_("The first day of the month reported on"))
    state = models.CharField(
        max_length=16, choices=ReportState.choices, default=ReportState.RENDERING
    )
    render_token = models.CharField(max_length=32, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    pdf = models.FileField(upload_to="reports/", max_length=200, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "month"], name="one_monthly_report_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"Monthly report {self.month:%B %Y}"
