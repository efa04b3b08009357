"""Courts, hearings and the private calendar feed that lists a lawyer's hearings."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CourtLevel(models.TextChoices):
    # The court ladder of domain.md, lowest first.
    JUDICIAL_MAGISTRATE = "judicial_magistrate", _("Judicial Magistrate")
    SESSIONS = "sessions", _("Sessions Court")
    HIGH_COURT = "high_court", _("High Court")
    SUPREME_COURT = "supreme_court", _("Supreme Court")


class Court(models.Model):
    """A court and its seat. Shared by every organisation: courts are public facts.

    Seeded by a data migration; superusers add more in the Django admin.
    """

    name = models.CharField(max_length=200, unique=True)
    level = models.CharField(max_length=24, choices=CourtLevel.choices)
    seat = models.CharField(max_length=80, help_text=_("City where the court sits"))
    district = models.CharField(
        max_length=80,
        blank=True,
        help_text=_("Judicial district, e.g. Islamabad (East)"),
    )
    province = models.CharField(max_length=80, blank=True)
    # How an Urdu petition heads the court, e.g. "جوڈیشل مجسٹریٹ، اسلام آباد (شرقی)".
    name_ur = models.CharField(_("name in Urdu"), max_length=200, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["seat", "level", "name"]

    def __str__(self) -> str:
        return self.name


class PoliceAuthority(models.Model):
    """The respondent police authority of a province, as petitions name it. Public facts,
    shared by every organisation: seeded by a data migration, kept by platform staff in the
    Django admin when a title or seat changes."""

    province = models.CharField(max_length=80, unique=True)
    name = models.CharField(
        max_length=200, help_text=_("e.g. The Inspector General of Police, Punjab, Lahore")
    )
    name_ur = models.CharField(_("name in Urdu"), max_length=200, blank=True)

    class Meta:
        ordering = ["province"]
        verbose_name_plural = _("police authorities")

    def __str__(self) -> str:
        return self.name


class HearingPurpose(models.TextChoices):
    REMAND = "remand", _("Remand")
    BAIL = "bail", _("Bail")
    HABEAS_CORPUS = "habeas_corpus", _("Habeas corpus")
    TRIAL = "trial", _("Trial")
    DEPORTATION = "deportation", _("Deportation")
    OTHER = "other", _("Other")


class Hearing(models.Model):
    """One listing of a case before a court. ``result`` stays empty until someone records it."""

    organisation = models.ForeignKey(
        "casework.Organisation", on_delete=models.PROTECT, related_name="hearings"
    )
    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="hearings")
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="hearings")
    # What its pages are addressed by: ids are sequential, and guessable.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    judge = models.CharField(max_length=200, blank=True, help_text=_("As named on the cause list"))
    starts_at = models.DateTimeField(_("date and time"))
    purpose = models.CharField(max_length=16, choices=HearingPurpose.choices)
    attending = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="attended_hearings"
    )
    result = models.TextField(blank=True, help_text=_("What the court did"))
    result_recorded_at = models.DateTimeField(null=True, blank=True)
    next_date = models.DateField(_("next date"), null=True, blank=True)
    order_file = models.ForeignKey(
        "documents.StoredFile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("court order"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "starts_at"]),
            models.Index(fields=["case", "starts_at"]),
        ]
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} before {self.court} at {self.starts_at:%Y-%m-%d %H:%M}"


class CalendarFeed(models.Model):
    """A user's private iCalendar feed. Only a hash of the token is kept, so a copy of the
    database does not hand out working feed URLs; issuing a new token replaces the hash."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
