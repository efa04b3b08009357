import pytest

from documents.models import IdentityDocument
from documents.selectors import case_documents_with_coverage
from panah.demo.coverage import EXAMPLES, seed_coverage_examples

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("validity_timeline")]


def test_demo_cases_show_all_three_verdicts_and_seed_once(org, paralegal, supervisor, lawyer):
    people = {"opener": paralegal, "supervisor": supervisor, "lawyer": lawyer}
    assert seed_coverage_examples(org, **people) == 3
    assert seed_coverage_examples(org, **people) == 0
    verdicts = {
        d.person.given_name: case_documents_with_coverage(d.person.cases.get())[0].coverage.status
        for d in IdentityDocument.objects.select_related("person")
    }
    assert verdicts == {row[0]: row[-1] for row in EXAMPLES}
    assert sorted(verdicts.values()) == ["covered", "not_covered", "unknown"]
