"""The core's card on the case page: the team."""

from casework.registry import CaseSection

SECTIONS = (
    CaseSection("team", "casework/_case_team.html", lambda case, *, user, now: {}, order=80),
)
