import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.models.identity import DocumentKind


class Certainty(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    UNCERTAIN = "uncertain", _("Uncertain")


class RuleEffect(models.TextChoices):
    EXTENDS = "extends", _("Grants validity for the period")
    ENDS = "ends", _("Declares holders without valid stay from the start date")


class ValidityRule(models.Model):
    """One row of the validity timeline: which documents a decision covers, and when.

    Public law, so shared by every organisation and changed by platform staff only; an
    organisation may add its own rule (``organisation`` set) that overrides the shared
    ones for its cases alone. Edits go through documents.services.validity_rule_save,
    which keeps every earlier version as a ValidityRuleRevision: petitions cite
    revisions, and those must stay readable.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    effect = models.CharField(max_length=8, choices=RuleEffect.choices, default=RuleEffect.EXTENDS)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    decision = models.CharField(
        max_length=300, help_text=_("The decision or notification, as a petition would cite it")
    )
    decided_on = models.DateField(null=True, blank=True)
    source_title = models.CharField(max_length=300)
    source_url = models.URLField(max_length=500, blank=True)
    certainty = models.CharField(max_length=16, choices=Certainty.choices)
    notes = models.TextField(blank=True)
    active = models.BooleanField(
        default=True, help_text=_("Withdrawn rules stay on record but no longer decide coverage")
    )
    notification_number = models.CharField(
        max_length=120, blank=True, help_text=_("The notification's number, where one is known")
    )
    start_assumed = models.BooleanField(
        "start date assumed",
        default=False,
        help_text=_(
            "Tick when no source gives the first day; the verdict then says so and, "
            "before the day the rule is known to apply, stays unknown"
        ),
    )
    known_from = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "With an assumed start: the first day the rule certainly applied (the day "
            "it was decided or reported)"
        ),
    )
    issued_from = models.DateField(
        null=True,
        blank=True,
        help_text=_("Only documents issued on or after this day (e.g. the cards of a renewal)"),
    )
    # Null: the shared rule every organisation uses, edited by platform staff only.
    organisation = models.ForeignKey(
        "casework.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Set for an organisation's own rule, used only by its cases"),
    )

    class Meta:
        ordering = ["kind", "valid_from", "id"]
        indexes = [models.Index(fields=["kind", "valid_from", "valid_until"])]
        permissions = [("edit_shared_timeline", "Can edit the shared validity timeline")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.decision}"

    @property
    def is_shared(self) -> bool:
        return self.organisation_id is None


class ValidityRuleRevision(models.Model):
    """A frozen copy of a rule as it stood after one change, with who changed it and why."""

    rule = models.ForeignKey(ValidityRule, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    effect = models.CharField(max_length=8, choices=RuleEffect.choices)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=300)
    decided_on = models.DateField(null=True, blank=True)
    source_title = models.CharField(max_length=300)
    source_url = models.URLField(max_length=500, blank=True)
    certainty = models.CharField(max_length=16, choices=Certainty.choices)
    notes = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    notification_number = models.CharField(max_length=120, blank=True)
    start_assumed = models.BooleanField(default=False)
    known_from = models.DateField(null=True, blank=True)
    issued_from = models.DateField(null=True, blank=True)
    # Who changed it, as others may see it: another organisation's members never learn
    # an editor's name, only "platform staff" or "another organisation".
    by_platform_staff = models.BooleanField(default=False)
    editor_organisation = models.ForeignKey(
        "casework.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_by_name = models.CharField(max_length=150, blank=True)
    reason = models.TextField()
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["rule_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "number"], name="one_revision_number_per_rule")
        ]

    def __str__(self) -> str:
        return f"{self.decision} (revision {self.number})"
