"""Models of the detainees app, one module per area; import them from here."""

from detainees.models.applications import Application, ApplicationKind, ApplicationResult
from detainees.models.clock import ClockAlert
from detainees.models.court import CalendarFeed, Court, CourtLevel, Hearing, HearingPurpose
from detainees.models.incidents import Incident
from detainees.models.outcomes import CaseOutcome
from detainees.models.people import (
    Agency,
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
    "Agency", "Application", "ApplicationKind", "ApplicationResult", "CalendarFeed",
    "CaseOutcome", "ClockAlert", "Court", "CourtLevel", "CustodyStatus",
    "Detention", "Gender", "Hearing", "HearingPurpose", "Incident", "Person", "PlaceKind",
    "Referral", "ReferralBody", "ReferralStatus", "RiskGroup", "RiskLevel", "RiskScreening",
]  # fmt: skip
