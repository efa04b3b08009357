"""The access-control matrix: every URL that names an object, tried by everyone who must not see it.

The URLs come from walking the URLconf, so a view added later is covered without editing
this file. What each URL parameter names is looked up in ``KINDS`` by parameter name (or
by URL name and parameter, for vague names like ``pk``); a parameter this file does not
know fails the test with instructions, rather than being skipped in silence.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

# One parallel worker takes the whole module, so its objects are made once.
pytestmark = pytest.mark.xdist_group("access-matrix")

# Who must get 404 for an object of each scope.
CASE = "case"  # the colleague not on the case, and every role of the other organisation
ORGANISATION = "organisation"  # every role of the other organisation
SHARED = "shared"  # public data every organisation reads (the validity timeline): no one

# Reached without signing in by design: the token in the URL is the credential.
PUBLIC_TOKEN_VIEWS = {"accounts:activate", "detainees:calendar-feed"}


@dataclass(frozen=True)
class Kind:
    scope: str
    make: Callable[[SimpleNamespace], object]  # builds a real object, returns the URL value


def _hearing(w):
    from detainees.hearings.services import hearing_schedule
    from detainees.models import Court

    return hearing_schedule(
        case=w.case,
        court=Court.objects.order_by("pk").first(),
        starts_at=timezone.now() + timedelta(days=2),
        purpose="bail",
        attending=[w.lawyer],
        by=w.lawyer,
    )


def _outcome(w):
    from casework.models import Outcome
    from detainees.outcomes import outcome_record

    return outcome_record(
        case=w.case, outcome=Outcome.BAIL_REFUSED, occurred_at=timezone.now() - timedelta(hours=1),
        source="Court order seen by the lawyer", by=w.lawyer,
    ).public_id  # fmt: skip


def _application(w):
    from detainees.hearings.application_services import application_record
    from detainees.models import Court

    return application_record(
        case=w.case, by=w.lawyer, kind="bail", court=Court.objects.order_by("pk").first(),
        filed_on=timezone.localdate(), result="pending",
    ).public_id  # fmt: skip


def _granted_application(w):
    from detainees.hearings.application_services import application_record
    from detainees.models import Court

    return application_record(
        case=w.case, by=w.lawyer, kind="bail", court=Court.objects.order_by("pk").first(),
        filed_on=timezone.localdate(), result="granted", order_on=timezone.localdate(),
    ).public_id  # fmt: skip


def _contact(w):
    from detainees.bail.contacts import case_contact_save

    return case_contact_save(
        case=w.case, by=w.lawyer, role="surety", fields={"name": "Matrix Surety"}
    ).public_id


def _unhcr_request(w):
    from detainees.unhcr.services import unhcr_request_save

    return unhcr_request_save(case=w.case, by=w.lawyer, fields={}).public_id


def _referral(w):
    from detainees.models.risk import ReferralBody
    from detainees.risk.services import referral_save

    fields = {"body": ReferralBody.values[0], "status": "planned"}
    return referral_save(case=w.case, fields=fields, by=w.lawyer).public_id


def _incident(w):
    from tests.detainees.incident_helpers import record_incident

    w.incident = getattr(w, "incident", None) or record_incident(w.supervisor)
    return w.incident


def _stored_file(w):
    from documents.models import FilePurpose
    from documents.services import stored_file_create
    from documents.uploads import accept_upload
    from tests.documents.samples import png_bytes, upload

    return stored_file_create(
        case=w.case, upload=accept_upload(upload("card.png", png_bytes())),
        purpose=FilePurpose.DOCUMENT_SCAN, by=w.lawyer,
    ).public_id  # fmt: skip


def _identity_document(w):
    from documents.models import IdentityDocument

    return IdentityDocument.objects.create(
        organisation=w.case.organisation, person=w.case.person, kind="por",
        number="PK-0000-0000-Z", number_normalised="PK00000000Z",
    ).public_id  # fmt: skip


def _validity_rule(w):
    from documents.models import ValidityRule

    return ValidityRule.objects.order_by("pk").first().public_id


def _global_template():
    from documents.models import PetitionTemplate

    return PetitionTemplate.objects.filter(organisation=None).order_by("pk").first()


def _petition(w):
    from django.core.files.base import ContentFile

    from documents.models import PetitionState
    from documents.petitions.services import petition_create

    petition = petition_create(case=w.case, template=_global_template(), by=w.lawyer)
    # As if rendered (tested in tests/documents), so that the download URL serves a file.
    petition.pdf.save("matrix.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    petition.state = PetitionState.READY
    petition.save(update_fields=["pdf", "state"])
    return petition


def _template(w):
    from documents.petitions.services import petition_template_save

    base = _global_template()
    latest = base.versions.order_by("-pk").first()
    version = petition_template_save(
        template=base, by=w.admin, html=latest.html, css=latest.css, note="Our wording"
    )
    return version.template.public_id


def _batch(w):
    from documents.petitions.batches import petition_batch_create
    from tests.detainees.incident_helpers import intake

    _incident(w)
    cases = intake(w.supervisor, w.incident, 1)
    # Raid intake records no FIR and no consent to contact UNHCR: a vakalatnama lies for
    # every detainee, bail and the UNHCR letter do not.
    letter = _global_template().__class__.objects.get(
        organisation=None, key="vakalatnama", language="en"
    )
    return petition_batch_create(
        incident=w.incident, template=letter, cases=cases, by=w.supervisor
    ).public_id


def _api_token(w):
    from api.services import api_token_create

    # The supervisor's: the matrix revokes the lawyer's access before it reaches this URL.
    return api_token_create(user=w.supervisor, name="Matrix", scope="read", days=1)[0].public_id


def _inbox_entry(w):
    from api.services import inbox_entry_receive, inbox_token_create

    token, _ = inbox_token_create(by=w.admin, name="Matrix hotline")
    return inbox_entry_receive(token=token, fields={"name": "Matrix Person"}).public_id


def _inbox_token(w):
    from api.services import inbox_token_create

    return inbox_token_create(by=w.admin, name="Matrix partner")[0].public_id


def _monthly_report(w):
    from datetime import date

    from analytics.services import monthly_report_request
    from analytics.tasks import render_monthly_report

    report = monthly_report_request(organisation=w.org, month=date(2026, 3, 1), by=w.supervisor)
    render_monthly_report(report.pk, report.render_token)  # as the PDF worker would
    return report.public_id


def _passkey(w):
    from tests.passkeys import passkey_row

    return passkey_row(w.lawyer, name="Matrix key")


KINDS: dict[str, Kind] = {
    "reference": Kind(CASE, lambda w: w.case.reference),
    # Members: admins of the organisation only.
    "member_id": Kind(CASE, lambda w: w.lawyer.membership.public_id),
    "hearing_id": Kind(CASE, lambda w: _hearing(w).public_id),
    "outcome_id": Kind(CASE, _outcome),
    "application_id": Kind(CASE, _application),
    # A release order follows a grant of bail only.
    "detainees:release-order/application_id": Kind(CASE, _granted_application),
    "referral_id": Kind(CASE, _referral),
    "contact_id": Kind(CASE, _contact),
    "request_id": Kind(CASE, _unhcr_request),
    "incident_id": Kind(ORGANISATION, lambda w: _incident(w).public_id),
    "organisation_id": Kind(ORGANISATION, lambda w: w.org.public_id),  # its admins only
    "file_id": Kind(CASE, _stored_file),
    "document_id": Kind(CASE, _identity_document),
    "rule_id": Kind(SHARED, _validity_rule),
    "petition_id": Kind(CASE, lambda w: _petition(w).public_id),  # the API's
    "petition": Kind(CASE, lambda w: _petition(w).public_id),
    "template_id": Kind(ORGANISATION, _template),
    "batch": Kind(ORGANISATION, _batch),
    # A user's own API token: the colleague and outsiders must not reach another's.
    "token_id": Kind(CASE, _api_token),
    "entry_id": Kind(ORGANISATION, _inbox_entry),
    "inbox_token_id": Kind(ORGANISATION, _inbox_token),
    "report_id": Kind(ORGANISATION, _monthly_report),
    # A member's own passkey: nobody else, not even their admin, reaches it.
    "passkey_id": Kind(CASE, lambda w: _passkey(w).public_id),
    # Verbs, not objects: any valid one will do.
    "action": Kind(SHARED, lambda w: "approve"),
    "detainees:contact-create/role": Kind(SHARED, lambda w: "surety"),
}
STRICTNESS = {SHARED: 0, ORGANISATION: 1, CASE: 2}


def _walk(patterns, prefix="", namespace=None) -> Iterator[tuple[str, URLPattern, str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in [namespace, entry.namespace] if n) or None
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            name = f"{namespace}:{entry.name}" if namespace else (entry.name or "")
            yield prefix + str(entry.pattern), entry, name


def object_urls() -> list[tuple[str, URLPattern, str]]:
    return [
        (route, entry, name)
        for route, entry, name in _walk(get_resolver().url_patterns)
        if entry.pattern.regex.groupindex or "<" in route
    ]


def _kind(name: str, parameter: str) -> Kind:
    kind = KINDS.get(f"{name}/{parameter}") or KINDS.get(parameter)
    if kind is None:
        pytest.fail(
            f"The URL {name!r} takes <{parameter}>, which the access matrix does not know. "
            f"Add KINDS[{parameter!r}] (or KINDS['{name}/{parameter}']) in {__file__}: its "
            "scope and a builder that makes a real object of the organisation's case."
        )
    return kind


@dataclass(frozen=True)
class Target:
    """An object URL someone must be refused, and what its parameters name."""

    name: str
    route: str
    parameters: tuple[str, ...]

    def __str__(self) -> str:
        return self.name or self.route


def _known_scope(target: Target) -> str | None:
    """The strictest scope of the target's parameters; None while one is unknown (the test
    then fails with instructions)."""
    kinds = [KINDS.get(f"{target.name}/{p}") or KINDS.get(p) for p in target.parameters]
    if None in kinds:
        return None
    return max((k.scope for k in kinds), key=STRICTNESS.__getitem__)


def _targets() -> list[Target]:
    targets = []
    for route, entry, name in object_urls():
        if name.startswith("admin:") or name in PUBLIC_TOKEN_VIEWS:
            continue  # the admin site: test_admin_site_turns_away_everyone_but_superusers
        target = Target(name, "/" + route, tuple(entry.pattern.regex.groupindex))
        if _known_scope(target) != SHARED:
            targets.append(target)
    return targets


TARGETS = _targets()


class Matrix(SimpleNamespace):
    def client(self, user) -> Client:
        """A client signed in as ``user`` with both factors, in a session made once."""
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[user.username]
        return client

    def url(self, target: Target) -> str:
        url = target.route
        for parameter in target.parameters:
            key = f"{target.name}/{parameter}"
            url = _fill(url, parameter, self.values[key if key in KINDS else parameter])
        return url


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """Everyone, the organisation's case and one object of each kind, made once for all the
    URLs and rolled back after the last; what a test changes rolls back after that test."""
    from casework.models import Role
    from casework.services import case_assign
    from tests.factories import OrganisationFactory, member, open_case
    from tests.signin import verified_login

    with django_db_blocker.unblock(), transaction.atomic():
        org = OrganisationFactory(name="Demo Legal Aid", reference_prefix="ISB")
        other_org = OrganisationFactory(name="Other Chambers", reference_prefix="PEW")
        lawyer = member(org, Role.LAWYER, "lawyer")
        paralegal = member(org, Role.PARALEGAL, "paralegal")
        supervisor = member(org, Role.SUPERVISOR, "supervisor")
        world = SimpleNamespace(
            org=org,
            admin=member(org, Role.ADMIN, "orgadmin"),
            supervisor=supervisor,
            lawyer=lawyer,
            paralegal=paralegal,
            case=open_case(lawyer),
        )
        case_assign(case=world.case, lead_lawyer=lawyer, team=[paralegal], by=supervisor.membership)
        world.case.refresh_from_db()
        colleague = member(org, Role.LAWYER, "colleague")
        outsiders = [member(other_org, role, f"other-{role}") for role in Role.values]
        values = {}
        for target in TARGETS:
            for parameter in target.parameters:
                key = f"{target.name}/{parameter}"
                key = key if key in KINDS else parameter
                if key in KINDS and key not in values:
                    values[key] = KINDS[key].make(world)
        sessions = {}
        for user in [world.admin, supervisor, lawyer, colleague, *outsiders]:
            client = Client()
            verified_login(client, user)
            sessions[user.username] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield Matrix(
            world=world,
            colleague=colleague,
            outsiders=outsiders,
            values=values,
            sessions=sessions,
        )
        transaction.set_rollback(True)


@pytest.mark.parametrize("target", TARGETS, ids=str)
def test_object_url_is_hidden_from_those_outside(matrix, target, db):
    scope = max(
        (_kind(target.name, p).scope for p in target.parameters), key=STRICTNESS.__getitem__
    )
    url = matrix.url(target)
    strangers = [*matrix.outsiders, *([matrix.colleague] if scope == CASE else [])]
    failures = []
    for user in strangers:
        client = matrix.client(user)
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            # Strictly 404, whatever the method: views check access before they check the
            # method (casework.http.method_not_allowed).
            if status != 404:
                failures.append(f"{user.username} {method.upper()} {url} -> {status}")
    assert failures == [], "\n".join(failures)
    # Positive control: someone entitled reaches the URL, so the 404s above are about who
    # asks, not about a URL that names nothing. GET first; POST only where no GET got
    # through, since it may act.
    insiders = [matrix.world.supervisor, matrix.world.admin, matrix.world.lawyer]
    for method in ("get", "post"):
        statuses = [_status(matrix.client(user), method, url) for user in insiders]
        if any(status not in (404, 405) for status in statuses):
            return
    pytest.fail(f"no insider reaches {url} ({target}): {statuses}")


def test_the_matrix_walks_every_object_url():
    assert len(TARGETS) >= 20
    assert len({str(t) for t in TARGETS}) == len(TARGETS), "two object URLs share a name"


def _status(client, method: str, url: str) -> int:
    response = getattr(client, method)(url)
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return 404  # signed out: that proves nothing about the URL
    return response.status_code


def _fill(route: str, parameter: str, value) -> str:
    import re

    return re.sub(rf"<(?:\w+:)?{parameter}>", str(value), route)


def test_admin_site_turns_away_everyone_but_superusers(matrix, db):
    world = matrix.world
    case_admin = f"/django-admin/casework/case/{world.case.pk}/change/"
    for user in [world.supervisor, world.admin, matrix.colleague, *matrix.outsiders]:
        response = matrix.client(user).get(case_admin)
        assert response.status_code == 302
        assert response["Location"].startswith("/django-admin/login/")


def test_an_unknown_kind_of_identifier_fails_loudly():
    with pytest.raises(pytest.fail.Exception, match="does not know"):
        _kind("somewhere:thing-detail", "gadget_id")
