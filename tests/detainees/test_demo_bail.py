"""The demo's bail follow-through and UNHCR requests: seeded once, shown where they belong."""

import pytest

from analytics.today import today_tables
from casework.services import case_assign
from detainees.models import CaseContact, UnhcrRequest
from panah.demo.bail import seed_bail_follow_through
from tests.factories import open_case

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_stalled_release_and_an_overdue_unhcr_request(
    lawyer, paralegal, supervisor
):
    cases = [open_case(lawyer, hours_ago=24 * 7) for _ in range(3)]
    for case in cases:
        case_assign(case=case, lead_lawyer=lawyer, team=[paralegal], by=supervisor.membership)
    organisation = supervisor.membership.organisation
    assert seed_bail_follow_through(organisation) == 3
    assert seed_bail_follow_through(organisation) == 0  # seeded once
    assert CaseContact.objects.filter(role="surety").count() == 2
    assert all("(fictional)" in c.name for c in CaseContact.objects.all())
    tables = today_tables(supervisor, supervisor.membership)
    references = sorted(c.reference for c in cases)
    assert [r.reference for r in tables["bail"].rows] == [references[0]]
    assert [r.reference for r in tables["unhcr_requests"].rows] == [references[1]]
    assert UnhcrRequest.objects.get(case__reference=references[2]).has_consent
