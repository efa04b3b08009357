"""Models of the detainees app, one module per area; import them from here."""

from detainees.models.applications import Application, ApplicationKind, ApplicationResult
from detainees.models.clock import ClockAlert
from detainees.models.contacts import CaseContact, ContactRole, Relation
from detainees.models.court import (
    CalendarFeed,
    Court,
    CourtLevel,
    Hearing,
    HearingPurpose,
    PoliceAuthority,
)
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
from detainees.models.unhcr import ConsentHow, UnhcrAnswer, UnhcrChannel, UnhcrRequest

__all__ = [
    "REMAND_KINDS", "Agency", "Application", "ApplicationKind", "ApplicationResult",
    "ArrestTime", "CalendarFeed", "CaseContact", "CaseOutcome", "ClockAlert", "ConsentHow",
    "ContactRole", "Court", "CourtLevel", "CustodyChange", "CustodyKind", "CustodyStatus",
    "Detention", "Gender", "Hearing", "HearingPurpose", "Incident", "Person", "PlaceKind",
    "PoliceAuthority", "Referral", "ReferralBody", "ReferralStatus", "Relation", "RiskGroup",
    "RiskLevel", "RiskScreening", "UnhcrAnswer", "UnhcrChannel", "UnhcrRequest",
]  # fmt: skip
