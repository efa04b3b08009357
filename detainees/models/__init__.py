"""Models of the detainees app, one module per area; import them from here."""

from detainees.models.incidents import Incident
from detainees.models.people import (
    Agency,
    CustodyStatus,
    Detention,
    Gender,
    Person,
    PlaceKind,
)

__all__ = ["Agency", "CustodyStatus", "Detention", "Gender", "Incident", "Person", "PlaceKind"]
