"""Reads that order by risk. One expression, so every page that puts high-risk cases first
(the case list, the outcome-review queue, the court diary, a raid's page) applies the same
rule."""

from django.db.models import BooleanField, Value, When
from django.db.models import Case as SQLCase

from detainees.models import RiskLevel
from detainees.models.people import HELD_STATUSES

# Held where a deportation can still be stopped, including where nobody admits to it.
STILL_HELD = HELD_STATUSES


def urgent_risk(case_path: str = "") -> SQLCase:
    """True for a high-risk screening on someone still held: refoulement is what the team
    must stop. ``case_path`` leads from the queried model to its case, e.g. ``"case__"``;
    empty when querying cases themselves.

    A high-risk case already released or deported sorts with the rest: nothing is left to
    stop, and the risk level alone would keep it at the top for ever.
    """
    return SQLCase(
        When(
            **{
                f"{case_path}risk_screening__level": RiskLevel.HIGH,
                f"{case_path}detention__status__in": STILL_HELD,
            },
            then=Value(True),
        ),
        default=Value(False),
        output_field=BooleanField(),
    )
