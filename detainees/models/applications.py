"""Bail and habeas applications already made for a case, and what the court did with them.

Petitions read them: a new bail petition states that no other application is pending or
decided, or cites the earlier order when bail was refused.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApplicationKind(models.TextChoices):
    BAIL = "bail", _("Bail application (s.497 CrPC)")
    HABEAS = "habeas", _("Habeas corpus petition")
    RELEASE = "release", _("Application for release / quashing")


class ApplicationResult(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    INFRUCTUOUS = "infructuous", _("Disposed of as infructuous")


class Application(models.Model):
    """One application filed in a court for the detainee. No free text: a court's number and
    dates are public record, and nothing here names anyone but the case's own client."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "casework.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="applications")
    kind = models.CharField(max_length=12, choices=ApplicationKind.choices)
    court = models.ForeignKey(
        "detainees.Court", on_delete=models.PROTECT, related_name="applications"
    )
    filed_on = models.DateField(_("date filed"))
    number = models.CharField(
        _("application number"), max_length=60, blank=True, help_text=_("As the court numbered it")
    )
    result = models.CharField(
        max_length=12, choices=ApplicationResult.choices, default=ApplicationResult.PENDING
    )
    order_on = models.DateField(_("date of the order"), null=True, blank=True)
    # Bail granted: the bond the court fixed, then the release order's delivery to the jail
    # or police station (the release itself is a custody change, "released on bail").
    bond_amount = models.PositiveIntegerField(_("bond amount (Rs.)"), null=True, blank=True)
    release_order_delivered_at = models.DateTimeField(
        _("release order delivered at"), null=True, blank=True
    )
    release_order_delivered_to = models.CharField(
        _("release order delivered to"), max_length=200, blank=True,
        help_text=_("e.g. the Superintendent, Central Jail Adiala; the SHO"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["filed_on", "id"]
        indexes = [models.Index(fields=["case", "filed_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} before {self.court}, filed {self.filed_on:%Y-%m-%d}"
