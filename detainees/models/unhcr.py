"""Requests to UNHCR to verify a client's registration: consent, sending, the answer.

A "verified" answer is what lets a petition cite Rahil Azizi v. The State; no request is
sent, nor the letter drafted, without the client's recorded consent.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ConsentHow(models.TextChoices):
    SIGNED = "signed", _("Signed consent form")
    THUMB = "thumb", _("Thumb impression on the consent form")
    ORAL = "oral", _("Oral consent before a witness")


class UnhcrChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")
    IN_PERSON = "in_person", _("In person")
    HOTLINE = "hotline", _("Hotline")


class UnhcrAnswer(models.TextChoices):
    VERIFIED = "verified", _("Verified")
    NOT_FOUND = "not_found", _("Not found in UNHCR's records")
    OTHER = "other", _("Other answer")


class UnhcrRequest(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "casework.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "casework.Case", on_delete=models.CASCADE, related_name="unhcr_requests"
    )
    consent_given_by = models.CharField(
        _("consent given by"), max_length=200, blank=True,
        help_text=_("The client, or who consented for a minor"),
    )  # fmt: skip
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_how = models.CharField(
        _("how consent was given"), max_length=12, choices=ConsentHow.choices, blank=True
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    channel = models.CharField(max_length=12, choices=UnhcrChannel.choices, blank=True)
    answer = models.CharField(max_length=12, choices=UnhcrAnswer.choices, blank=True)
    answered_on = models.DateField(_("answer received on"), null=True, blank=True)
    their_reference = models.CharField(_("UNHCR's reference"), max_length=100, blank=True)
    answer_note = models.CharField(
        _("what UNHCR said"), max_length=300, blank=True, help_text=_("Needed for “other answer”")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["organisation", "answer", "sent_on"])]

    def __str__(self) -> str:
        return f"UNHCR verification request: {self.status_label}"

    @property
    def has_consent(self) -> bool:
        return bool(self.consent_given_by and self.consent_on and self.consent_how)

    @property
    def status_label(self) -> str:
        if self.answer:
            return self.get_answer_display()
        if self.sent_on:
            return gettext("Awaiting UNHCR's answer")
        return gettext("Ready to send") if self.has_consent else gettext("Consent to be recorded")
