"""What a petition may argue: only established validity, only facts that hold."""

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse

from detainees.models import CustodyStatus
from documents.coverage import Basis, Citation, Coverage, CoverageStatus
from documents.models import IdentityDocument
from documents.petitions.grounds import judge, production_delay_hours
from documents.petitions.offers import why_not
from tests.documents.petition_helpers import KARACHI, case_with_por, ensure_seeded


def _rule(certainty="confirmed", notes="Period as stated in the notification.", **changes):
    fields = {
        "pk": 1, "kind": "por", "decision": "SAFRON notification for 1 Jul 2024 to 30 Jun 2025",
        "decided_on": date(2024, 7, 10), "valid_from": date(2024, 7, 1),
        "valid_until": date(2025, 6, 30), "source_title": "The News", "source_url": "",
        "certainty": certainty, "notes": notes, "current_revision": None,
    }  # fmt: skip
    return SimpleNamespace(**{**fields, **changes})


def _row(
    kind="por", status=CoverageStatus.COVERED, rule=None, basis=Basis.RULE, checked="unverified"
):
    rule = rule if rule is not None else _rule()
    coverage = Coverage(
        status, rule, date(2025, 6, 30), "Covered on 15 Aug 2024 … Source: The News.",
        date(2024, 8, 15), basis, Citation.of(rule) if basis == Basis.RULE else None,
    )  # fmt: skip
    document = IdentityDocument(kind=kind, number="PK-1", expires_on=date(2023, 6, 30))
    return SimpleNamespace(document=document, coverage=coverage, verification=(checked, ""),
                           attempts=[], scans=[])  # fmt: skip


def test_a_document_covered_by_a_confirmed_rule_is_pleaded_with_its_decision():
    pleaded, advice = judge(_row())
    assert advice is None
    assert (
        pleaded["citation"]
        == "SAFRON notification for 1 Jul 2024 to 30 Jun 2025 dated 10 July 2024"
    )
    assert "explanation" not in pleaded and "Source" not in str(pleaded)


ASSUMED = "Start date assumed: the day after the previous expiry."


@pytest.mark.parametrize(
    "rule",
    [
        _rule(certainty="uncertain"),
        _rule(notes=ASSUMED, decided_on=date(2024, 9, 1)),  # arrested before the decision
        _rule(notes=ASSUMED, decided_on=None),  # "Apr 2024": the day is not known
    ],
)
def test_covered_on_an_uncertain_or_assumed_rule_is_advice_not_pleading(rule):
    pleaded, advice = judge(_row(rule=rule))
    assert pleaded is None
    assert "not confirmed" in advice.message and advice.check


@pytest.mark.parametrize("status", [CoverageStatus.UNKNOWN, CoverageStatus.NOT_COVERED])
def test_unknown_and_not_covered_documents_are_not_pleaded(status):
    pleaded, advice = judge(_row(status=status))
    assert pleaded is None and advice is not None


@pytest.mark.parametrize("kind", ["passport", "tazkira"])
def test_a_passport_or_tazkira_is_never_pleaded_as_a_right_of_stay(kind):
    pleaded, advice = judge(_row(kind=kind, basis=Basis.PRINTED_EXPIRY))
    assert pleaded is None and "right of stay" in advice.message


def test_a_por_card_is_not_pleaded_on_its_printed_expiry_alone():
    pleaded, advice = judge(_row(basis=Basis.PRINTED_EXPIRY))
    assert pleaded is None and advice is not None


def test_an_assumed_start_does_not_matter_once_the_decision_was_taken():
    # Arrested 15 Aug 2024, after the decision of 10 Jul 2024: in force then, whatever its start.
    pleaded, advice = judge(_row(rule=_rule(notes=ASSUMED)))
    assert advice is None and pleaded["valid_until"] == "30 June 2025"


def test_a_unhcr_certificate_is_pleaded_on_its_printed_expiry():
    pleaded, _ = judge(_row(kind="unhcr_refugee", basis=Basis.PRINTED_EXPIRY))
    assert pleaded["is_unhcr"] and pleaded["citation"] == ""


def test_a_document_found_not_genuine_is_never_pleaded():
    pleaded, advice = judge(_row(checked="not_genuine"))
    assert pleaded is None and "not genuine" in advice.message


def _detention(hours):
    arrested = datetime(2026, 3, 1, 8, 0, tzinfo=KARACHI)
    return SimpleNamespace(arrested_at=arrested, produced_at=arrested + timedelta(hours=hours))


@pytest.mark.parametrize(("hours", "pleaded"), [(20, None), (24, None), (30, 30), (49.5, 49)])
def test_delay_in_production_is_pleaded_only_beyond_24_recorded_hours(hours, pleaded):
    assert production_delay_hours(_detention(hours)) == pleaded


def test_habeas_is_not_offered_once_an_fir_and_a_production_regularise_detention(
    lawyer, paralegal, supervisor
):
    case = case_with_por(lawyer, paralegal, supervisor)
    assert why_not(case, "habeas") == ""  # FIR, but never produced before a magistrate
    case.detention.produced_at = case.detention.arrested_at + timedelta(hours=20)
    case.detention.save(update_fields=["produced_at"])
    assert "Infructuous" in why_not(case, "habeas")
    case.detention.status = CustodyStatus.HOLDING_CENTRE
    case.detention.save(update_fields=["status"])
    assert why_not(case, "habeas") == ""  # a holding centre: habeas matters most there


def test_bail_needs_an_fir_and_bail_after_refusal_a_refused_application(
    lawyer, paralegal, supervisor
):
    case = case_with_por(lawyer, paralegal, supervisor)
    assert why_not(case, "bail") == ""
    assert "No refused bail application" in why_not(case, "bail_after_refusal")
    case.detention.fir_number = ""
    case.detention.save(update_fields=["fir_number"])
    assert "No FIR" in why_not(case, "bail")


def test_the_template_list_says_why_a_petition_is_not_offered(lawyer, paralegal, supervisor, login):
    ensure_seeded()
    case = case_with_por(lawyer, paralegal, supervisor)
    case.detention.produced_at = case.detention.arrested_at + timedelta(hours=20)
    case.detention.save(update_fields=["produced_at"])
    page = login(paralegal).get(reverse("documents:petition-create", args=[case.reference]))
    html = page.content.decode()
    assert "Not offered for this case" in html
    assert "Infructuous" in html and "No refused bail application" in html


def test_the_petition_page_warns_the_drafter_of_an_unestablished_document(
    lawyer, paralegal, supervisor, login
):
    from documents.petitions import services
    from tests.documents.petition_helpers import template

    case = case_with_por(lawyer, paralegal, supervisor)
    case.detention.arrested_at = datetime(2024, 3, 15, 10, 0, tzinfo=KARACHI)
    case.detention.save(update_fields=["arrested_at"])
    petition = services.petition_create(case=case, template=template("bail-497"), by=paralegal)
    page = login(paralegal).get(
        reverse("documents:petition-detail", args=[case.reference, petition.public_id])
    )
    html = page.content.decode()
    assert "Check before filing" in html and "not established" in html
    assert "assumed" in html  # the engine says why: the inferred 31 Mar 2024 rule


def test_a_delay_is_not_claimed_on_an_approximate_or_unknown_arrest_time(lawyer):
    from datetime import timedelta

    from detainees.services import detention_update
    from documents.petitions.grounds import production_delay_hours
    from tests.factories import open_case

    case = open_case(lawyer, hours_ago=60)
    arrested = case.detention.arrested_at
    detention_update(case=case, fields={"produced_at": arrested + timedelta(hours=40)}, by=lawyer)
    case.detention.refresh_from_db()
    assert production_delay_hours(case.detention) == 40
    detention_update(case=case, fields={"arrest_time": "approximate"}, by=lawyer)
    case.detention.refresh_from_db()
    assert production_delay_hours(case.detention) is None
