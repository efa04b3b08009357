"""Finding 9: an administrator could tie up the server with a template or a pattern.

Nested loops rendered for seconds, ``center:'50000000'`` produced 50 MB, and a number
pattern such as ``(A+)+B`` backtracked exponentially on every case page. Also finding
12's template-preview runtime error, which answered 500.
"""

import time

import pytest
from django.urls import reverse

from documents.numbers import breaks_pattern, compile_pattern
from documents.petitions import services
from documents.petitions.engine import TemplateProblem, render_source
from tests.documents.petition_helpers import case_with_por, template

NESTED = (
    "{% for a in s %}{% for b in s %}{% for c in s %}{% for d in s %}x"
    "{% endfor %}{% endfor %}{% endfor %}{% endfor %}"
)


def test_padding_to_fifty_million_characters_is_refused_quickly():
    started = time.monotonic()
    with pytest.raises(TemplateProblem, match="more than 2 MB"):
        render_source("{{ x|center:'50000000' }}", {"x": "a"})
    assert time.monotonic() - started < 5


def test_loops_inside_loops_are_stopped_at_the_time_limit(settings):
    settings.TEMPLATE_RENDER_TIMEOUT_SECONDS = 1
    started = time.monotonic()
    with pytest.raises(TemplateProblem, match="longer than 1 seconds"):
        render_source(NESTED, {"s": "y" * 300})
    assert time.monotonic() - started < 3


def test_an_ordinary_template_still_renders_escaped():
    assert render_source("<p>{{ name }}</p>", {"name": "<b>Zarif</b>"}) == (
        "<p>&lt;b&gt;Zarif&lt;/b&gt;</p>"
    )


def test_a_catastrophic_backtracking_pattern_runs_in_linear_time():
    started = time.monotonic()
    assert breaks_pattern("A" * 50_000 + "C", "(A+)+B")
    assert time.monotonic() - started < 0.5


def test_patterns_needing_backtracking_features_are_refused_with_a_message():
    with pytest.raises(ValueError, match="Back-references"):
        compile_pattern(r"(A)\1")


@pytest.fixture
def override(admin_user):
    return services.petition_template_save(
        template=template("bail-497"), by=admin_user, html="<p>{{ person.name }}</p>", css=""
    ).template


@pytest.mark.parametrize(
    "html, message",
    [
        ("{% for a, b in person.name %}{{ a }}{% endfor %}", "failed while being filled in"),
        ("{{ person.name|center:'50000000' }}", "more than 2 MB"),
    ],
)
def test_template_preview_reports_runtime_problems_instead_of_a_500(
    login, admin_user, override, lawyer, paralegal, supervisor, html, message
):
    case = case_with_por(lawyer, paralegal, supervisor)
    response = login(admin_user).post(
        reverse("documents:petition-template-preview", args=[override.public_id]),
        {"html": html, "css": "", "case": case.reference},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
