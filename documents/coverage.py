"""The coverage engine: was a document valid on a given date, and by which decision?

Pure: ``evaluate`` looks only at its arguments, so it is tested with hypothesis
and reused by the case page, the command line and petitions. The case list asks
the same question in SQL (``documents.selectors.annotate_case_coverage``); both
follow the order below, and a test holds them to the same answers.

1. A document issued after the date did not exist then: not covered.
2. A passport or a tazkira gives no right of stay by itself: not covered, and said so.
3. The rules that decide a date are the organisation's own rules of the kind that span
   it, if it has any; otherwise the shared rules that span it. A rule covers only
   dates inside its own range and only documents it names (``issued_from``: the cards
   of a renewal).
4. A rule that ends the kind's validity overrides every extension and a later printed
   expiry: not covered (unknown when that rule is uncertain).
5. A confirmed extension that names the document and does not rest on an assumed start
   date competes with the printed expiry; the one that runs longest wins (a rule wins a
   tie, because it can be cited). Extensions decided after the date still cover it when
   the source says they run from an earlier day.
6. The printed expiry, if it runs through the date: covered.
7. An extension spans the date but is uncertain, rests on its assumed start date, or may
   not name the document (no issue date recorded): unknown, with what to confirm.
8. No rules for the kind: the printed expiry has passed (not covered) or is missing
   (unknown). A date before the kind's first recorded rule: unknown (missing data is not
   a lapse). Otherwise not covered, with the gap around the date spelled out.

The verdict's explanation is advice to the drafter. It is never pleading text.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.db import models
from django.utils.translation import gettext_lazy

from documents.models import Certainty, DocumentKind, RuleEffect
from documents.models.identity import rule_kind


class CoverageStatus(models.TextChoices):
    COVERED = "covered", gettext_lazy("Covered")
    NOT_COVERED = "not_covered", gettext_lazy("Not covered")
    UNKNOWN = "unknown", gettext_lazy("Unknown")


class Basis(models.TextChoices):
    RULE = "rule", gettext_lazy("Validity rule")
    PRINTED_EXPIRY = "printed_expiry", gettext_lazy("Printed expiry")
    NONE = "none", gettext_lazy("Nothing covers the date")
    ENDED = "ended", gettext_lazy("A rule ends the validity of the kind")
    IDENTITY_ONLY = "identity_only", gettext_lazy("Identity only: no right of stay")


PLURAL = {
    DocumentKind.POR_CARD: "PoR cards",
    DocumentKind.POR_FAMILY: "PoR family certificates",
    DocumentKind.ACC: "Afghan Citizen Cards",
}

# Law, not editable data: these documents prove who someone is, never a right to stay.
IDENTITY_ONLY = {
    DocumentKind.PASSPORT: (
        "a passport proves identity and nationality but gives no right of stay by itself; "
        "only a valid Pakistani visa does. Record the visa as its own document."
    ),
    DocumentKind.TAZKIRA: (
        "a tazkira is an Afghan identity document and never gives a right of stay in Pakistan."
    ),
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
    notification_number: str = ""
    start_assumed: bool = False
    known_from: date | None = None
    issued_from: date | None = None
    organisation_id: int | None = None
    # What pages and the API name the rule by: its integer id stays internal.
    rule_public_id: UUID | None = None

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
            notification_number=getattr(rule, "notification_number", "") or "",
            start_assumed=bool(getattr(rule, "start_assumed", False)),
            known_from=getattr(rule, "known_from", None),
            issued_from=getattr(rule, "issued_from", None),
            organisation_id=getattr(rule, "organisation_id", None),
            rule_public_id=getattr(rule, "public_id", None),
        )

    @property
    def is_organisation_rule(self) -> bool:
        return self.organisation_id is not None

    @property
    def confirmed(self) -> bool:
        return self.certainty == Certainty.CONFIRMED

    @property
    def reference(self) -> str:
        """The decision with its number and date, each said once."""
        parts = [self.decision]
        if self.notification_number and self.notification_number not in self.decision:
            parts.append(f"notification No. {self.notification_number}")
        if self.decided_on and day(self.decided_on) not in self.decision:
            parts.append(f"dated {day(self.decided_on)}")
        return ", ".join(parts)

    @property
    def source(self) -> str:
        if not self.source_url:
            return f"{self.source_title or 'Source'} (source to be confirmed)"
        return f"{self.source_title} ({self.source_url})"

    @property
    def text(self) -> str:
        own = " This is your organisation's own rule." if self.is_organisation_rule else ""
        return f"{self.reference}. Source: {self.source}.{own}"

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.__dict__,
            "decided_on": self.decided_on.isoformat() if self.decided_on else None,
            "valid_from": self.valid_from.isoformat(),
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "known_from": self.known_from.isoformat() if self.known_from else None,
            "issued_from": self.issued_from.isoformat() if self.issued_from else None,
            "rule_public_id": str(self.rule_public_id) if self.rule_public_id else None,
            "is_organisation_rule": self.is_organisation_rule,
            "reference": self.reference,
            "text": self.text,
        }


@dataclass(frozen=True)
class Coverage:
    """The verdict on one date. ``explanation``, ``assumptions`` and ``confirm_notes`` are
    advice for the drafter and approver; a petition pleads a document only when
    ``pleadable`` is true, and then cites ``citation`` (or the printed expiry)."""

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
    # Assumed dates behind the rules considered ("... assumed from ...; confirm").
    assumptions: tuple[str, ...] = field(default=())
    # What the drafter should check or record before relying on the verdict.
    confirm_notes: tuple[str, ...] = field(default=())
    # True when the verdict turns on an uncertain rule or an assumed date (never covered).
    rests_on_uncertain: bool = False

    @property
    def label(self) -> str:
        return CoverageStatus(self.status).label

    @property
    def organisation_rule(self) -> bool:
        return self.citation is not None and self.citation.is_organisation_rule

    @property
    def pleadable(self) -> bool:
        """Covered by a confirmed rule (or the printed expiry) with nothing assumed."""
        if self.status != CoverageStatus.COVERED or self.rests_on_uncertain:
            return False
        if self.basis == Basis.RULE:
            return self.citation is not None and self.citation.confirmed
        return self.basis == Basis.PRINTED_EXPIRY

    @property
    def advice(self) -> str:
        """The explanation with every assumption and note, for the drafter."""
        return " ".join([self.explanation, *self.assumptions, *self.confirm_notes])

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "on_date": self.on_date.isoformat(),
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "basis": self.basis,
            "explanation": self.explanation,
            "assumptions": list(self.assumptions),
            "confirm_notes": list(self.confirm_notes),
            "rests_on_uncertain": self.rests_on_uncertain,
            "pleadable": self.pleadable,
            "organisation_rule": self.organisation_rule,
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


def _names(rule, issued_on: date | None) -> bool | None:
    """Does the rule cover this document? None: cannot tell without the issue date."""
    issued_from = getattr(rule, "issued_from", None)
    if issued_from is None:
        return True
    if issued_on is None:
        return None
    return issued_on >= issued_from


def _rests_on_start(rule, on_date: date) -> bool:
    """The date falls where the rule applies only if its assumed start date is right."""
    if not getattr(rule, "start_assumed", False):
        return False
    known_from = getattr(rule, "known_from", None)
    return known_from is None or on_date < known_from


def _assumption(rule) -> str:
    known = getattr(rule, "known_from", None)
    certain = f" (it certainly applied from {day(known)})" if known else ""
    return f"Start date of {rule.decision} assumed from {day(rule.valid_from)}; confirm{certain}."


def _issued_note(rule) -> str:
    return (
        f"Record the issue date: {rule.decision} covers only documents issued on or after "
        f"{day(rule.issued_from)}."
    )


def _applicable(rules, kind: str, organisation_id: int | None) -> list:
    applies_to = rule_kind(kind)
    return [
        r
        for r in rules
        if r.active
        and r.kind == applies_to
        and getattr(r, "organisation_id", None) in (None, organisation_id)
    ]


def _deciding(mine, on_date: date) -> list:
    """An organisation's own rules for the date override the shared ones."""
    spanning = [r for r in mine if _spans(r, on_date)]
    own = [r for r in spanning if getattr(r, "organisation_id", None) is not None]
    return own or spanning


def evaluate(
    *,
    kind: str,
    on_date: date,
    rules,
    expires_on: date | None = None,
    issued_on: date | None = None,
    organisation_id: int | None = None,
) -> Coverage:
    """Coverage of a document of ``kind`` on ``on_date`` under ``rules`` (any kinds).

    ``organisation_id``: the case's organisation, whose own rules count; other
    organisations' rules never do.
    """
    kind_plural = PLURAL.get(kind, f"Documents of this kind ({DocumentKind(kind).label})")

    if issued_on and issued_on > on_date:
        return Coverage(
            CoverageStatus.NOT_COVERED, None, None,
            f"Not covered on {day(on_date)}: the document was issued on {day(issued_on)}, "
            "after that date.",
            on_date,
        )  # fmt: skip
    if kind in IDENTITY_ONLY:
        return Coverage(
            CoverageStatus.NOT_COVERED, None, None,
            f"No right of stay on {day(on_date)} from this document: {IDENTITY_ONLY[kind]}",
            on_date, Basis.IDENTITY_ONLY,
        )  # fmt: skip

    mine = _applicable(rules, kind, organisation_id)
    deciding = _deciding(mine, on_date)
    printed_covers = expires_on is not None and on_date <= expires_on

    ending = [r for r in deciding if r.effect == RuleEffect.ENDS]
    if ending:
        return _ended(on_date, mine, ending, kind_plural, expires_on, printed_covers)

    extending = [r for r in deciding if r.effect == RuleEffect.EXTENDS]
    named = [(r, _names(r, issued_on)) for r in extending]
    solid = [
        r
        for r, names in named
        if names and r.certainty == Certainty.CONFIRMED and not _rests_on_start(r, on_date)
    ]
    best = _longest(solid) if solid else None
    if best is not None and (not printed_covers or (best.valid_until or date.max) >= expires_on):
        return _covered_by_rule(best, on_date, kind_plural, expires_on)
    if printed_covers:
        return Coverage(
            CoverageStatus.COVERED, None, expires_on,
            f"Covered on {day(on_date)}: the printed expiry is {day(expires_on)}.",
            on_date, Basis.PRINTED_EXPIRY,
        )  # fmt: skip
    doubtful = [r for r, names in named if names is not False]
    if doubtful:
        return _doubtful(on_date, doubtful, issued_on, kind_plural)
    return _uncovered(on_date, mine, [r for r, _ in named], kind_plural, expires_on, issued_on)


def _covered_by_rule(rule, on_date: date, kind_plural: str, expires_on: date | None) -> Coverage:
    citation = Citation.of(rule)
    retro = ""
    if rule.decided_on and rule.decided_on > on_date:
        retro = (
            f" It was decided on {day(rule.decided_on)}, after that date, and by its own "
            f"terms runs from {day(rule.valid_from)}."
        )
    printed = f" (printed expiry {day(expires_on)})" if expires_on else ""
    explanation = (
        f"Covered on {day(on_date)}{printed}: {kind_plural} valid until "
        f"{day(rule.valid_until)} by {citation.text}{retro}"
    )
    assumptions = (_assumption(rule),) if getattr(rule, "start_assumed", False) else ()
    return Coverage(
        CoverageStatus.COVERED, rule, rule.valid_until, explanation, on_date,
        Basis.RULE, citation, assumptions=assumptions,
    )  # fmt: skip


def _doubtful(on_date: date, doubtful, issued_on, kind_plural: str) -> Coverage:
    rule = _longest(doubtful)
    citation = Citation.of(rule)
    reasons, assumptions, notes = [], [], []
    for r in sorted(doubtful, key=lambda r: (r.valid_from, r.pk or 0)):
        if r.certainty != Certainty.CONFIRMED:
            reasons.append(f"{r.decision} is marked uncertain")
            notes.append(f"Confirm {r.decision} from an official notification.")
        if _rests_on_start(r, on_date):
            reasons.append(f"{r.decision} covers that date only if its assumed start is right")
        if getattr(r, "start_assumed", False):
            assumptions.append(_assumption(r))
        if _names(r, issued_on) is None:
            reasons.append(f"{r.decision} covers only documents issued from {day(r.issued_from)}")
            notes.append(_issued_note(r))
    explanation = (
        f"Unknown on {day(on_date)}: {'; '.join(dict.fromkeys(reasons))}. "
        f"If it holds, {kind_plural} were valid until {day(rule.valid_until)} by "
        f"{citation.text}"
    )
    return Coverage(
        CoverageStatus.UNKNOWN, rule, rule.valid_until, explanation, on_date, Basis.RULE,
        citation, assumptions=tuple(dict.fromkeys(assumptions)),
        confirm_notes=tuple(dict.fromkeys(notes)), rests_on_uncertain=True,
    )  # fmt: skip


def _neighbours(mine, on_date: date):
    extending = [r for r in mine if r.effect == RuleEffect.EXTENDS]
    before = [r for r in extending if r.valid_until is not None and r.valid_until < on_date]
    after = [r for r in extending if r.valid_from > on_date]
    previous = _longest(before) if before else None
    following = min(after, key=lambda r: (r.valid_from, r.pk or 0)) if after else None
    return previous, following


def _ended(on_date, mine, ending, kind_plural, expires_on, printed_covers) -> Coverage:
    confirmed = [r for r in ending if r.certainty == Certainty.CONFIRMED]
    rule = _longest(confirmed or ending)
    citation = Citation.of(rule)
    previous, following = _neighbours(mine, on_date)
    overrides = f" It overrides the printed expiry of {day(expires_on)}." if printed_covers else ""
    if confirmed:
        return Coverage(
            CoverageStatus.NOT_COVERED, rule, None,
            f"Not covered on {day(on_date)}: {kind_plural} ceased to give a right of stay "
            f"from {day(rule.valid_from)} by {citation.text}{overrides}",
            on_date, Basis.ENDED, citation, previous, following,
        )  # fmt: skip
    return Coverage(
        CoverageStatus.UNKNOWN, rule, None,
        f"Unknown on {day(on_date)}: an uncertain rule may have ended the validity of "
        f"{kind_plural} from {day(rule.valid_from)}: {citation.text}{overrides}",
        on_date, Basis.ENDED, citation, previous, following,
        confirm_notes=(f"Confirm {rule.decision} from an official notification.",),
        rests_on_uncertain=True,
    )  # fmt: skip


def _uncovered(on_date, mine, excluded, kind_plural, expires_on, issued_on) -> Coverage:
    printed = f"printed expiry {day(expires_on)}" if expires_on else "no printed expiry"
    if not mine:
        if expires_on is None:
            return Coverage(
                CoverageStatus.UNKNOWN, None, None,
                f"Unknown on {day(on_date)}: the document has no printed expiry and no "
                "validity rules are recorded for its kind.",
                on_date, confirm_notes=("Record the printed expiry from the document.",),
            )  # fmt: skip
        return Coverage(
            CoverageStatus.NOT_COVERED, None, None,
            f"Not covered on {day(on_date)}: the {printed} had passed, and no validity "
            "rules are recorded for this kind.",
            on_date,
        )  # fmt: skip
    first = min(mine, key=lambda r: (r.valid_from, r.pk or 0))
    if on_date < first.valid_from:
        return Coverage(
            CoverageStatus.UNKNOWN, None, None,
            f"Unknown on {day(on_date)}: {printed}, and the timeline records no rule for "
            f"{kind_plural} before {day(first.valid_from)} ({first.decision}). Missing "
            "records are not a lapse.",
            on_date, next_rule=first if first.effect == RuleEffect.EXTENDS else None,
            confirm_notes=(
                f"Find the decision that covered {kind_plural} on {day(on_date)} and ask "
                "for it to be added to the timeline.",
            ),
        )  # fmt: skip
    previous, following = _neighbours(mine, on_date)
    parts = [f"Not covered on {day(on_date)}: {printed}; no extension of {kind_plural} covers it."]
    for rule in excluded:
        parts.append(
            f"{rule.decision} covers only documents issued on or after "
            f"{day(rule.issued_from)}; this one was issued on {day(issued_on)}."
        )
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
    return Coverage(
        CoverageStatus.NOT_COVERED, None, None, " ".join(parts), on_date, Basis.NONE,
        None, previous, following,
    )  # fmt: skip
