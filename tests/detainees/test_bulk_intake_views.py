import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.models import Case
from detainees.models import Person
from documents.models import IdentityDocument
from documents.services import document_add
from tests.clock import THE_MORNING_AFTER, frozen
from tests.detainees.incident_helpers import record_incident
from tests.factories import open_case

# The arrests below were typed on 25 November 2026 (Karachi); the clock stands at the next
# morning, so none of them is in the future, whenever the suite runs.
pytestmark = [pytest.mark.django_db, frozen(THE_MORNING_AFTER)]

SHARED = {
    "arrested_at": "2026-11-25T06:00",
    "custody_location": "Lock-up, Police Station Sohrab Goth, Karachi",
    "police_station": "Police Station Sohrab Goth",
    "fir_number": "702/2026",
}


def rows_post(rows, **extra):
    data = {
        **SHARED,
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "100",
        **extra,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"rows-{i}-{key}"] = value
    return data


@pytest.fixture
def incident(lawyer):
    return record_incident(lawyer)


@pytest.fixture
def rows_url(incident):
    return reverse("incidents:incident-intake", args=[incident.public_id])


@pytest.fixture
def csv_url(incident):
    return reverse("incidents:incident-intake-csv", args=[incident.public_id])


def test_row_form_starts_with_blank_rows_and_the_incident_details(login, lawyer, rows_url):
    response = login(lawyer).get(rows_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('name="rows-') >= 10 * 3
    assert 'value="Afghan Basti, Tarnol"' in html


def test_row_form_opens_one_case_per_filled_row_and_ignores_blank_rows(
    login, lawyer, rows_url, incident
):
    rows = [
        {"name": "Abdul Wahid", "father_name": "Gul Zaman"},
        {"name": "Noor Agha", "father_name": "Sayed Karim", "gender": "male"},
        {"name": "عبدالله", "father_name": "حبیب الله"},
        {"name": "", "father_name": ""},
    ]
    response = login(lawyer).post(rows_url, rows_post(rows))
    assert response.status_code == 302
    assert response.url == reverse("incidents:incident-detail", args=[incident.public_id])
    cases = Case.objects.filter(detention__incident=incident)
    assert cases.count() == 3
    assert {c.detention.fir_number for c in cases} == {"702/2026"}
    assert Person.objects.filter(given_name_native="عبدالله").exists()


def test_row_form_with_bad_rows_saves_nothing_and_names_each_bad_row(login, lawyer, rows_url):
    rows = [
        {"name": "Abdul Wahid", "father_name": "Gul Zaman"},
        {"name": "Hamidullah", "father_name": ""},
        {"name": "Zabihullah", "father_name": "Mohammad Rafiq"},
        {"name": "", "father_name": "Baz Mohammad"},
    ]
    response = login(lawyer).post(rows_url, rows_post(rows))
    html = response.content.decode()
    assert response.status_code == 400
    assert not Case.objects.exists()
    assert "Row 2: Enter the father&#x27;s name." in html
    assert "Row 4: Enter the detainee&#x27;s name." in html
    assert "Row 1:" not in html
    # What was typed is still there.
    assert 'value="Zabihullah"' in html and 'value="Baz Mohammad"' in html


def test_row_form_with_no_rows_filled_asks_for_one(login, lawyer, rows_url):
    response = login(lawyer).post(rows_url, rows_post([{"name": "", "father_name": ""}]))
    assert response.status_code == 400
    assert "at least one detainee" in response.content.decode()


def test_row_form_with_bad_shared_details_keeps_the_rows(login, lawyer, rows_url):
    data = rows_post([{"name": "Abdul Wahid", "father_name": "Gul Zaman"}])
    data["custody_location"] = data["police_station"] = ""  # held nowhere anyone can say
    response = login(lawyer).post(rows_url, data)
    assert response.status_code == 400
    assert 'value="Abdul Wahid"' in response.content.decode()
    assert not Case.objects.exists()


def test_a_row_matching_a_visible_case_waits_for_confirmation(login, lawyer, rows_url):
    existing = open_case(lawyer)  # Gul Ahmad Safi, son of Sher Mohammad
    rows = [
        {"name": "Abdul Wahid", "father_name": "Gul Zaman"},
        {"name": "gul  ahmad SAFI", "father_name": "Sher Mohammad"},
    ]
    client = login(lawyer)
    response = client.post(rows_url, rows_post(rows))
    html = response.content.decode()
    assert response.status_code == 200
    assert Case.objects.count() == 1
    assert existing.reference in html
    assert 'name="rows-1-confirm_new"' in html
    assert 'name="rows-0-confirm_new"' not in html

    response = client.post(rows_url, rows_post(rows, **{"rows-1-confirm_new": "on"}))
    assert response.status_code == 302
    assert Case.objects.count() == 3


def test_a_duplicate_in_perso_arabic_script_is_caught_too(login, lawyer, rows_url):
    open_case(lawyer)  # گل احمد صافی, son of شیر محمد
    rows = [{"name": "گل احمد صافی", "father_name": "شير محمد"}]  # Arabic yeh
    response = login(lawyer).post(rows_url, rows_post(rows))
    assert response.status_code == 200
    assert 'name="rows-0-confirm_new"' in response.content.decode()
    assert Case.objects.count() == 1


def test_two_rows_for_the_same_person_are_flagged(login, lawyer, rows_url):
    rows = [
        {"name": "Noor Agha", "father_name": "Sayed Karim"},
        {"name": "Noor  Agha", "father_name": "Sayed Karim"},
    ]
    response = login(lawyer).post(rows_url, rows_post(rows))
    html = response.content.decode()
    assert response.status_code == 200
    assert "as Row 1 in this list" in html
    assert not Case.objects.exists()


def test_cases_the_user_cannot_see_are_not_revealed_as_duplicates(
    login, lawyer, colleague, rows_url
):
    hidden = open_case(colleague)
    rows = [{"name": "Gul Ahmad Safi", "father_name": "Sher Mohammad"}]
    response = login(lawyer).post(rows_url, rows_post(rows))
    assert response.status_code == 302
    assert hidden.reference.encode() not in response.content
    assert Case.objects.count() == 2


def test_add_rows_keeps_what_was_typed_and_saves_nothing(login, lawyer, rows_url):
    rows = [{"name": "Abdul Wahid", "father_name": "Gul Zaman"}]
    response = login(lawyer).post(rows_url, rows_post(rows, add_rows="1"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Abdul Wahid"' in html
    assert 'name="rows-10-name"' in html
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "tamper",
    [
        {"rows-TOTAL_FORMS": "lots"},
        {"rows-TOTAL_FORMS": "5000"},
        {"rows-INITIAL_FORMS": None},
    ],
)
def test_a_tampered_management_form_is_a_400_not_a_crash(login, lawyer, rows_url, tamper):
    data = rows_post([{"name": "Abdul Wahid", "father_name": "Gul Zaman"}])
    for key, value in tamper.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    response = login(lawyer).post(rows_url, data)
    assert response.status_code == 400
    assert not Case.objects.exists()


# CSV upload


def upload(content: bytes, name: str = "detainees.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def post_csv(client, url, content: bytes | None = None, **extra):
    data = {**SHARED, **extra}
    if content is not None:
        data["file"] = upload(content)
    return client.post(url, data)


GOOD_CSV = (
    "\ufeffname,father_name,gender,document_kind,document_number\r\n"
    "Abdul Wahid,Gul Zaman,male,,\r\n"
    "نجیب الله,گل محمد,,,\r\n"
    '"Hotak, Mirwais",Nazar Mohammad,Male,,\r\n'
    "\r\n"
).encode()


def test_csv_with_bom_and_perso_arabic_names_opens_every_case(login, lawyer, csv_url, incident):
    response = post_csv(login(lawyer), csv_url, GOOD_CSV)
    assert response.status_code == 302
    cases = Case.objects.filter(detention__incident=incident)
    assert cases.count() == 3
    assert Person.objects.filter(given_name_native="نجیب الله", father_name_native="گل محمد")
    assert Person.objects.get(given_name="Hotak, Mirwais").gender == "male"


def test_csv_with_a_line_break_inside_a_name_saves_nothing_and_says_where(login, lawyer, csv_url):
    content = b'name,father_name\n"Abdul\r\nWahid",Gul Zaman\nNoor Agha,Sayed Karim\n'
    response = post_csv(login(lawyer), csv_url, content)
    assert response.status_code == 400
    assert not Case.objects.exists()
    assert "is split over several lines" in response.content.decode()


def test_pasted_csv_text_works_like_a_file(login, lawyer, csv_url):
    text = "name,father_name\nAbdul Wahid,Gul Zaman\nNoor Agha,Sayed Karim\n"
    response = post_csv(login(lawyer), csv_url, csv_text=text)
    assert response.status_code == 302
    assert Case.objects.count() == 2


def test_csv_with_bad_lines_saves_nothing_and_lists_every_bad_line(login, lawyer, csv_url):
    content = (
        b"name,father_name,gender\n"
        b"Abdul Wahid,Gul Zaman,male\n"
        b"Hamidullah,,male\n"
        b"Zabihullah,Mohammad Rafiq,unknown\n"
        b"Shir Khan,Baz Mohammad,male,extra\n"
        b"Faridun,Aziz Gul,\n"
    )
    response = post_csv(login(lawyer), csv_url, content)
    html = response.content.decode()
    assert response.status_code == 400
    assert not Case.objects.exists()
    assert "Line 3 (Hamidullah / no father's name): Enter the father&#x27;s name." in html
    assert "Line 4 (Zabihullah / Mohammad Rafiq): Gender must be male, female, other" in html
    assert "Line 5 (Shir Khan / Baz Mohammad): This line has 4 values but there are 3" in html
    assert "Line 2 " not in html and "Line 6 " not in html
    # The rows come back in the text box, ready to correct.
    assert "Faridun,Aziz Gul," in html


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,father_name\nاحمد,محمد\n".encode("cp1256"), "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not UTF-8"),
        (b"   \n\n", "The file is empty."),
        (b"Abdul Wahid,Gul Zaman\nNoor Agha,Sayed Karim\n", "first line must name"),
        (b"name,father_name,phone,notes\nA,B,1,2\n", "Unknown column: phone, notes."),
        (b"name,gender\nAbdul Wahid,male\n", "Missing column: father_name."),
        (b"name,name,father_name\nA,B,C\n", "Column named twice: name."),
        (b"name,father_name\n", "no detainees under it"),
        (b'name,father_name\n"Abdul Wahid,Gul Zaman\n', "cannot be read as CSV"),
    ],
)
def test_malformed_csv_gets_a_clear_message(login, lawyer, csv_url, content, message):
    response = post_csv(login(lawyer), csv_url, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Case.objects.exists()


def test_an_empty_upload_is_refused_clearly(login, lawyer, csv_url):
    response = post_csv(login(lawyer), csv_url, b"")
    assert response.status_code == 400
    assert "empty" in response.content.decode()


def test_no_file_and_no_text_asks_for_one(login, lawyer, csv_url):
    response = post_csv(login(lawyer), csv_url)
    assert response.status_code == 400
    assert "Choose a CSV file or paste its rows." in response.content.decode()


def test_a_huge_file_is_refused_before_it_is_read(login, lawyer, csv_url):
    content = b"name,father_name\n" + b"Abdul Wahid,Gul Zaman\n" * 60_000
    response = post_csv(login(lawyer), csv_url, content)
    assert response.status_code == 400
    assert "the limit is 1 MB" in response.content.decode()


def test_too_many_rows_are_refused(login, lawyer, csv_url):
    content = b"name,father_name\n" + b"".join(b"N%d,F\n" % n for n in range(1001))
    response = post_csv(login(lawyer), csv_url, content)
    assert response.status_code == 400
    assert "More than 1000 detainees" in response.content.decode()


def test_csv_duplicate_lines_wait_for_confirmation_then_save(login, lawyer, csv_url):
    existing = open_case(lawyer)
    content = b"name,father_name\nAbdul Wahid,Gul Zaman\nGul Ahmad Safi,Sher Mohammad\n"
    client = login(lawyer)
    response = post_csv(client, csv_url, content)
    html = response.content.decode()
    assert response.status_code == 200
    assert existing.reference in html
    assert 'name="confirm_line" value="3"' in html
    assert Case.objects.count() == 1

    # The text came back in the form; the confirmation is sent with it.
    response = post_csv(client, csv_url, csv_text=content.decode(), confirm_line="3")
    assert response.status_code == 302
    assert Case.objects.count() == 3


def test_row_form_records_documents_and_refuses_half_given_ones(login, lawyer, rows_url):
    client = login(lawyer)
    rows = [
        {"name": "Abdul Wahid", "father_name": "Gul Zaman", "document_kind": "por"},
        {"name": "Noor Agha", "father_name": "Sayed Karim", "document_number": "TST 1"},
    ]
    response = client.post(rows_url, rows_post(rows))
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("Give both the document kind and its number, or neither.") >= 2
    assert not Case.objects.exists()

    rows[0]["document_number"] = "TST-0001"
    rows[1]["document_kind"] = "unhcr_refugee"
    assert client.post(rows_url, rows_post(rows)).status_code == 302
    assert sorted(IdentityDocument.objects.values_list("kind", flat=True)) == [
        "por", "unhcr_refugee",
    ]  # fmt: skip


def test_csv_document_columns_are_read_and_checked(login, lawyer, csv_url):
    client = login(lawyer)
    content = (
        b"name,father_name,document_kind,document_number\n"
        b"Abdul Wahid,Gul Zaman,PoR,TST-0001\n"
        b"Noor Agha,Sayed Karim,licence,TST-0002\n"
    )
    response = post_csv(client, csv_url, content)
    assert response.status_code == 400
    assert "Line 3 (Noor Agha / Sayed Karim): Unknown document kind" in response.content.decode()
    assert not IdentityDocument.objects.exists()

    fixed = content.replace(b"licence", b"acc")
    assert post_csv(client, csv_url, fixed).status_code == 302
    assert IdentityDocument.objects.count() == 2


def _held(user, number: str, **person):
    case = open_case(user, person=person)
    document_add(case=case, fields={"kind": "por", "number": number}, by=user)
    return case


def test_a_row_whose_document_number_is_known_waits_for_confirmation(login, lawyer, rows_url):
    existing = _held(lawyer, "TST-55 001", given_name="Qasim", father_name="Lal Mohammad")
    rows = [
        {"name": "Abdul Wahid", "father_name": "Gul Zaman", "document_kind": "por",
         "document_number": "tst55001"},
    ]  # fmt: skip
    client = login(lawyer)
    response = client.post(rows_url, rows_post(rows))
    html = response.content.decode()
    assert response.status_code == 200
    assert "A document with this number is recorded for" in html
    assert existing.reference in html
    assert Case.objects.count() == 1
    response = client.post(rows_url, rows_post(rows, **{"rows-0-confirm_new": "on"}))
    assert response.status_code == 302


def test_a_known_number_in_a_hidden_case_is_admitted_without_naming_the_case(
    login, lawyer, colleague, rows_url
):
    hidden = _held(colleague, "TST-55 002", given_name="Qasim", father_name="Lal Mohammad")
    rows = [
        {"name": "Abdul Wahid", "father_name": "Gul Zaman", "document_kind": "por",
         "document_number": "TST-55002"},
    ]  # fmt: skip
    response = login(lawyer).post(rows_url, rows_post(rows))
    html = response.content.decode()
    assert response.status_code == 200
    assert "exists in a case you cannot open; ask a supervisor" in html
    assert hidden.reference not in html
    assert "Qasim" not in html


def test_two_rows_with_the_same_document_number_are_flagged(login, lawyer, rows_url):
    rows = [
        {"name": "Abdul Wahid", "father_name": "Gul Zaman", "document_kind": "acc",
         "document_number": "TST 77"},
        {"name": "Noor Agha", "father_name": "Sayed Karim", "document_kind": "acc",
         "document_number": "tst-77"},
    ]  # fmt: skip
    response = login(lawyer).post(rows_url, rows_post(rows))
    assert response.status_code == 200
    assert "Same document number as Row 1 in this list." in response.content.decode()
    assert not Case.objects.exists()


def test_csv_carries_each_document_printed_expiry_and_issue_date(login, lawyer, csv_url):
    text = (
        "name,father_name,document_kind,document_number,issued_on,expires_on\n"
        "Abdul Wahid,Gul Zaman,por,AFG-0001-FICT,01/06/2021,30/06/2023\n"
        "Noor Agha,Sayed Karim,acc,ACC-0002-FICT,,2025-03-31\n"
    )
    assert post_csv(login(lawyer), csv_url, csv_text=text).status_code == 302
    expiries = dict(
        Person.objects.values_list("given_name", "documents__expires_on")
    )  # fmt: skip
    assert {k: str(v) for k, v in expiries.items()} == {
        "Abdul Wahid": "2023-06-30", "Noor Agha": "2025-03-31",
    }  # fmt: skip


def test_csv_with_a_date_that_is_not_one_says_so(login, lawyer, csv_url):
    text = "name,father_name,document_kind,document_number,expires_on\nA B,C D,por,X-1,soon\n"
    response = post_csv(login(lawyer), csv_url, csv_text=text)
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()
    assert not Case.objects.exists()


def test_the_csv_template_lists_the_printed_expiry(login, lawyer, incident):
    url = reverse("incidents:incident-intake-template", args=[incident.public_id])
    header = login(lawyer).get(url).content.decode("utf-8-sig").strip()
    assert header.endswith("document_number,issued_on,expires_on")
