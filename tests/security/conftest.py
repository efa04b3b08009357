from types import SimpleNamespace

import pytest


@pytest.fixture
def world(org, admin_user, supervisor, lawyer, paralegal, case):
    """Everyone of the organisation and its case, for the tests that walk the URLconf."""
    return SimpleNamespace(
        org=org, admin=admin_user, supervisor=supervisor, lawyer=lawyer, paralegal=paralegal,
        case=case,
    )  # fmt: skip
