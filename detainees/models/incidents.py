import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from detainees.models.people import Agency, PlaceKind


class Incident(models.Model):
    """A raid or mass arrest: one event that leaves many detainees, each with a case.

    Cases link to it through ``Detention.incident``. Visibility follows the cases (see
    ``detainees.incidents.selectors``): the community contact who reported a raid must not
    be exposed to members who have no part in it.
    """

    organisation = models.ForeignKey(
        "casework.Organisation", on_delete=models.PROTECT, related_name="incidents"
    )
    # What its pages are addressed by: ids are sequential, and guessable.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    occurred_at = models.DateTimeField(_("date and time of the raid"))
    place = models.CharField(_("place"), max_length=200)
    place_kind = models.CharField(
        _("kind of place"), max_length=16, choices=PlaceKind.choices, blank=True
    )
    agency = models.CharField(_("agency"), max_length=8, choices=Agency.choices, blank=True)
    reported_by = models.CharField(
        _("reported by"),
        max_length=200,
        blank=True,
        help_text=_("Community contact who raised the alarm: name and how to reach them"),
    )
    estimated_detained = models.PositiveIntegerField(
        _("estimated number detained"), null=True, blank=True
    )
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["organisation", "occurred_at"])]
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.place}, {self.occurred_at:%Y-%m-%d}"
