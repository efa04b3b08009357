import pytest

from documents.models import ValidityRule, ValidityRuleRevision
from documents.seed_timeline import seed_validity_timeline


@pytest.fixture
def validity_timeline(db):
    """The seeded timeline, restored if a transactional test elsewhere flushed the tables."""
    seed_validity_timeline(ValidityRule, ValidityRuleRevision)
