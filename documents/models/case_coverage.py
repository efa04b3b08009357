from django.db import models
from django.utils import timezone


class CaseCoverage(models.Model):
    """Each case's papers verdict on the day of arrest, stored so that the case list and
    the Analytics page count it instead of working it out again for every case on every
    load (seconds at 100,000 cases).

    Derived, so never edited: ``documents.case_coverage.case_coverage_refresh`` writes it
    from the same SQL the verdict was always read with (``annotate_case_coverage``),
    called by every service that changes what it depends on (the person's documents, the
    arrest date, the organisation's time zone) and, for a change to the validity
    timeline, by a task. The status is one of ``documents.selectors.CASE_COVERAGE_CHOICES``.
    """

    case = models.OneToOneField(
        "casework.Case", on_delete=models.CASCADE, primary_key=True, related_name="coverage"
    )
    status = models.CharField(max_length=16)
    # The day of arrest in the organisation's time zone the verdict was given for.
    arrest_day = models.DateField()
    # When the stored verdict last changed (a refresh that finds the same answer leaves it).
    changed_at = models.DateTimeField(default=timezone.now)
    # The kinds of document the detainee holds, each between commas in the order of
    # DocumentKind (",passport,,tazkira,"; empty for none), refreshed with the verdict: the
    # Analytics page counts release rates by document held from the stored rows instead
    # of joining every case with every document (see ``documents.selectors.kinds_held``).
    kinds = models.CharField(max_length=200, blank=True, default="")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.status} on {self.arrest_day}"
