import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    POR_CARD = "por", _("PoR card (Proof of Registration)")
    POR_FAMILY = "por_family", _("PoR family certificate")
    ACC = "acc", _("Afghan Citizen Card (ACC)")
    UNHCR_ASYLUM_SEEKER = "unhcr_asylum", _("UNHCR asylum-seeker certificate")
    UNHCR_REFUGEE = "unhcr_refugee", _("UNHCR refugee certificate")
    PASSPORT = "passport", _("Passport")
    VISA = "visa", _("Pakistani visa")
    TAZKIRA = "tazkira", _("Tazkira")
    OTHER = "other", _("Other")


# A PoR family certificate carries the same validity dates as the PoR card.
RULE_KIND = {DocumentKind.POR_FAMILY: DocumentKind.POR_CARD}


def rule_kind(kind: str) -> str:
    """The kind whose validity rules apply to documents of ``kind``."""
    return RULE_KIND.get(kind, kind)


class IdentityDocument(models.Model):
    """A paper a detainee holds. Coverage and verification status are derived, never stored."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "casework.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "detainees.Person", on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    number = models.CharField(_("number as printed"), max_length=64, blank=True)
    # Spaces and dashes stripped, upper case: what the duplicate check compares.
    number_normalised = models.CharField(max_length=64, blank=True, db_index=True)
    issued_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(_("printed expiry"), null=True, blank=True)
    name_as_printed = models.CharField(max_length=200, blank=True)
    original_seen = models.BooleanField(_("original seen"), default=False)
    scans = models.ManyToManyField("documents.StoredFile", blank=True, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["organisation", "number_normalised"])]

    def __str__(self) -> str:
        label = self.get_kind_display()
        return f"{label} {self.number}".strip()


class NumberPattern(models.Model):
    """An organisation's optional format for a kind's numbers. Breaking it only warns."""

    organisation = models.ForeignKey(
        "casework.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    pattern = models.CharField(
        max_length=200,
        help_text=_(
            "A regular expression the normalised number should match in full, "
            r"e.g. [A-Z]{2}\d{7}"
        ),
    )
    description = models.CharField(max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="one_pattern_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.pattern}"


class VerificationMethod(models.TextChoices):
    ORIGINAL_INSPECTED = "original", _("Original inspected")
    COPY_ONLY = "copy", _("Copy only")
    UNHCR = "unhcr", _("UNHCR confirmation")
    NADRA = "nadra", _("NADRA check")
    OTHER = "other", _("Other")


class VerificationResult(models.TextChoices):
    GENUINE = "genuine", _("Genuine")
    NOT_GENUINE = "not_genuine", _("Not genuine")
    COULD_NOT_VERIFY = "could_not_verify", _("Could not verify")


class VerificationAttempt(models.Model):
    document = models.ForeignKey(
        IdentityDocument, on_delete=models.PROTECT, related_name="verifications"
    )
    method = models.CharField(max_length=16, choices=VerificationMethod.choices)
    result = models.CharField(max_length=16, choices=VerificationResult.choices)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(default=timezone.now)
    notes = models.TextField(blank=True)
    evidence = models.ManyToManyField("documents.StoredFile", blank=True, related_name="+")

    class Meta:
        ordering = ["-checked_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()}: {self.get_result_display()}"
