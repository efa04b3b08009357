"""Alerts of the 24-hour production clock (Constitution Art. 10(2), CrPC ss.61/167)."""

from django.db import models
from django.utils import timezone


class ClockAlert(models.Model):
    """The 20- or 24-hour alert of one detention has been raised.

    A unique row per (detention, threshold) is what lets two beat processes race
    safely: only the one that inserts it writes the timeline event.
    """

    detention = models.ForeignKey(
        "detainees.Detention", on_delete=models.CASCADE, related_name="clock_alerts"
    )
    threshold_hours = models.PositiveSmallIntegerField()
    raised_at = models.DateTimeField(default=timezone.now)
    # Set once every recipient has been notified; until then the next run retries.
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["detention", "threshold_hours"], name="one_alert_per_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"{self.threshold_hours} h alert for detention {self.detention_id}"
