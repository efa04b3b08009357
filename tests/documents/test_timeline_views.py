from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.models import Event
from documents.coverage import evaluate
from documents.models import NumberPattern, ValidityRule, ValidityRuleRevision
from documents.selectors import rules_for
from documents.services import number_pattern_save, validity_rule_save

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("validity_timeline")]


def apr_2024_rule():
    return ValidityRule.objects.get(kind="por", valid_until=date(2024, 6, 30))


def rule_post(rule, **changes):
    data = {
        "kind": rule.kind, "effect": rule.effect, "valid_from": rule.valid_from.isoformat(),
        "valid_until": rule.valid_until.isoformat() if rule.valid_until else "",
        "decision": rule.decision, "decided_on": "", "source_title": rule.source_title,
        "source_url": rule.source_url, "certainty": rule.certainty, "notes": rule.notes,
        "active": "on" if rule.active else "", "reason": "",
    }  # fmt: skip
    data.update(changes)
    return data


def test_every_member_sees_the_timeline_with_sources(login, lawyer, outsider):
    for user in (lawyer, outsider):
        body = login(user).get(reverse("documents:timeline")).content.decode()
        assert "31 Mar 2024" in body and "The Nation, 27 Apr 2024" in body
        assert "Uncertain" in body
        assert reverse("documents:rule-create") not in body


def test_admin_edits_a_rule_and_the_old_version_stays_visible(login, admin_user):
    rule = apr_2024_rule()
    client = login(admin_user)
    url = reverse("documents:rule-edit", args=[rule.pk])
    data = rule_post(rule, decided_on="2024-04-26", reason="Cabinet minutes found")
    response = client.post(url, data)
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.decided_on == date(2024, 4, 26)
    old, new = ValidityRuleRevision.objects.filter(rule=rule).order_by("number")
    assert old.decided_on is None and new.decided_on == date(2024, 4, 26)
    assert new.changed_by == admin_user and new.reason == "Cabinet minutes found"
    body = client.get(reverse("documents:rule-history", args=[rule.pk])).content.decode()
    assert "Version 1" in body and "Version 2 (current)" in body
    assert "Cabinet minutes found" in body
    assert Event.objects.filter(verb="validity_rule.changed").exists()


def test_citation_names_the_current_version(admin_user):
    rule = apr_2024_rule()
    validity_rule_save(rule=rule, fields={"notes": "Checked"}, reason="Checked", by=admin_user)
    result = evaluate(kind="por", on_date=date(2024, 3, 12), rules=rules_for(["por"]))
    assert result.citation.rule_id == rule.pk
    assert result.citation.revision_number == 2


def test_change_without_a_reason_is_refused(login, admin_user):
    rule = apr_2024_rule()
    response = login(admin_user).post(
        reverse("documents:rule-edit", args=[rule.pk]), rule_post(rule, certainty="uncertain")
    )
    assert response.status_code == 400
    assert ValidityRuleRevision.objects.filter(rule=rule).count() == 1


def test_period_ending_before_it_starts_is_refused(login, admin_user):
    rule = apr_2024_rule()
    data = rule_post(rule, valid_until="2023-01-01", reason="typo")
    response = login(admin_user).post(reverse("documents:rule-edit", args=[rule.pk]), data)
    assert response.status_code == 400
    assert "cannot end before it starts" in response.content.decode()


def test_admin_adds_a_rule(login, admin_user):
    data = {
        "kind": "unhcr_refugee", "effect": "extends", "valid_from": "2024-01-01",
        "valid_until": "2024-12-31", "decision": "Fictional UNHCR validity notice",
        "source_title": "UNHCR Pakistan", "source_url": "https://www.unhcr.org/pk",
        "certainty": "confirmed", "active": "on", "reason": "New notice",
    }  # fmt: skip
    response = login(admin_user).post(reverse("documents:rule-create"), data)
    assert response.status_code == 302
    rule = ValidityRule.objects.get(kind="unhcr_refugee")
    assert rule.revisions.get().number == 1


@pytest.mark.parametrize("persona", ["lawyer", "paralegal", "supervisor", "outsider"])
def test_only_organisation_admins_edit_the_timeline(request, login, persona):
    user = request.getfixturevalue(persona)
    rule = apr_2024_rule()
    client = login(user)
    for url in (reverse("documents:rule-edit", args=[rule.pk]), reverse("documents:rule-create"),
                reverse("documents:number-patterns")):  # fmt: skip
        assert client.get(url).status_code == 404
        assert client.post(url, rule_post(rule, reason="x")).status_code == 404
    with pytest.raises(ValidationError):
        validity_rule_save(rule=rule, fields={"notes": "x"}, reason="x", by=user)
    assert ValidityRuleRevision.objects.filter(rule=rule).count() == 1


def test_missing_rule_is_404(login, admin_user):
    assert login(admin_user).get(reverse("documents:rule-history", args=[99999])).status_code == 404


def test_admin_sets_and_removes_a_number_pattern(login, admin_user, other_org):
    client = login(admin_user)
    url = reverse("documents:number-patterns")
    data = {"kind": "por", "pattern": r"[A-Z]{2}\d{7}", "description": "two letters"}
    assert client.post(url, data).status_code == 302
    assert NumberPattern.objects.get().organisation == admin_user.membership.organisation
    assert client.post(url, {"kind": "por", "pattern": "("}).status_code == 400
    assert client.post(url, {"kind": "por", "pattern": ""}).status_code == 302
    assert not NumberPattern.objects.exists()


def test_pattern_service_refuses_non_admins(lawyer):
    with pytest.raises(ValidationError):
        number_pattern_save(kind="por", pattern="X", by=lawyer)
