import pytest

from casework.models import Case
from detainees.models import Incident
from documents.models import IdentityDocument
from panah.demo.incidents import RAIDS, seed_incidents

pytestmark = pytest.mark.django_db


def test_demo_raids_are_seeded_once_with_their_detainees(org, lawyer, paralegal):
    staff = {"lawyer": lawyer, "paralegal": paralegal}
    expected = sum(len(raid["detainees"]) for raid in RAIDS)
    assert seed_incidents(org, staff=staff) == expected
    assert seed_incidents(org, staff=staff) == 0
    assert Incident.objects.filter(organisation=org).count() == len(RAIDS)
    assert Case.objects.filter(detention__incident__isnull=False).count() == expected
    assert IdentityDocument.objects.filter(number__startswith="DEMO-").count() == 4
