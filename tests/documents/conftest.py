import pytest
from django.contrib.auth.models import Permission

from documents.models import ValidityRule, ValidityRuleRevision
from documents.seed_timeline import seed_validity_timeline
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
