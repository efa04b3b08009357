"""Only supervisors and admins reach the supervisors' pages; everyone else gets 404."""

import pytest

pytestmark = pytest.mark.django_db

URLS = [
    "/today/",
    "/today/export/?table=custody",
    "/analytics/",
    "/analytics/export/?table=coverage",
    "/analytics/cases.csv",
    "/analytics/reports/",
]


@pytest.mark.parametrize("url", URLS)
def test_lawyers_and_paralegals_get_404(client, login, lawyer, paralegal, url):
    for user in (lawyer, paralegal):
        login(user)
        assert client.get(url).status_code == 404, (user.username, url)
        assert client.post(url).status_code == 404, (user.username, url)


@pytest.mark.parametrize("url", ["/today/", "/analytics/", "/analytics/reports/"])
def test_supervisors_and_admins_reach_the_pages(client, login, supervisor, admin_user, url):
    for user in (supervisor, admin_user):
        login(user)
        assert client.get(url).status_code == 200, (user.username, url)


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/today/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_an_unknown_table_is_404(client, login, supervisor):
    login(supervisor)
    assert client.get("/today/export/?table=nope").status_code == 404
    assert client.get("/analytics/export/?table=nope").status_code == 404


def test_the_header_shows_today_to_supervisors_only(client, login, supervisor, lawyer):
    login(supervisor)
    assert 'href="/today/"' in client.get("/cases/").content.decode()
    login(lawyer)
    assert 'href="/today/"' not in client.get("/cases/").content.decode()
