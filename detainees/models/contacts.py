"""People who act for the detainee in court: sureties who stand for the bail bond, the
next friend (a relative) who files a habeas petition for someone who cannot file it, and
a child's guardian."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casework.crypto import EncryptedTextField


class ContactRole(models.TextChoices):
    SURETY = "surety", _("Surety")
    NEXT_FRIEND = "next_friend", _("Next friend")
    # A child's guardian executes the vakalatnama and the affidavits for the child.
    GUARDIAN = "guardian", _("Guardian")


class Relation(models.TextChoices):
    """How an affidavit names the deponent's own parentage: s/o, d/o, w/o."""

    SON_OF = "son_of", _("son of (s/o)")
    DAUGHTER_OF = "daughter_of", _("daughter of (d/o)")
    WIFE_OF = "wife_of", _("wife of (w/o)")


class CaseContact(models.Model):
    """A surety or the next friend on one case. The CNIC is encrypted: an identity number
    of a relative, who is often as exposed as the detainee."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "casework.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(max_length=12, choices=ContactRole.choices)
    name = models.CharField(max_length=200)
    relation = models.CharField(
        _("s/o, d/o or w/o"), max_length=12, choices=Relation.choices, blank=True
    )
    relation_name = models.CharField(_("father's or husband's name"), max_length=200, blank=True)
    relation_to_detainee = models.CharField(
        _("relation to the detainee"),
        max_length=100,
        blank=True,
        help_text=_("e.g. brother, uncle"),
    )
    cnic = EncryptedTextField("CNIC number", blank=True, help_text=_("13 digits: 12345-1234567-1"))
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    solvency = models.TextField(
        _("solvency"), blank=True,
        help_text=_("Property (its location) or employment and income that answer for the bond"),
    )  # fmt: skip
    solvency_value = models.PositiveBigIntegerField(_("value in rupees"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "role"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"

    @property
    def relation_short(self) -> str:
        short = {"son_of": gettext("s/o"), "daughter_of": gettext("d/o"), "wife_of": gettext("w/o")}
        return short.get(self.relation, "")
