"""Risk screening for non-refoulement: who would be in grave danger if returned.

Which risk groups apply, ethnicity, religion, sexual orientation and gender identity,
affiliations and the notes are special-category data: encrypted at the field level
(casework/crypto.py), shown only to the case team and supervisors, and every read is
audited. The risk level and referrals stay in clear so the case list can order by risk and
supervisors can follow referrals; neither names a group.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.crypto import EncryptedTextField


class RiskGroup(models.TextChoices):
    WOMAN_WITHOUT_GUARDIAN = "woman_without_guardian", _("Woman or girl without a male guardian")
    LGBTQI = "lgbtqi", _("LGBTQI+")
    JOURNALIST_HRD = "journalist_hrd", _("Journalist or human-rights defender")
    MINORITY = "minority", _("Ethnic or religious minority (e.g. Hazara)")
    FORMER_GOVERNMENT = "former_government", _("Linked to the former government or its forces")
    FOREIGN_LINKS = (
        "foreign_links",
        _("Worked with international organisations or foreign forces"),
    )
    OTHER = "other", _("Other")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class RiskScreening(models.Model):
    """At most one per case, created only when someone screens the case."""

    organisation = models.ForeignKey(
        "casework.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.OneToOneField(
        "casework.Case", on_delete=models.CASCADE, related_name="risk_screening"
    )
    level = models.CharField(_("risk level"), max_length=8, choices=RiskLevel.choices)
    # Comma-separated RiskGroup values, encrypted: the groups themselves are sensitive.
    groups = EncryptedTextField("risk groups", blank=True)
    ethnicity = EncryptedTextField(blank=True)
    religion = EncryptedTextField(blank=True)
    sogi = EncryptedTextField("sexual orientation and gender identity", blank=True)
    affiliations = EncryptedTextField(
        blank=True,
        help_text=_(
            "Former government or forces, foreign forces, international organisations, journalism"
        ),
    )
    notes = EncryptedTextField("risk notes", blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    screened_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Risk screening of case {self.case_id}: {self.level}"

    @property
    def group_list(self) -> list[str]:
        return [g for g in self.groups.split(",") if g]

    @property
    def group_labels(self) -> list[str]:
        labels = dict(RiskGroup.choices)
        return [labels.get(g, g) for g in self.group_list]


class ReferralBody(models.TextChoices):
    UNHCR = "unhcr", _("UNHCR")
    RESETTLEMENT_AUSTRALIA = "resettle_au", _("Resettlement: Australia")
    RESETTLEMENT_CANADA = "resettle_ca", _("Resettlement: Canada")
    RESETTLEMENT_GERMANY = "resettle_de", _("Resettlement: Germany")
    RESETTLEMENT_UK = "resettle_uk", _("Resettlement: United Kingdom")
    RESETTLEMENT_USA = "resettle_us", _("Resettlement: United States")
    OTHER = "other", _("Other")


class ReferralStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CLOSED = "closed", _("Closed")


class Referral(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "casework.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="referrals")
    body = models.CharField(_("referred to"), max_length=16, choices=ReferralBody.choices)
    status = models.CharField(
        max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.PLANNED
    )
    referred_on = models.DateField(_("date referred"), null=True, blank=True)
    status_on = models.DateField(_("date of the latest status"), null=True, blank=True)
    their_reference = models.CharField(
        _("their reference"), max_length=80, blank=True, help_text=_("e.g. a UNHCR case number")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-referred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_body_display()} ({self.get_status_display()})"
