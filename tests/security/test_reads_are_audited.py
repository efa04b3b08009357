"""Finding 10, made systematic: every page that shows who a person is writes one read
event, and every response carrying a file's bytes writes one download event.

The URLs come from walking the URLconf, as the access matrix does, and every URL name must
be classified here: a read (which verb, about what), a download (which verb), or neither,
with the reason. A view added later fails ``test_every_url_is_classified`` until someone
decides which it is. Objects are built with the access matrix's builders; the person has
distinctive (fictional) names, so no event's data may contain them, nor what was searched.
"""

import json
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver, reverse

from casework.audit import READ_VERBS
from casework.models import Event
from casework.services import case_assign
from tests.factories import open_case
from tests.security.test_access_matrix import KINDS, _fill, _walk

GIVEN, FAMILY, FATHER = "Zarbakhtwal", "Spinghulzai", "Tor Malangwal"
PHONE, ADDRESS = "0300 5550188", "House 19, Street Zarbakht-4"
CLIENT_DATA = [GIVEN, FAMILY, FATHER, PHONE, ADDRESS, "zarbakht", "spinghul"]


@dataclass(frozen=True)
class Read:
    verb: str
    who: str  # a member of the world: lawyer, supervisor, admin
    about: str | None  # "case", "incident", "batch", "entry"; None for a list of people
    query: str = ""


@dataclass(frozen=True)
class Download:
    verb: str
    who: str
    query: str = ""
    method: str = "get"


@dataclass(frozen=True)
class Neither:
    why: str


CASE_PAGE = Read("case.viewed", "supervisor", "case")
API_CASE = Read("case.viewed", "lawyer", "case")
RAID_PAGE = Read("incident.viewed", "supervisor", "incident")
POST_ONLY = Neither("acts on POST only; a page it re-renders is classified on its own URL")
MEMBERS = Neither("members, their sign-in and settings: staff, never a client")
SHARED_RULES = Neither("the validity timeline and number patterns: public rules, no person")

URLS = {
    # The case record, page by page.
    "casework:case-list": Read("case_list.viewed", "lawyer", None, f"?q={GIVEN}"),
    "casework:case-detail": Read("case.viewed", "lawyer", "case"),
    "detainees:person-edit": CASE_PAGE,
    "detainees:detention-edit": CASE_PAGE,
    "detainees:custody-add": CASE_PAGE,
    "detainees:hearing-create": CASE_PAGE,
    "detainees:hearing-edit": CASE_PAGE,
    "detainees:hearing-cancel": CASE_PAGE,
    "detainees:hearing-result": CASE_PAGE,
    "detainees:outcome-create": CASE_PAGE,
    "detainees:outcome-review": CASE_PAGE,
    "detainees:application-create": CASE_PAGE,
    "detainees:application-edit": CASE_PAGE,
    "detainees:release-order": CASE_PAGE,
    "detainees:contact-create": CASE_PAGE,
    "detainees:contact-edit": CASE_PAGE,
    "detainees:contact-remove": CASE_PAGE,
    "detainees:unhcr-request-create": CASE_PAGE,
    "detainees:unhcr-request-edit": CASE_PAGE,
    "detainees:risk-detail": Read("case.viewed", "lawyer", "case"),
    "detainees:risk-edit": Read("case.viewed", "lawyer", "case"),
    "detainees:referral-create": CASE_PAGE,
    "detainees:referral-edit": CASE_PAGE,
    "documents:document-add": CASE_PAGE,
    "documents:document-edit": CASE_PAGE,
    "documents:document-scan-add": CASE_PAGE,
    "documents:verification-add": CASE_PAGE,
    "documents:petition-create": CASE_PAGE,
    "documents:petition-detail": CASE_PAGE,
    "documents:coverage-preview": Neither(
        "the verdict on the dates being typed, inside the document page that is the read"
    ),
    "documents:petition-status": Neither(
        "a petition's state, polled by its page, which is the read"
    ),
    "documents:petition-transition": POST_ONLY,
    "casework:case-create": Neither(
        "a blank intake form; its duplicate warnings are reads (tested below)"
    ),
    "casework:case-assign": Neither("the case's reference and its team, no client data"),
    "casework:case-approvers": Neither("the case's reference and its lawyers"),
    "casework:case-close": Neither("the case's reference and a reason to type"),
    "casework:case-reopen": Neither("the case's reference and a reason to type"),
    # Files leaving the server.
    "documents:file-download": Download("file.downloaded", "lawyer"),
    "documents:petition-preview": Download("petition.previewed", "lawyer"),
    "documents:petition-download": Download("petition.downloaded", "lawyer"),
    "documents:petition-batch-download": Download("petition.downloaded", "supervisor"),
    "casework:case-export": Download("case.exported", "lawyer", method="post"),
    "api:petition-pdf": Download("petition.downloaded", "lawyer"),
    "analytics:today-export": Download("analytics.exported", "supervisor", "?table=custody"),
    "analytics:analytics-export": Download("analytics.exported", "supervisor", "?table=outcomes"),
    "analytics:case-list-export": Download("analytics.exported", "supervisor", f"?q={GIVEN}"),
    "analytics:report-download": Download("report.downloaded", "supervisor"),
    "incidents:incident-intake-template": Neither("a blank CSV: its header line only"),
    "detainees:calendar-feed": Neither(
        "reference, court, time and purpose only, by design (calendar_feed.render_ics)"
    ),
    # Raids and their intake.
    "incidents:incident-list": Neither("place, agency and counts of raids, never a person"),
    "incidents:incident-create": Neither("a blank form"),
    "incidents:incident-detail": RAID_PAGE,
    "incidents:incident-edit": RAID_PAGE,
    "incidents:incident-intake": RAID_PAGE,
    "incidents:incident-intake-csv": RAID_PAGE,
    "incidents:incident-link-case": POST_ONLY,
    "raid-petitions": RAID_PAGE,
    # Pages listing many people.
    "detainees:hearing-list": Read("case_list.viewed", "lawyer", None),
    "detainees:court-diary": Read("case_list.viewed", "supervisor", None),
    "detainees:outcome-queue": Read("case_list.viewed", "supervisor", None),
    "analytics:today": Read("case_list.viewed", "supervisor", None),
    "documents:petition-queue-awaiting": Read("case_list.viewed", "supervisor", None),
    "documents:petition-queue-returned": Read("case_list.viewed", "lawyer", None),
    "documents:petition-batch-detail": Read("case_list.viewed", "supervisor", "batch"),
    "documents:petition-batch-progress": Read("case_list.viewed", "supervisor", "batch"),
    "documents:petition-batch-action": POST_ONLY,
    # The partner intake inbox: people who are not yet anyone's case.
    "api_web:inbox-list": Read("inbox.viewed", "supervisor", None),
    "api_web:inbox-accept": Read("inbox.viewed", "supervisor", "entry"),
    "api_web:inbox-dismiss": Read("inbox.viewed", "supervisor", "entry"),
    # The API reads what the pages read.
    "api:case-list": Read("case_list.viewed", "lawyer", None, f"?q={GIVEN}"),
    "api:case-detail": API_CASE,
    "api:case-person": API_CASE,
    "api:case-detention": API_CASE,
    "api:case-documents": API_CASE,
    "api:case-document": API_CASE,
    "api:case-hearings": API_CASE,
    "api:case-hearing": API_CASE,
    "api:case-petitions": API_CASE,
    "api:case-petition": API_CASE,
    "api:incident-list": Read("incident.viewed", "supervisor", None),
    "api:incident": Read("incident.viewed", "supervisor", "incident"),
    "api:petition-submit": POST_ONLY,
    "api:petition-approve": POST_ONLY,
    "api:petition-return": POST_ONLY,
    "api:petition-render": POST_ONLY,
    "api:intake": Neither("a partner's token posts an entry; nothing is read back"),
    "api:coverage": Neither("a rule's verdict on a kind and dates, no person"),
    "api:court-list": Neither("courts"),
    "api:template-list": Neither("petition templates"),
    "api:schema": Neither("the API's description"),
    "api:docs": Neither("the API's description"),
    "api:None": Neither("the API's JSON 404 for every other path"),
    # Neither a client nor a file.
    "home": Neither("a redirect"),
    "healthz": Neither("a health check"),
    "login": MEMBERS,
    "logout": MEMBERS,
    "approver-list": MEMBERS,
    "casework:notification-list": Neither("subjects name a case by its reference only"),
    "casework:notification-mark-read": POST_ONLY,
    "casework:audit-list": Neither("events hold no client data (test_audit_has_no_client_data)"),
    "detainees:calendar-settings": MEMBERS,
    "analytics:analytics": Neither("figures and charts, never a person"),
    "analytics:reports": Neither("the list of monthly reports; the download is a download"),
    "documents:timeline": SHARED_RULES,
    "documents:rule-create": SHARED_RULES,
    "documents:timeline-changes": SHARED_RULES,
    "documents:rule-history": SHARED_RULES,
    "documents:rule-edit": SHARED_RULES,
    "documents:number-patterns": SHARED_RULES,
    "documents:petition-template-list": Neither("petition templates"),
    "documents:petition-template-edit": Neither(
        "a template's text; the cases to preview with are offered by reference"
    ),
    "documents:petition-template-preview": Neither(
        "filled from a case on POST, which writes the case's read; the PDF fetched by its "
        "token is a download (tested below)"
    ),
    "documents:petition-template-preview-frame": Neither(
        "the last preview, refilled from its case: a read (tested below)"
    ),
    "documents:petition-settings": MEMBERS,
    "documents:advocate-profile": MEMBERS,
    "api_web:token-list": MEMBERS,
    "api_web:token-revoke": MEMBERS,
    "api_web:inbox-token-list": MEMBERS,
    "api_web:inbox-token-revoke": MEMBERS,
}
# Every accounts page is about members; the admin site is for superusers only.
NAMESPACES_OF_MEMBERS = ("accounts:", "admin:")


def _named_urls():
    for route, entry, name in _walk(get_resolver().url_patterns):
        if name and not name.startswith(NAMESPACES_OF_MEMBERS):
            yield route, entry, name


def test_every_url_is_classified():
    unknown = sorted({name for _, _, name in _named_urls()} - set(URLS))
    assert unknown == [], (
        "Classify these URLs in URLS (a Read, a Download or Neither with the reason): "
        + ", ".join(unknown)
    )


def _ready(petition) -> None:
    """As if rendered (the rendering is tested in tests/documents)."""
    from documents.models import PetitionState

    petition.pdf.save(f"{petition.public_id}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    petition.state = PetitionState.READY
    petition.save(update_fields=["pdf", "state"])


def _ready_batch(w):
    from documents.models import PetitionBatch

    public_id = KINDS["batch"].make(w)
    for petition in PetitionBatch.objects.get(public_id=public_id).petitions.all():
        _ready(petition)
    return public_id


def _draft_petition(w):
    from documents.petitions.services import petition_create
    from tests.documents.petition_helpers import template

    return petition_create(case=w.case, template=template("bail-497"), by=w.lawyer).public_id


# Where the matrix's object is not what this test needs.
BUILDERS = {
    "documents:petition-batch-download/batch": _ready_batch,
    "documents:petition-preview/petition": _draft_petition,
}


@pytest.fixture
def world(org, admin_user, supervisor, lawyer, paralegal):
    case = open_case(lawyer, person={
        "given_name": GIVEN, "family_name": FAMILY, "father_name": FATHER, "phone": PHONE,
        "address_in_pakistan": ADDRESS, "given_name_native": "", "family_name_native": "",
        "father_name_native": "",
    })  # fmt: skip
    case_assign(case=case, lead_lawyer=lawyer, team=[paralegal], by=supervisor.membership)
    case.refresh_from_db()
    return SimpleNamespace(
        org=org, admin=admin_user, supervisor=supervisor, lawyer=lawyer, paralegal=paralegal,
        case=case,
    )  # fmt: skip


def _url(world, values, route, entry, name) -> str:
    url = "/" + route
    for parameter in entry.pattern.regex.groupindex:
        key = next(
            (k for k in (f"{name}/{parameter}", parameter) if k in BUILDERS or k in KINDS),
            parameter,
        )
        if key not in values:
            values[key] = (BUILDERS.get(key) or KINDS[key].make)(world)
        url = _fill(url, parameter, values[key])
    return url


def _last_id() -> int:
    last = Event.objects.order_by("-id").first()
    return last.id if last else 0


def _leaks(events) -> list[str]:
    text = json.dumps([e.data for e in events], ensure_ascii=False).casefold()
    return [value for value in CLIENT_DATA if value.casefold() in text]


def _check_read(spec: Read, events, world, name) -> str | None:
    reads = [e for e in events if e.verb in READ_VERBS]
    if [e.verb for e in reads] != [spec.verb]:
        return f"{name}: expected one {spec.verb}, wrote {[e.verb for e in reads]}"
    (event,) = reads
    if event.actor != getattr(world, spec.who):
        return f"{name}: the read names {event.actor} as the reader"
    about = {
        "case": event.case_id == world.case.pk,
        "incident": (event.object_type, event.object_id)
        == ("detainees.incident", str(world.incident.pk)),
        "batch": event.object_type == "documents.petitionbatch",
        "entry": event.object_type == "api.inboxentry",
        None: event.case_id is None and event.object_type == "",
    }[spec.about]
    return None if about else f"{name}: the read is about the wrong thing ({event.__dict__})"


def test_every_page_showing_a_person_writes_one_read_and_every_file_one_download(
    world, login, django_capture_on_commit_callbacks
):
    values: dict[str, object] = {}
    failures, checked = [], 0
    for route, entry, name in _named_urls():
        spec = URLS.get(name)
        if spec is None or isinstance(spec, Neither):
            continue
        url = _url(world, values, route, entry, name) + spec.query
        client = login(getattr(world, spec.who))
        mark = _last_id()
        if isinstance(spec, Download):
            # A preview is rendered by a worker (here, once the request commits) and
            # served from the page the request redirects to.
            with django_capture_on_commit_callbacks(execute=True):
                response = getattr(client, spec.method)(url)
            if response.status_code == 302:
                response = client.get(response["Location"], follow=True)
        else:
            response = client.get(url)
        checked += 1
        events = list(Event.objects.filter(id__gt=mark).order_by("id"))
        if response.status_code != 200:
            failures.append(f"{name}: {url} answered {response.status_code}")
            continue
        if isinstance(spec, Read):
            failures.append(_check_read(spec, events, world, name))
        else:
            # The batch's ZIP holds one petition here: one download each, as alone.
            if [e.verb for e in events if e.verb == spec.verb] != [spec.verb]:
                failures.append(f"{name}: expected one {spec.verb}, wrote "
                                f"{[e.verb for e in events]}")  # fmt: skip
        if leaks := _leaks(events):
            failures.append(f"{name}: client data in the trail: {leaks}")
    failures = [f for f in failures if f]
    assert failures == [], "\n".join(failures)
    assert checked >= 60


# Duplicate warnings name whoever they matched: "is this name known here?" is a read.


def _case_reads(after: int):
    return list(Event.objects.filter(verb="case.viewed", id__gt=after).order_by("id"))


def test_a_duplicate_warning_at_intake_is_a_read_of_the_case_it_names(world, login):
    mark = _last_id()
    response = login(world.lawyer).post(reverse("casework:case-create"), {
        "given_name": GIVEN, "family_name": FAMILY, "father_name": FATHER,
        "arrested_at": "2026-11-25T21:30", "custody_location": "Lock-up, Police Station Tarnol",
    })  # fmt: skip
    assert world.case.reference in response.content.decode()
    (event,) = _case_reads(mark)
    assert (event.case, event.actor, event.data) == (
        world.case,
        world.lawyer,
        {"page": "duplicate"},
    )
    assert _leaks([event]) == []


def test_raid_rows_matching_one_person_twice_are_one_read_of_that_case(world, login):
    from tests.detainees.incident_helpers import record_incident
    from tests.detainees.test_bulk_intake_views import rows_post

    incident = record_incident(world.lawyer)
    rows = [{"name": f"{GIVEN} {FAMILY}", "father_name": FATHER}] * 2
    mark = _last_id()
    response = login(world.lawyer).post(
        reverse("incidents:incident-intake", args=[incident.public_id]), rows_post(rows)
    )
    assert world.case.reference in response.content.decode()
    events = list(Event.objects.filter(id__gt=mark).order_by("id"))
    assert [(e.verb, e.case, e.data.get("page")) for e in events] == [
        ("incident.viewed", None, "intake"), ("case.viewed", world.case, "duplicate"),
    ]  # fmt: skip
    assert _leaks(events) == []


def test_an_inbox_entry_naming_a_known_person_reads_the_entry_and_that_case(world, login):
    from api.services import inbox_entry_receive, inbox_token_create

    token, _ = inbox_token_create(by=world.admin, name="Hotline of a partner")
    entry = inbox_entry_receive(
        token=token, fields={"name": f"{GIVEN} {FAMILY}", "father_name": FATHER}
    )
    mark = _last_id()
    response = login(world.supervisor).get(reverse("api_web:inbox-accept", args=[entry.public_id]))
    assert world.case.reference in response.content.decode()
    events = list(Event.objects.filter(id__gt=mark).order_by("id"))
    assert [(e.verb, e.object_type, e.data.get("page")) for e in events] == [
        ("inbox.viewed", "api.inboxentry", "accept"),
        ("case.viewed", "casework.case", "duplicate"),
    ]
    assert _leaks(events) == []


def test_the_template_preview_frame_refilled_from_a_case_is_a_read_of_it(world, login):
    template_id = KINDS["template_id"].make(world)
    client = login(world.admin)
    client.post(
        reverse("documents:petition-template-preview", args=[template_id]),
        {"html": "<p>{{ person.name }}</p>", "css": "", "case": world.case.reference},
        HTTP_HX_REQUEST="true",
    )
    mark = _last_id()
    frame = client.get(reverse("documents:petition-template-preview-frame", args=[template_id]))
    assert GIVEN in frame.content.decode()
    (event,) = _case_reads(mark)
    assert (event.case, event.data) == (world.case, {"page": "template_preview"})
