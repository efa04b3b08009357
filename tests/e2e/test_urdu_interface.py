"""A lawyer who reads Urdu: signs in, logs a detainee and reaches the case page without an
English word in the way; the layout runs right to left on a phone and a desktop; and the
main pages pass axe-core's checks in both languages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from casework.models import Case, Membership
from tests.e2e.helpers import query, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _sign_in_and_choose_urdu(page, base_url, username):
    """Sign in as anyone does (the browser's language: English here), then choose Urdu in
    the header's switcher: the choice is kept on the membership from then on."""
    sign_in(page, base_url, username)
    page.get_by_label("Language").select_option("ur")
    page.get_by_role("button", name="Change language").click()
    page.get_by_role("button", name="سائن آؤٹ").wait_for()


def _fill_sign_in(page, username):
    from django.contrib.auth import get_user_model

    from tests.signin import fresh_code_for

    user = query(lambda: get_user_model().objects.get(username=username))
    code = query(lambda: fresh_code_for(user))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Verify").click()


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


PEOPLE = {  # fictional
    "phone": ("Mirwais", "Hotak", "Nazar Mohammad", "میرویس"),
    "desktop": ("Zarmina", "Stanekzai", "Abdul Wali", "زرمینه"),
}


def _log_a_detainee(page, base_url, artifacts, size):
    given, family, father, native = PEOPLE[size]
    page.get_by_role("navigation", name="مرکزی").get_by_role("link", name="نیا مقدمہ").click()
    page.get_by_role("heading", name="نیا مقدمہ").wait_for()
    page.get_by_label("نام", exact=True).fill(given)
    page.get_by_label("خاندانی نام", exact=True).fill(family)
    page.get_by_label("والد کا نام", exact=True).fill(father)
    page.get_by_text("دری / پشتو / اردو رسم الخط میں نام").click()
    page.get_by_label("نام (دری/پشتو/اردو)", exact=True).fill(native)
    page.get_by_label("گرفتاری (تاریخ اور وقت)").fill("2026-11-25T08:15")
    page.get_by_label("تھانہ", exact=True).fill("تھانہ سہراب گوٹھ، کراچی")
    page.get_by_label("ایف آئی آر نمبر").fill("602/2026")
    page.screenshot(path=artifacts / f"urdu-intake-{size}.png", full_page=True)
    page.get_by_role("button", name="مقدمہ کھولیں").click()
    page.get_by_role("heading", name=f"{given} {family}").wait_for()
    page.screenshot(path=artifacts / f"urdu-case-{size}.png", full_page=True)


def test_a_lawyer_logs_a_detainee_in_urdu_on_a_phone_and_a_desktop(
    live_server, lawyer, supervisor, browser, artifacts
):
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(viewport=viewport, locale="en-GB")
        page = context.new_page()
        if size == "phone":
            _sign_in_and_choose_urdu(page, live_server.url, "lawyer")
        else:  # a second device: the membership brings Urdu along, whatever the browser says
            sign_in_urdu = page.get_by_role("button", name="سائن آؤٹ")
            page.goto(f"{live_server.url}/accounts/login/")
            _fill_sign_in(page, "lawyer")
            sign_in_urdu.wait_for()
        _log_a_detainee(page, live_server.url, artifacts, size)

        html = page.locator("html")
        assert html.get_attribute("lang") == "ur" and html.get_attribute("dir") == "rtl"
        assert "602/2026" in page.content()
        # Mirrored: the brand starts at the right edge, signing out sits at the left.
        brand, sign_out = _box(page, ".brand"), _box(page, ".signout button")
        assert brand["x"] + brand["width"] > viewport["width"] - 40
        assert sign_out["x"] < brand["x"]
        # The navigation reads right to left: "Cases" stands right of "Hearings".
        nav = page.get_by_role("navigation", name="مرکزی")
        cases_box = nav.get_by_role("link", name="مقدمات").bounding_box()
        hearings_box = nav.get_by_role("link", name="سماعتیں").bounding_box()
        if abs(cases_box["y"] - hearings_box["y"]) < 5:  # on one line
            assert cases_box["x"] > hearings_box["x"]
        # Labels and cards start at the right; nothing overflows the phone.
        heading = _box(page, "main h1")
        assert heading["x"] + heading["width"] > viewport["width"] / 2
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        context.close()
    assert query(Case.objects.count) == 2


def _serious(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_main_pages_pass_axe_in_english_and_in_urdu(live_server, case, lawyer, browser):
    pages = ["/cases/", "/cases/new/", f"/cases/{case.reference}/", "/hearings/"]
    found = {}
    for language, locale in (("en-gb", "en-GB"), ("ur", "ur-PK")):
        # axe is injected by script; the page's own CSP stays as it is for the app.
        visitor = browser.new_context(viewport=DESKTOP, locale=locale, bypass_csp=True)
        page = visitor.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        assert page.locator("html").get_attribute("lang") == language  # the browser's
        found[(language, "/accounts/login/")] = _serious(page)
        visitor.close()

        query(lambda: Membership.objects.filter(user=lawyer).update(language=language))
        member = browser.new_context(viewport=DESKTOP, locale="en-GB", bypass_csp=True)
        page = member.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        _fill_sign_in(page, "lawyer")
        page.locator("form.signout button").wait_for()
        for path in pages:
            page.goto(f"{live_server.url}{path}")
            assert page.locator("html").get_attribute("lang") == language
            found[(language, path)] = _serious(page)
        member.close()
    assert {key: value for key, value in found.items() if value} == {}
