"""Custody as a path: every move of a detainee (lock-up, remand, jail, holding centre,
release, deportation) with when, where and who said so."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CustodyKind(models.TextChoices):
    POLICE_LOCKUP = "police_lockup", _("Police lock-up")
    POLICE_REMAND = "police_remand", _("Police (physical) remand")
    JUDICIAL_REMAND = "judicial_remand", _("Judicial remand (jail)")
    HOLDING_CENTRE = "holding_centre", _("Holding centre")
    WHEREABOUTS_UNKNOWN = "whereabouts_unknown", _("Whereabouts unknown")
    RELEASED_ON_BAIL = "released_on_bail", _("Released on bail")
    RELEASED = "released", _("Released")
    DEPORTED = "deported", _("Deported")


# Custody that rests on a magistrate's order: being moved there means one was produced.
REMAND_KINDS = frozenset({CustodyKind.POLICE_REMAND, CustodyKind.JUDICIAL_REMAND})


class CustodyChange(models.Model):
    organisation = models.ForeignKey(
        "casework.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    detention = models.ForeignKey(
        "detainees.Detention", on_delete=models.CASCADE, related_name="custody_changes"
    )
    kind = models.CharField(max_length=24, choices=CustodyKind.choices)
    occurred_at = models.DateTimeField(_("when"))
    place = models.CharField(_("where"), max_length=200, blank=True)
    source = models.CharField(
        _("who says so"),
        max_length=200,
        blank=True,
        help_text=_("e.g. the SHO, a family call, the order"),
    )
    order_date = models.DateField(_("date of the remand order"), null=True, blank=True)
    remand_days = models.PositiveSmallIntegerField(_("days of remand"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["kind", "order_date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.occurred_at:%Y-%m-%d %H:%M}"

    @property
    def remand_expires_on(self):
        """The last day of a remand: the order's date plus its days (s.167 CrPC)."""
        if self.kind not in REMAND_KINDS or not (self.order_date and self.remand_days):
            return None
        return self.order_date + timedelta(days=self.remand_days)
