"""Petition templates (versioned, global or per organisation), petitions and batches."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    URDU = "ur", _("Urdu")


class OfferedWhen(models.TextChoices):
    """When a case is offered a template: a remedy that cannot lie is not offered."""

    ALWAYS = "always", _("Always")
    BAIL = "bail", _("An FIR is registered and the client is in custody")
    BAIL_AFTER_REFUSAL = "bail_after_refusal", _("Bail was refused by a lower court")
    HABEAS = "habeas", _("Detention not regularised (no FIR or remand), holding centre or unknown")
    RELEASE = "release", _("A registration document is established as valid on the arrest date")
    UNHCR_CONSENT = "unhcr_consent", _("The client's consent to contact UNHCR is recorded")


class PetitionTemplate(models.Model):
    """A kind of petition in one language. ``organisation`` empty means a global template;
    an organisation's template with the same key and language overrides the global one."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "casework.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petition_templates",
    )
    key = models.SlugField(max_length=64)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    default_court = models.CharField(max_length=200, blank=True)
    # The court level a draft is addressed to, to suggest a court of the case's district.
    default_level = models.CharField(max_length=24, blank=True)
    offered_when = models.CharField(
        max_length=24, choices=OfferedWhen.choices, default=OfferedWhen.ALWAYS
    )
    for_review_by_counsel = models.BooleanField(
        default=True, help_text=_("Seeded wording that Pakistani counsel has not yet reviewed")
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["key", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key", "language"], name="petition_template_unique"
            ),
            models.UniqueConstraint(
                fields=["key", "language"],
                condition=Q(organisation__isnull=True),
                name="global_petition_template_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_language_display()})"


class PetitionTemplateVersion(models.Model):
    """HTML and CSS with Django template syntax. Once a petition uses a version it is never
    changed again: editing creates the next version (documents.petitions.services)."""

    template = models.ForeignKey(
        PetitionTemplate, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField()
    html = models.TextField()
    css = models.TextField(blank=True)
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["template_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"


class PetitionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Rendering failed")
    FILED = "filed", _("Filed")


class PetitionBatch(models.Model):
    """One petition per detainee of an incident, all from the same template."""

    organisation = models.ForeignKey(
        "casework.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    incident = models.ForeignKey(
        "detainees.Incident", on_delete=models.PROTECT, related_name="petition_batches"
    )
    template = models.ForeignKey(PetitionTemplate, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # In URLs instead of the sequential id, which would tell how many batches exist.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.template} for {self.incident}"


class Petition(models.Model):
    organisation = models.ForeignKey(
        "casework.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="petitions")
    version = models.ForeignKey(
        PetitionTemplateVersion, on_delete=models.PROTECT, related_name="petitions"
    )
    batch = models.ForeignKey(
        PetitionBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="petitions"
    )
    state = models.CharField(
        max_length=16, choices=PetitionState.choices, default=PetitionState.DRAFT
    )
    # Plain values from documents.petitions.context.petition_context, frozen at drafting
    # so that later edits to the case do not silently change a petition.
    context = models.JSONField(default=dict)
    context_taken_at = models.DateTimeField(default=timezone.now)
    court = models.CharField(max_length=200)
    # The court record behind ``court``: its seat, district and province head the petition
    # and name the respondent police authority of the right province.
    forum = models.ForeignKey(
        "detainees.Court", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    facts = models.TextField(blank=True)
    grounds = models.TextField(blank=True)
    prayer_additions = models.TextField(blank=True)
    annexures = models.ManyToManyField(
        "documents.StoredFile", through="PetitionAnnexure", blank=True, related_name="+"
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Everyone who drafted, edited or re-snapshotted the text: none of them may approve it.
    editors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    review_comment = models.TextField(blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    render_token = models.CharField(max_length=32, blank=True)
    # When the PDF was asked for: the page shows how long it has waited. The render itself
    # is an outbox message, keyed by the token.
    render_requested_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.TextField(blank=True)
    pdf = models.FileField(upload_to="petitions/", max_length=200, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_pages = models.PositiveIntegerField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    filed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # In URLs, beside the case reference: sequential ids would be guessable.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["case", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.version.template.title} for {self.case_id}"

    @property
    def failure_reason_shown(self) -> str:
        """Why the PDF could not be made, in the reader's language: the worker stores the
        fixed sentences untranslated (it cannot know who will read them)."""
        return gettext(self.failure_reason) if self.failure_reason else ""

    def editor_ids(self) -> set[int]:
        """Who drafted, edited or re-snapshotted the text; prefetched on list pages."""
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        if "editors" in prefetched:
            return {user.pk for user in prefetched["editors"]}
        return set(self.editors.values_list("pk", flat=True))


class PetitionAnnexure(models.Model):
    """A case file attached to a petition, in order: the first is Annexure A."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="+")
    file = models.ForeignKey("documents.StoredFile", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "file"], name="annexure_once_per_petition")
        ]

    def __str__(self) -> str:
        return self.title


class DigitSystem(models.TextChoices):
    URDU = "urdu", _("Urdu digits (۱۲۳)")
    WESTERN = "western", _("Western digits (123)")


class PetitionSettings(models.Model):
    """How an organisation's Urdu petitions are printed. Absent means the defaults."""

    organisation = models.OneToOneField(
        "casework.Organisation", on_delete=models.CASCADE, related_name="petition_settings"
    )
    urdu_digits = models.CharField(
        _("digits in Urdu petitions"), max_length=8, choices=DigitSystem.choices,
        default=DigitSystem.URDU,
        help_text=_("One system throughout: dates, FIR numbers, sections and page numbers."),
    )  # fmt: skip
    letterhead_ur = models.TextField(
        _("letterhead in Urdu"), blank=True, help_text=_("Printed at the top of Urdu petitions.")
    )
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Petition settings of {self.organisation}"


class AdvocateProfile(models.Model):
    """What a petition's advocate block needs: enrolment and office. Edited by the member."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="advocate_profile"
    )
    name_ur = models.CharField(_("name in Urdu"), max_length=150, blank=True)
    enrolment_number = models.CharField(
        _("enrolment number"), max_length=60, blank=True,
        help_text=_("As on the Bar Council licence, e.g. 'Advocate High Court, ICTBC/1234'"),
    )  # fmt: skip
    bar_council = models.CharField(
        max_length=120, blank=True, help_text=_("e.g. Islamabad Bar Council")
    )
    office_address = models.TextField(_("office address"), blank=True)
    phone = models.CharField(_("office phone"), max_length=32, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Advocate details of {self.user}"
