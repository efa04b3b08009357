"""The interface in Urdu (and any language with a catalogue): every template's text is
translatable, the catalogue is complete, key pages in Urdu keep no English UI words, and
the language a member chooses follows them across sign-outs and devices."""

import ast
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.base import Lexer, TokenType
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import translation

from casework.models import Membership
from tests.conftest import require
from tests.factories import open_case
from tests.signin import verified_login

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "ur" / "LC_MESSAGES" / "django.po"
# Printed documents whose language is the petition's or the report's, not the reader's.
NOT_INTERFACE = {
    "documents/petition_document.html",  # a petition, in the language of its template
    "documents/petition_stamps.html",  # the annexure stamps of a petition
}
VISIBLE_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-label")
ATTRIBUTE = re.compile(r"\b(?:" + "|".join(VISIBLE_ATTRIBUTES) + r')="([^"]*)"')


@pytest.fixture(autouse=True, scope="module")
def compiled_catalogues():
    # `make test` and `make run` compile them; this keeps a bare pytest run honest too.
    call_command("compilemessages", ignore_patterns=[".venv", ".tools"], verbosity=0)


def _untranslated_text(template: Path) -> list[str]:
    """Words in a template's visible text (and visible attributes) outside translate tags."""
    text, depth, in_comment = [], 0, False
    for token in Lexer(template.read_text(encoding="utf-8")).tokenize():
        words = token.contents.split()
        tag = words[0] if words else ""
        if token.token_type == TokenType.BLOCK:
            depth += tag in ("blocktranslate", "blocktrans")
            depth -= tag in ("endblocktranslate", "endblocktrans")
            in_comment = tag == "comment" or (in_comment and tag != "endcomment")
        if token.token_type == TokenType.TEXT and not depth and not in_comment:
            text.append(token.contents)
        else:
            text.append("\x00")  # a template tag or variable: never part of a word
    markup = re.sub(r"<(script|style|code)\b.*?</\1>|<!--.*?-->", "", "".join(text), flags=re.S)
    attributes = " ".join(ATTRIBUTE.findall(markup))
    visible = re.sub(r"<[^>]*>", " ", markup) + " " + attributes
    return re.findall(r"[A-Za-z][A-Za-z'’-]+", visible)


def test_every_interface_template_wraps_its_text_for_translation():
    left = {}
    for template in sorted((ROOT / "templates").rglob("*.html")):
        name = template.relative_to(ROOT / "templates").as_posix()
        if name in NOT_INTERFACE or name.startswith("django/"):  # widget markup, no text
            continue
        if words := _untranslated_text(template):
            left[name] = words[:8]
    assert left == {}, repr(left)


def test_the_check_finds_text_outside_translate_tags(tmp_path):
    template = tmp_path / "page.html"
    template.write_text(
        '{% load i18n %}<h1>{% translate "Cases" %}</h1><p title="Open it">New case</p>'
        "{% blocktranslate %}Case {{ ref }}{% endblocktranslate %}<code>fir_number</code>"
    )
    assert _untranslated_text(template) == ["New", "case", "Open", "it"]


def test_urdu_catalogue_has_every_string_translated():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert catalogue.percent_translated() == 100


def test_catalogue_holds_every_string_the_code_marks(tmp_path, settings, monkeypatch):
    """What makemessages extracts today is all in the committed catalogue, translated.

    makemessages writes to the ``locale`` folder beside the code it reads, so it reads a
    mirror of the project (links to its folders, without ``locale``) and updates a copy of
    the catalogue: the committed one is never rewritten by a test run."""
    # make test installs gettext: in CI a missing xgettext fails rather than skips.
    require("gettext's xgettext", shutil.which("xgettext") is not None)
    mirror = tmp_path / "project"
    mirror.mkdir()
    skipped = {"locale", "tests", "bench", "staticfiles", "test-artifacts"}
    for item in ROOT.iterdir():
        if item.name not in skipped and not item.name.startswith("."):
            (mirror / item.name).symlink_to(item)
    copy = mirror / "locale" / "ur" / "LC_MESSAGES"
    copy.mkdir(parents=True)
    shutil.copy(CATALOGUE, copy / "django.po")
    before = CATALOGUE.read_bytes()
    settings.LOCALE_PATHS = [mirror / "locale"]
    monkeypatch.chdir(mirror)
    call_command("makemessages", locale=["ur"], no_location=True, verbosity=0, symlinks=True)
    extracted = polib.pofile(str(copy / "django.po"))
    missing = [entry.msgid for entry in extracted.untranslated_entries()]
    assert missing == []
    assert CATALOGUE.read_bytes() == before


# Where Python hands text to a reader: a flash message, a validation error, a form's
# error message. A literal (or an f-string, which no catalogue can hold) there stays English.
APPS = ("accounts", "analytics", "api", "casework", "detainees", "documents", "panah")


def _is_text(node) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip()


def _unwrapped_messages(source: str) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = getattr(func.value, "id", "") if isinstance(func, ast.Attribute) else ""
            if owner == "messages" and len(node.args) > 1 and _is_text(node.args[1]):
                lines.append(node.lineno)
            if name == "ValidationError" and node.args:
                first = node.args[0]
                values = first.values if isinstance(first, ast.Dict) else [first]
                if any(_is_text(value) for value in values):
                    lines.append(node.lineno)
        if isinstance(node, ast.Assign) and _is_text(node.value):
            for target in node.targets:
                if isinstance(target, ast.Subscript):
                    base = target.value
                    label = base.attr if isinstance(base, ast.Attribute) else ""
                    label = label or getattr(base, "id", "")
                    if label in ("errors", "error_messages"):
                        lines.append(node.lineno)
    return lines


def test_python_wraps_what_it_tells_a_reader_for_translation():
    left = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if {"migrations", "management"} & set(path.parts) or "demo" in path.name:
                continue  # schema history, operators' commands, demo data
            rel = path.relative_to(ROOT).as_posix()
            left += [f"{rel}:{line}" for line in _unwrapped_messages(path.read_text())]
    assert left == []


def test_the_python_check_finds_literal_and_formatted_messages():
    source = (
        'messages.success(request, f"Case {ref} opened.")\n'
        'messages.success(request, gettext("Saved."))\n'
        'raise ValidationError({"name": "Too long."})\n'
        'raise ValidationError(gettext("Too long."))\n'
        'errors["days"] = f"Up to {n} days."\n'
        'self.fields["x"].error_messages["required"] = "Enter x."\n'
    )
    assert sorted(_unwrapped_messages(source)) == [1, 3, 5, 6]


def test_languages_are_offered_only_with_a_catalogue():
    codes = [code for code, _ in settings.LANGUAGES]
    assert codes[0] == settings.LANGUAGE_CODE == "en-gb"
    assert "ur" in codes
    for code in ("fa-af", "ps"):
        has_catalogue = (ROOT / "locale" / translation.to_locale(code)).exists()
        assert (code in codes) == has_catalogue


def test_dates_follow_the_active_language():
    day = date(2026, 3, 7)
    with translation.override("en-gb"):
        assert date_filter(day, "DATE_FORMAT") == "7 Mar 2026"
    with translation.override("ur"):
        assert date_filter(day, "DATE_FORMAT") == "7 مارچ 2026"


class _VisibleText(HTMLParser):
    """Text a reader sees, less code and what is marked translate="no" (raw audit data)."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip, self._skipping = [], 0, []

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def handle_starttag(self, tag, attrs):
        skipped = tag in ("script", "style", "code") or ("translate", "no") in attrs
        if tag in self.VOID:
            return self.handle_startendtag(tag, attrs)
        self._skipping.append(skipped)
        self._skip += skipped
        if not self._skip:
            self.parts.extend(value or "" for name, value in attrs if name in VISIBLE_ATTRIBUTES)

    def handle_startendtag(self, tag, attrs):
        if not self._skip:
            self.parts.extend(value or "" for name, value in attrs if name in VISIBLE_ATTRIBUTES)

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self._skipping:
            self._skip -= self._skipping.pop()


# Names that stay in Latin letters in Urdu too: formats, bodies and products.
LATIN_NAMES = {
    "PDF", "CSV", "ZIP", "API", "UNHCR", "ACC", "JPEG", "PNG", "UTF", "LGBTQI", "MB",
    "Aegis", "FreeOTP", "Google", "Authenticator", "Django", "HTML", "CSS", "URL", "SHA",
    "English", "active",
}  # fmt: skip


def _english_words(html: str, data: set[str]) -> set[str]:
    parser = _VisibleText()
    parser.feed(html)
    # The audit list names each event's verb ("case.opened") in a tooltip, as stored.
    parts = [part for part in parser.parts if not re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", part)]
    words = set(re.findall(r"[A-Za-z][A-Za-z'’-]+", " ".join(parts)))
    return {word for word in words if word not in LATIN_NAMES and word not in data}


@pytest.fixture
def urdu_case(lawyer, paralegal, supervisor):
    from casework.services import case_assign

    opened = open_case(
        lawyer,
        person={"given_name": "", "family_name": "", "father_name": ""},
        detention={"custody_location": "حوالات، تھانہ گولڑہ", "police_station": "تھانہ گولڑہ"},
    )
    case_assign(case=opened, lead_lawyer=lawyer, team=[paralegal], by=supervisor.membership)
    return opened


def _speaks_urdu(user):
    Membership.objects.filter(user=user).update(language="ur")


def _data_words(*users, case=None) -> set[str]:
    """What the pages show of the records themselves: names, courts, the time zone."""
    import zoneinfo

    from django.contrib.auth import get_user_model

    from detainees.models import Court
    from documents.models import PetitionTemplate

    people = get_user_model().objects.all()
    text = " ".join(
        [u.username for u in people] + [u.get_full_name() for u in people]
        + [str(court) for court in Court.objects.all()]
        + [f"{t.title} {t.key}" for t in PetitionTemplate.objects.all()]
        + sorted(zoneinfo.available_timezones())  # the organisation's time zone choices
        + [users[0].membership.organisation.name, users[0].membership.organisation.time_zone]
        + ([case.reference, case.detention.fir_number] if case else [])
        + ["test client"]  # the user agent the sessions page shows
    )  # fmt: skip
    return set(re.findall(r"[A-Za-z][A-Za-z'’-]+", text))


def test_a_lawyers_pages_in_urdu_keep_no_english_interface_words(client, lawyer, urdu_case):
    _speaks_urdu(lawyer)
    verified_login(client, lawyer)
    reference = urdu_case.reference
    pages = [
        reverse("casework:case-list"),
        reverse("casework:case-create"),
        reverse("casework:case-detail", args=[reference]),
        reverse("detainees:hearing-list"),
        reverse("detainees:hearing-create", args=[reference]),
        reverse("documents:document-add", args=[reference]),
        reverse("documents:petition-create", args=[reference]),
        reverse("incidents:incident-list"),
        reverse("incidents:incident-create"),
        reverse("casework:notification-list"),
        reverse("accounts:security"),
    ]
    data = _data_words(lawyer, case=urdu_case)
    left = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="ur" dir="rtl">' in html, url
        if words := _english_words(html, data):
            left[url] = sorted(words)
    assert left == {}, repr(left)


def test_a_supervisors_and_an_admins_pages_in_urdu_keep_no_english(
    client, supervisor, admin_user, lawyer, urdu_case
):
    _speaks_urdu(supervisor)
    _speaks_urdu(admin_user)
    organisation = supervisor.membership.organisation
    left = {}
    for user, urls in [
        (supervisor, [reverse("analytics:today"), reverse("analytics:analytics"),
                      reverse("detainees:court-diary"), reverse("detainees:outcome-queue"),
                      reverse("casework:audit-list"), reverse("api_web:inbox-list")]),
        (admin_user, [reverse("accounts:member-list"), reverse("accounts:member-create"),
                      reverse("accounts:organisation-settings", args=[organisation.public_id]),
                      reverse("documents:petition-template-list")]),
    ]:  # fmt: skip
        verified_login(client, user)
        data = _data_words(user, lawyer, case=urdu_case)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            if words := _english_words(response.content.decode(), data):
                left[url] = sorted(words)
        client.logout()
    assert left == {}, repr(left)


def test_sign_in_follows_the_browser_language(client):
    urdu = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ur")
    assert '<html lang="ur" dir="rtl">' in urdu.content.decode()
    assert _english_words(urdu.content.decode(), {"Asia", "Karachi"}) == set()
    english = client.get(reverse("login"))
    assert '<html lang="en-gb" dir="ltr">' in english.content.decode()
    assert "Sign in" in english.content.decode()


def test_chosen_language_is_kept_on_the_membership_and_survives_signing_out(client, lawyer):
    verified_login(client, lawyer)
    response = client.post(
        reverse("accounts:language"), {"language": "ur", "next": reverse("casework:case-list")}
    )
    assert response.status_code == 302
    assert response.url == reverse("casework:case-list")
    lawyer.membership.refresh_from_db()
    assert lawyer.membership.language == "ur"
    assert 'dir="rtl"' in client.get(reverse("casework:case-list")).content.decode()

    client.post(reverse("logout"))
    # The browser remembers it for the sign-in page...
    assert '<html lang="ur"' in client.get(reverse("login")).content.decode()
    # ...and the membership for any browser: a fresh one, told English, still gets Urdu.
    client.cookies.clear()
    verified_login(client, lawyer)
    page = client.get(reverse("casework:case-list"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="ur" dir="rtl">' in page.content.decode()
    assert page.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ur"


def test_english_members_stay_in_english_whatever_the_browser_says(client, lawyer):
    Membership.objects.filter(user=lawyer).update(language="en-gb")
    verified_login(client, lawyer)
    page = client.get(reverse("casework:case-list"), HTTP_ACCEPT_LANGUAGE="ur")
    assert '<html lang="en-gb" dir="ltr">' in page.content.decode()


def test_a_visitor_can_switch_before_signing_in(client):
    response = client.post(
        reverse("accounts:language"), {"language": "ur", "next": "/accounts/login/"}
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ur"
    assert '<html lang="ur"' in client.get(reverse("login")).content.decode()


def test_an_unknown_language_or_a_foreign_next_changes_nothing(client, lawyer):
    verified_login(client, lawyer)
    response = client.post(reverse("accounts:language"), {"language": "xx", "next": "/cases/"})
    assert response.status_code == 302
    lawyer.membership.refresh_from_db()
    assert lawyer.membership.language == ""
    elsewhere = client.post(
        reverse("accounts:language"), {"language": "ur", "next": "https://evil.example/"}
    )
    assert elsewhere.url == reverse("home")
    assert client.get(reverse("accounts:language")).status_code == 405


def test_the_switcher_is_on_every_page_with_each_language_in_its_own_name(client, lawyer):
    verified_login(client, lawyer)
    html = client.get(reverse("casework:case-list")).content.decode()
    assert f'action="{reverse("accounts:language")}"' in html
    assert '<option value="ur" lang="ur">اردو</option>' in html


def test_names_typed_in_either_script_run_in_their_own_direction(client, lawyer, urdu_case):
    verified_login(client, lawyer)
    form = client.get(reverse("casework:case-create")).content.decode()
    assert re.search(r'<input type="text" name="given_name"[^>]*dir="auto"', form)
    assert re.search(r'<textarea[^>]*dir="auto"', client.get(
        reverse("detainees:person-edit", args=[urdu_case.reference])
    ).content.decode())  # fmt: skip
    page = client.get(reverse("casework:case-detail", args=[urdu_case.reference])).content.decode()
    assert '<h1 dir="auto">' in page
    assert '<dd dir="auto">تھانہ گولڑہ</dd>' in page
