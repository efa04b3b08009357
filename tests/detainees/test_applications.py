"""Applications already made for a case: recorded through the case, cited by petitions."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework.models import Event
from detainees.hearings.application_services import application_record
from detainees.models import Application, Court


@pytest.fixture
def court(db):
    return Court.objects.get(name="Judicial Magistrate, Islamabad (East)")


def test_a_refused_bail_application_is_recorded_with_its_order(case, lawyer, court):
    today = timezone.localdate()
    application = application_record(
        case=case, by=lawyer, kind="bail", court=court, filed_on=today, number=" 412/2026 ",
        result="refused", order_on=today,
    )  # fmt: skip
    assert (application.number, application.result, application.order_on) == (
        "412/2026", "refused", today,
    )  # fmt: skip
    event = Event.objects.get(verb="application.recorded", case=case)
    assert "refused" in event.data["summary"]


def test_a_decided_application_needs_the_date_of_the_order(case, lawyer, court):
    with pytest.raises(ValidationError) as error:
        application_record(
            case=case, by=lawyer, kind="bail", court=court, filed_on=timezone.localdate(),
            result="refused",
        )  # fmt: skip
    assert "order_on" in error.value.message_dict


def test_an_application_cannot_be_filed_before_the_arrest(case, lawyer, court):
    before = case.detention.arrested_at.date() - timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        application_record(case=case, by=lawyer, kind="bail", court=court, filed_on=before)
    assert "filed_on" in error.value.message_dict


def test_the_lawyer_records_an_application_from_the_case(case, lawyer, court, login):
    client = login(lawyer)
    url = reverse("detainees:application-create", args=[case.reference])
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "kind": "bail", "court": court.pk, "filed_on": timezone.localdate().isoformat(),
        "number": "77/2026", "result": "pending", "order_on": "",
    })  # fmt: skip
    assert response.status_code == 302
    assert Application.objects.get(case=case).number == "77/2026"
    page = client.get(reverse("casework:case-detail", args=[case.reference]))
    assert "77/2026" in page.content.decode()


def test_application_pages_are_hidden_from_strangers(
    case, lawyer, court, assert_hidden_from_strangers
):
    application = application_record(
        case=case, by=lawyer, kind="habeas", court=court, filed_on=timezone.localdate()
    )
    assert_hidden_from_strangers(reverse("detainees:application-create", args=[case.reference]))
    assert_hidden_from_strangers(
        reverse("detainees:application-edit", args=[case.reference, application.public_id])
    )


def test_an_application_of_another_case_is_not_found_through_this_one(
    case, lawyer, paralegal, supervisor, court, login
):
    from casework.services import case_assign
    from tests.factories import open_case

    other = open_case(lawyer)
    case_assign(case=other, lead_lawyer=lawyer, team=[paralegal], by=supervisor.membership)
    theirs = application_record(
        case=other, by=lawyer, kind="bail", court=court, filed_on=timezone.localdate()
    )
    client = login(lawyer)
    url = reverse("detainees:application-edit", args=[case.reference, theirs.public_id])
    assert client.get(url).status_code == 404
