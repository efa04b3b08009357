"""The coverage engine: was a document valid on a given date, and by which decision?

Pure: ``evaluate`` looks only at its arguments, so it is tested with hypothesis
and reused by the case page, the command line and petitions. The case list asks
the same question in SQL (``documents.selectors.coverage_status_sql``); both
follow the order below, and a test holds them to the same answers.

1. A document issued after the date did not exist then: not covered.
2. Rules of the document's kind that grant validity and span the date compete
   with the printed expiry; the confirmed one that runs longest wins (a rule
   wins a tie, because it can be cited). A rule decided after the date still
   covers it: extensions are often retroactive.
3. Nothing confirmed covers but an uncertain rule does: unknown.
4. A kind without rules falls back to the printed expiry; no expiry: unknown.
5. Otherwise not covered, with the gap around the date spelled out.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models

from documents.models import Certainty, DocumentKind, RuleEffect
from documents.models.identity import rule_kind


class CoverageStatus(models.TextChoices):
    COVERED = "covered", "Covered"
    NOT_COVERED = "not_covered", "Not covered"
    UNKNOWN = "unknown", "Unknown"


class Basis(models.TextChoices):
    RULE = "rule", "Validity rule"
    PRINTED_EXPIRY = "printed_expiry", "Printed expiry"
    NONE = "none", "Nothing covers the date"


PLURAL = {
    DocumentKind.POR_CARD: "PoR cards",
    DocumentKind.POR_FAMILY: "PoR family certificates",
    DocumentKind.ACC: "Afghan Citizen Cards",
}


def day(value: date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else "—"


@dataclass(frozen=True)
class Citation:
    """Everything a petition needs to cite a rule, frozen as it stood when evaluated."""

    rule_id: int | None
    revision_id: int | None
    revision_number: int | None
    kind: str
    decision: str
    decided_on: date | None
    valid_from: date
    valid_until: date | None
    source_title: str
    source_url: str
    certainty: str

    @classmethod
    def of(cls, rule) -> "Citation":
        revision = getattr(rule, "current_revision", None)
        return cls(
            rule_id=rule.pk,
            revision_id=getattr(revision, "pk", None),
            revision_number=getattr(revision, "number", None),
            kind=rule.kind,
            decision=rule.decision,
            decided_on=rule.decided_on,
            valid_from=rule.valid_from,
            valid_until=rule.valid_until,
            source_title=rule.source_title,
            source_url=rule.source_url,
            certainty=rule.certainty,
        )

    @property
    def text(self) -> str:
        decided = f" of {day(self.decided_on)}" if self.decided_on else ""
        source = self.source_title + (f" ({self.source_url})" if self.source_url else "")
        return f"{self.decision}{decided}. Source: {source}."

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.__dict__,
            "decided_on": self.decided_on.isoformat() if self.decided_on else None,
            "valid_from": self.valid_from.isoformat(),
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "text": self.text,
        }


@dataclass(frozen=True)
class Coverage:
    status: str
    rule: Any  # the deciding ValidityRule, or None
    valid_until: date | None
    explanation: str
    on_date: date
    basis: str = Basis.NONE
    citation: Citation | None = None
    # For a gap: the coverage that ended before the date, and the rule that ends the gap.
    previous_rule: Any = None
    next_rule: Any = None

    @property
    def label(self) -> str:
        return CoverageStatus(self.status).label

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "on_date": self.on_date.isoformat(),
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "basis": self.basis,
            "explanation": self.explanation,
            "rule": self.citation.as_dict() if self.citation else None,
            "previous_rule": Citation.of(self.previous_rule).as_dict()
            if self.previous_rule
            else None,
            "next_rule": Citation.of(self.next_rule).as_dict() if self.next_rule else None,
        }


def _spans(rule, on_date: date) -> bool:
    return rule.valid_from <= on_date and (rule.valid_until is None or on_date <= rule.valid_until)


def _longest(rules):
    return max(
        rules, key=lambda r: (r.valid_until or date.max, r.decided_on or date.min, r.pk or 0)
    )


def _covered_by_rule(rule, on_date: date, kind_plural: str, expires_on: date | None) -> Coverage:
    citation = Citation.of(rule)
    retro = ""
    if rule.decided_on and rule.decided_on > on_date:
        retro = f" It was decided on {day(rule.decided_on)}, after that date, and covers it "
        retro += "retroactively."
    printed = f" (printed expiry {day(expires_on)})" if expires_on else ""
    explanation = (
        f"Covered on {day(on_date)}{printed}: {kind_plural} valid until "
        f"{day(rule.valid_until)} by {citation.text}{retro}"
    )
    return Coverage(
        CoverageStatus.COVERED, rule, rule.valid_until, explanation, on_date,
        Basis.RULE, citation,
    )  # fmt: skip


def evaluate(
    *,
    kind: str,
    on_date: date,
    rules,
    expires_on: date | None = None,
    issued_on: date | None = None,
) -> Coverage:
    """Coverage of a document of ``kind`` on ``on_date`` under ``rules`` (any kinds)."""
    applies_to = rule_kind(kind)
    mine = [r for r in rules if r.active and r.kind == applies_to]
    extending = [r for r in mine if r.effect == RuleEffect.EXTENDS]
    kind_plural = PLURAL.get(kind, f"Documents of this kind ({DocumentKind(kind).label})")

    if issued_on and issued_on > on_date:
        return Coverage(
            CoverageStatus.NOT_COVERED, None, None,
            f"Not covered on {day(on_date)}: the document was issued on {day(issued_on)}, "
            "after that date.",
            on_date,
        )  # fmt: skip

    spanning = [r for r in extending if _spans(r, on_date)]
    confirmed = [r for r in spanning if r.certainty == Certainty.CONFIRMED]
    uncertain = [r for r in spanning if r.certainty != Certainty.CONFIRMED]
    printed_covers = expires_on is not None and on_date <= expires_on
    best = _longest(confirmed) if confirmed else None

    if best is not None and (not printed_covers or (best.valid_until or date.max) >= expires_on):
        return _covered_by_rule(best, on_date, kind_plural, expires_on)
    if printed_covers:
        return Coverage(
            CoverageStatus.COVERED, None, expires_on,
            f"Covered on {day(on_date)}: the printed expiry is {day(expires_on)}.",
            on_date, Basis.PRINTED_EXPIRY,
        )  # fmt: skip
    if uncertain:
        rule = _longest(uncertain)
        citation = Citation.of(rule)
        return Coverage(
            CoverageStatus.UNKNOWN, rule, rule.valid_until,
            f"Unknown on {day(on_date)}: the only rule for that date is marked uncertain: "
            f"{kind_plural} valid until {day(rule.valid_until)} by {citation.text} "
            "Confirm it before relying on it.",
            on_date, Basis.RULE, citation,
        )  # fmt: skip
    printed = f"printed expiry {day(expires_on)}" if expires_on else "no printed expiry"
    if not extending:
        if expires_on is None:
            return Coverage(
                CoverageStatus.UNKNOWN, None, None,
                f"Unknown on {day(on_date)}: the document has no printed expiry and no "
                "validity rules are recorded for its kind.",
                on_date,
            )  # fmt: skip
        return Coverage(
            CoverageStatus.NOT_COVERED, None, None,
            f"Not covered on {day(on_date)}: the {printed} had passed, and no validity "
            "rules are recorded for this kind.",
            on_date,
        )  # fmt: skip
    return _gap(on_date, mine, extending, kind_plural, printed)


def _gap(on_date, mine, extending, kind_plural, printed) -> Coverage:
    before = [r for r in extending if r.valid_until is not None and r.valid_until < on_date]
    after = [r for r in extending if r.valid_from > on_date]
    previous = _longest(before) if before else None
    following = min(after, key=lambda r: (r.valid_from, r.pk or 0)) if after else None
    ending = [r for r in mine if r.effect == RuleEffect.ENDS and _spans(r, on_date)]
    end_rule = _longest(ending) if ending else None
    parts = [f"Not covered on {day(on_date)}: {printed}; no extension of {kind_plural} covers it."]
    if previous:
        parts.append(
            f"The last extension before it ran until {day(previous.valid_until)} "
            f"({previous.decision})."
        )
    if following:
        parts.append(
            f"The gap ends on {day(following.valid_from)}, when {following.decision} begins."
        )
    else:
        parts.append("No later extension is recorded.")
    if end_rule:
        parts.append(f"{Citation.of(end_rule).text}")
    return Coverage(
        CoverageStatus.NOT_COVERED, end_rule, None, " ".join(parts), on_date, Basis.NONE,
        Citation.of(end_rule) if end_rule else None, previous, following,
    )  # fmt: skip
