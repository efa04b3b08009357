from datetime import datetime

import pytest
from django.contrib.auth.models import Permission

from detainees.incidents.services import incident_create
from detainees.models import Detention
from documents.models import ValidityRule, ValidityRuleRevision
from documents.seed_timeline import seed_validity_timeline
from tests.documents.petition_helpers import KARACHI, case_with_por
from tests.factories import UserFactory


@pytest.fixture
def validity_timeline(db):
    """The seeded timeline, restored if a transactional test elsewhere flushed the tables."""
    seed_validity_timeline(ValidityRule, ValidityRuleRevision)


@pytest.fixture
def timeline_editor(db):
    """Platform staff: given the timeline editor permission, member of no organisation."""
    user = UserFactory(username="timeline-editor")
    user.user_permissions.add(Permission.objects.get(codename="edit_shared_timeline"))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="platform-root", is_superuser=True)


@pytest.fixture
def raid(supervisor, lawyer, paralegal):
    """A raid with three detainees, each holding a PoR card valid on the day."""
    incident = incident_create(
        created_by=supervisor,
        fields={"occurred_at": datetime(2024, 8, 15, 6, 0, tzinfo=KARACHI),
                "place": "Afghan Basti, sector I-12"},
    )  # fmt: skip
    cases = [
        case_with_por(lawyer, paralegal, supervisor, given=name, father="Gul Mohammad")
        for name in ("Jawid", "Samir", "Nabil")
    ]
    Detention.objects.filter(case__in=cases).update(incident=incident)
    return incident
