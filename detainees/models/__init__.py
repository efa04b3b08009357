"""Models of the detainees app, one module per area; import them from here."""

from detainees.models.applications import Application, ApplicationKind, ApplicationResult
from detainees.models.clock import ClockAlert
from detainees.models.court import CalendarFeed, Court, CourtLevel, Hearing, HearingPurpose
from detainees.models.custody import REMAND_KINDS, CustodyChange, CustodyKind
from detainees.models.incidents import Incident
from detainees.models.outcomes import CaseOutcome
from detainees.models.people import (
    Agency,
    ArrestTime,
    CustodyStatus,
    Detention,
    Gender,
    Person,
    PlaceKind,
)
from detainees.models.risk import (
    Referral,
    ReferralBody,
    ReferralStatus,
    RiskGroup,
    RiskLevel,
    RiskScreening,
)

__all__ = [
    "REMAND_KINDS", "Agency", "Application", "ApplicationKind", "ApplicationResult",
    "ArrestTime", "CalendarFeed", "CaseOutcome", "ClockAlert", "Court", "CourtLevel",
    "CustodyChange", "CustodyKind", "CustodyStatus", "Detention", "Gender", "Hearing",
    "HearingPurpose", "Incident", "Person", "PlaceKind", "Referral", "ReferralBody",
    "ReferralStatus", "RiskGroup", "RiskLevel", "RiskScreening",
]  # fmt: skip
