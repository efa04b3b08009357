"""Every list costs the same number of queries whatever the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from detainees.incidents.services import incident_create
from detainees.models import Court
from documents.services import document_add
from tests.api.conftest import token_client
from tests.documents.petition_helpers import ensure_seeded
from tests.factories import open_case


def _count(api, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


@pytest.fixture
def busy(lawyer, supervisor, case):
    """A dozen of each thing a list shows."""
    from datetime import timedelta

    from detainees.hearings.services import hearing_schedule
    from documents.petitions.selectors import template_for
    from documents.petitions.services import petition_create

    ensure_seeded()
    court = Court.objects.filter(is_active=True).order_by("pk").first()
    template = template_for(case.organisation, "bail-497")
    for n in range(12):
        open_case(lawyer, person={"given_name": f"Person {n}", "given_name_native": ""})
        document_add(case=case, fields={"kind": "por", "number": f"PK-{n:04d}"}, by=lawyer)
        hearing_schedule(
            case=case, court=court, starts_at=timezone.now() + timedelta(days=n + 1),
            purpose="bail", attending=[lawyer], by=lawyer,
        )  # fmt: skip
        petition_create(case=case, template=template, by=lawyer)
        incident_create(
            created_by=supervisor,
            fields={"occurred_at": timezone.now() - timedelta(hours=n + 1), "place": f"Raid {n}"},
        )
    return case


@pytest.mark.parametrize(
    "path",
    ["/api/v1/cases/", "/api/v1/incidents/", "/api/v1/courts/", "/api/v1/petition-templates/",
     "{case}/documents/", "{case}/hearings/", "{case}/petitions/"],
)  # fmt: skip
def test_list_queries_do_not_grow_with_the_page(path, busy, supervisor):
    api = token_client(supervisor, "read")
    url = path.format(case=f"/api/v1/cases/{busy.reference}")
    api.get(url)  # the token's first use notes when it was used; later ones within a minute do not
    small = _count(api, f"{url}?page_size=2")
    large = _count(api, f"{url}?page_size=12")
    assert small == large, (url, small, large)
    assert len(api.get(f"{url}?page_size=12").json()["results"]) >= 2
