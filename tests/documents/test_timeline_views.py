import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.models import Event
from documents.coverage import evaluate
from documents.models import NumberPattern, ValidityRule, ValidityRuleRevision
from documents.selectors import case_documents_with_coverage, rules_for
from documents.services import document_add, number_pattern_save, validity_rule_save
from tests.factories import open_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("validity_timeline")]
KARACHI = ZoneInfo("Asia/Karachi")


def apr_2024_rule():
    return ValidityRule.objects.get(kind="por", valid_until=date(2024, 6, 30), organisation=None)


def rule_post(rule=None, **changes):
    data = {
        "kind": "por", "effect": "extends", "valid_from": "2024-01-01",
        "valid_until": "2024-03-31", "decision": "Fictional notification of Jan 2024",
        "decided_on": "", "source_title": "Fictional gazette",
        "source_url": "https://example.org/gazette/2024-1", "notification_number": "",
        "certainty": "confirmed", "start_assumed": "", "known_from": "", "issued_from": "",
        "notes": "", "active": "on", "reason": "",
    }  # fmt: skip
    if rule is not None:
        data.update(
            kind=rule.kind, effect=rule.effect, valid_from=rule.valid_from.isoformat(),
            valid_until=rule.valid_until.isoformat() if rule.valid_until else "",
            decision=rule.decision,
            decided_on=rule.decided_on.isoformat() if rule.decided_on else "",
            source_title=rule.source_title, source_url=rule.source_url,
            certainty=rule.certainty, notes=rule.notes,
            issued_from=rule.issued_from.isoformat() if rule.issued_from else "",
        )  # fmt: skip
    data.update(changes)
    return data


def test_every_member_sees_the_timeline_with_sources(login, lawyer, outsider):
    for user in (lawyer, outsider):
        body = login(user).get(reverse("documents:timeline")).content.decode()
        assert "31 Mar 2024" in body and "The Nation, 27 Apr 2024" in body
        assert "Uncertain" in body and "start assumed" in body
        assert "source to be confirmed" in body
        assert reverse("documents:rule-create") not in body


# Governance: the shared timeline is platform staff's alone.


@pytest.mark.parametrize("persona", ["admin_user", "lawyer", "paralegal", "supervisor", "outsider"])
def test_no_organisation_member_edits_a_shared_rule(request, login, persona):
    user = request.getfixturevalue(persona)
    rule = apr_2024_rule()
    versions = rule.revisions.count()
    client = login(user)
    url = reverse("documents:rule-edit", args=[rule.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, rule_post(rule, reason="x")).status_code == 404
    with pytest.raises(ValidationError, match="Only platform staff"):
        validity_rule_save(rule=rule, fields={"notes": "x"}, reason="x", by=user)
    with pytest.raises(ValidationError):
        validity_rule_save(rule=None, fields={}, reason="x", by=user, shared=True)
    assert rule.revisions.count() == versions


def test_organisation_admin_is_offered_only_an_own_rule(login, admin_user):
    body = login(admin_user).get(reverse("documents:timeline")).content.decode()
    assert "Add a rule for your organisation" in body
    assert "Add a shared rule" not in body
    assert reverse("documents:rule-edit", args=[apr_2024_rule().public_id]) not in body


@pytest.mark.parametrize("staff", ["timeline_editor", "superuser"])
def test_platform_staff_edit_a_shared_rule_and_the_old_version_stays(request, login, staff):
    user = request.getfixturevalue(staff)
    rule = apr_2024_rule()
    before = list(rule.revisions.order_by("number"))
    client = login(user)
    assert "Add a shared rule" in client.get(reverse("documents:timeline")).content.decode()
    url = reverse("documents:rule-edit", args=[rule.public_id])
    data = rule_post(rule, notification_number="F.1-2/2024-SAFRON", reason="Number found")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert rule.notification_number == "F.1-2/2024-SAFRON"
    *old, new = rule.revisions.order_by("number")
    assert [r.pk for r in old] == [r.pk for r in before]
    assert new.by_platform_staff and new.changed_by == user and new.reason == "Number found"
    body = client.get(reverse("documents:rule-history", args=[rule.public_id])).content.decode()
    assert f"Version {new.number} (current)" in body and "Number found" in body
    # Logged on the platform's own trail, not any organisation's.
    event = Event.objects.get(verb="validity_rule.changed")
    assert event.organisation_id is None and event.data["shared"] is True


def test_staff_add_a_shared_rule(login, timeline_editor):
    data = rule_post(kind="unhcr_refugee", decision="Fictional UNHCR validity notice",
                     reason="New notice")  # fmt: skip
    response = login(timeline_editor).post(reverse("documents:rule-create"), data)
    assert response.status_code == 302
    rule = ValidityRule.objects.get(kind="unhcr_refugee")
    assert rule.organisation is None and rule.revisions.get().number == 1


def test_every_organisation_sees_a_shared_change_without_the_editors_of_others(
    login, admin_user, timeline_editor, outsider, supervisor
):
    rule = apr_2024_rule()
    # A change made before this rule existed, by an organisation's admin, and one by staff.
    ValidityRuleRevision.objects.create(
        rule=rule, number=rule.revisions.count() + 1, reason="Old admin edit",
        changed_by=admin_user, changed_by_name="Amina Orgadmin",
        editor_organisation=admin_user.membership.organisation,
        **{f: getattr(rule, f) for f in ("kind", "effect", "valid_from", "valid_until",
                                         "decision", "source_title", "certainty")},
    )  # fmt: skip
    timeline_editor.first_name, timeline_editor.last_name = "Sami", "Staff"
    timeline_editor.save()
    validity_rule_save(rule=rule, fields={"notes": "Checked"}, reason="Checked the gazette",
                       by=timeline_editor)  # fmt: skip
    url = reverse("documents:timeline-changes")
    theirs = login(outsider).get(url).content.decode()
    assert "Checked the gazette" in theirs and "Old admin edit" in theirs
    assert "Panah platform staff" in theirs and "another organisation" in theirs
    assert "Amina" not in theirs and "Sami" not in theirs
    history = login(outsider).get(reverse("documents:rule-history", args=[rule.public_id]))
    assert "Amina" not in history.content.decode()
    ours = login(supervisor).get(url).content.decode()
    assert "Amina Orgadmin" in ours  # a colleague's edit is named to the same organisation


def test_change_without_a_reason_is_refused(login, timeline_editor):
    rule = apr_2024_rule()
    versions = rule.revisions.count()
    response = login(timeline_editor).post(
        reverse("documents:rule-edit", args=[rule.public_id]),
        rule_post(rule, certainty="uncertain"),
    )
    assert response.status_code == 400
    assert rule.revisions.count() == versions


def test_period_ending_before_it_starts_is_refused(login, timeline_editor):
    rule = apr_2024_rule()
    data = rule_post(rule, valid_until="2023-01-01", reason="typo")
    response = login(timeline_editor).post(
        reverse("documents:rule-edit", args=[rule.public_id]), data
    )
    assert response.status_code == 400
    assert "cannot end before it starts" in response.content.decode()


def test_citation_names_the_current_version(timeline_editor):
    rule = apr_2024_rule()
    validity_rule_save(rule=rule, fields={"notes": "Checked"}, reason="Checked", by=timeline_editor)
    result = evaluate(
        kind="por", on_date=date(2024, 5, 12), rules=rules_for(["por"]),
        issued_on=date(2021, 9, 20),
    )  # fmt: skip
    assert result.citation.rule_id == rule.pk
    assert result.citation.revision_number == rule.revisions.count()


# An organisation's own rule: its admins write it, only its cases use it.


def arrested_case(by, day: str):
    when = datetime.fromisoformat(day).replace(hour=9, tzinfo=KARACHI)
    case = open_case(by, detention={"arrested_at": when})
    document_add(case=case, by=by, fields={"kind": "por", "issued_on": date(2021, 9, 20),
                                           "expires_on": date(2023, 6, 30)})  # fmt: skip
    return case


def test_admin_adds_an_own_rule_that_only_its_cases_use(login, admin_user, lawyer, outsiders):
    client = login(admin_user)
    form = client.get(reverse("documents:rule-create") + "?scope=own").content.decode()
    assert "Add a rule for your organisation" in form
    data = rule_post(decision="Fictional court-accepted reading of the Jan 2024 extension",
                     issued_from="2021-03-15", reason="Accepted by the Sessions Court")  # fmt: skip
    response = client.post(reverse("documents:rule-create") + "?scope=own", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = ValidityRule.objects.get(decision__startswith="Fictional court-accepted")
    assert rule.organisation == admin_user.membership.organisation
    assert Event.objects.get(verb="validity_rule.created").organisation == rule.organisation
    # Ours: the Jan-Mar 2024 gap is now covered by our own rule, and shown as such.
    ours = arrested_case(lawyer, "2024-02-10")
    verdict = case_documents_with_coverage(ours)[0].coverage
    assert verdict.status == "covered" and verdict.organisation_rule
    assert "your organisation's own rule" in verdict.explanation
    page = login(lawyer).get(reverse("casework:case-detail", args=[ours.reference]))
    assert "your organisation's rule" in page.content.decode()
    # Theirs: the shared (uncertain) rule still decides.
    outsider_lawyer = next(u for u in outsiders if u.username == "other-lawyer")
    theirs = arrested_case(outsider_lawyer, "2024-02-10")
    assert case_documents_with_coverage(theirs)[0].coverage.status == "unknown"


def test_other_organisations_never_see_or_edit_an_own_rule(login, admin_user, outsiders):
    rule = validity_rule_save(
        rule=None, fields=_own_fields(), reason="Ours", by=admin_user, shared=False
    )
    for user in outsiders:
        client = login(user)
        assert (
            client.get(reverse("documents:rule-history", args=[rule.public_id])).status_code == 404
        )
        assert client.get(reverse("documents:rule-edit", args=[rule.public_id])).status_code == 404
        assert (
            "Fictional own rule" not in client.get(reverse("documents:timeline")).content.decode()
        )
        assert (
            "Fictional own rule"
            not in client.get(reverse("documents:timeline-changes")).content.decode()
        )
        with pytest.raises(ValidationError):
            validity_rule_save(rule=rule, fields={"notes": "x"}, reason="x", by=user)


def test_only_the_own_organisations_admin_edits_its_rule(login, admin_user, supervisor, lawyer):
    rule = validity_rule_save(
        rule=None, fields=_own_fields(), reason="Ours", by=admin_user, shared=False
    )
    for user in (supervisor, lawyer):
        assert (
            login(user).get(reverse("documents:rule-edit", args=[rule.public_id])).status_code
            == 404
        )
        assert (
            login(user).get(reverse("documents:rule-history", args=[rule.public_id])).status_code
            == 200
        )
    response = login(admin_user).post(
        reverse("documents:rule-edit", args=[rule.public_id]),
        rule_post(decision="Fictional own rule", notes="Refined", reason="Refined"),
    )
    assert response.status_code == 302
    assert rule.revisions.count() == 2


def _own_fields():
    return {
        "kind": "por", "effect": "extends", "valid_from": date(2024, 1, 1),
        "valid_until": date(2024, 3, 31), "decision": "Fictional own rule",
        "source_title": "Fictional gazette", "certainty": "confirmed",
    }  # fmt: skip


def test_people_outside_every_organisation_see_nothing(client, db):
    from tests.factories import UserFactory
    from tests.signin import verified_login

    verified_login(client, UserFactory(username="nobody"))
    for name in ("documents:timeline", "documents:timeline-changes", "documents:rule-create"):
        assert client.get(reverse(name)).status_code == 404


def test_missing_rule_is_404(login, admin_user):
    assert (
        login(admin_user).get(reverse("documents:rule-history", args=[uuid.uuid4()])).status_code
        == 404
    )


# Number formats stay with the organisation's administrators.


def test_admin_sets_and_removes_a_number_pattern(login, admin_user, other_org):
    client = login(admin_user)
    url = reverse("documents:number-patterns")
    data = {"kind": "por", "pattern": r"[A-Z]{2}\d{7}", "description": "two letters"}
    assert client.post(url, data).status_code == 302
    assert NumberPattern.objects.get().organisation == admin_user.membership.organisation
    assert client.post(url, {"kind": "por", "pattern": "("}).status_code == 400
    assert client.post(url, {"kind": "por", "pattern": ""}).status_code == 302
    assert not NumberPattern.objects.exists()


@pytest.mark.parametrize("persona", ["lawyer", "paralegal", "supervisor", "outsider"])
def test_only_organisation_admins_set_number_patterns(request, login, persona):
    client = login(request.getfixturevalue(persona))
    url = reverse("documents:number-patterns")
    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": "por", "pattern": "X"}).status_code == 404


def test_pattern_service_refuses_non_admins(lawyer):
    with pytest.raises(ValidationError):
        number_pattern_save(kind="por", pattern="X", by=lawyer)


@pytest.mark.parametrize("persona", ["lawyer", "paralegal", "supervisor"])
def test_members_who_are_not_admins_add_no_rule_at_all(request, login, persona):
    client = login(request.getfixturevalue(persona))
    for url in (reverse("documents:rule-create"), reverse("documents:rule-create") + "?scope=own"):
        assert client.get(url).status_code == 404
        assert client.post(url, rule_post(reason="x")).status_code == 404
    assert not ValidityRule.objects.filter(decision="Fictional notification of Jan 2024").exists()
