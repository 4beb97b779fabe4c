"""Error pages say what to do next and nothing about the cause: no traceback, no setting, no
path on the server, no exception text. The cause goes to the log."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.template import loader
from django.test import Client
from django.urls import reverse

from tests.deployment.urls import SECRET_DETAIL
from tests.factories import signed_in

pytestmark = pytest.mark.urls("tests.deployment.urls")

TELLTALES = ("Traceback", "RuntimeError", "DatabaseError", "URLconf", "settings.py", "/srv/")


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def assert_leaks_nothing(html: str):
    assert SECRET_DETAIL not in html
    assert "hunter2" not in html
    assert django_settings.SECRET_KEY not in html
    for telltale in TELLTALES:
        assert telltale not in html, telltale


@pytest.mark.parametrize("url", ["/broken/", "/database-down/"])
def test_a_failing_view_shows_the_service_problem_page_and_nothing_of_the_error(url):
    response = Client(raise_request_exception=False).get(url)

    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert "it has not been saved" in html
    assert "/static/css/app" in html  # the GOV.UK look, from the static stylesheet
    assert "<script" not in html  # no nonce reaches a page rendered without a request
    assert_leaks_nothing(html)


def test_the_service_problem_page_needs_no_request_and_no_database(django_assert_num_queries):
    """Django renders 500.html with no context at all; the database may be what failed."""
    with django_assert_num_queries(0):
        html = loader.get_template("500.html").render()
    assert "Sorry, there is a problem with the service" in html


def test_a_missing_page_shows_the_friendly_not_found_page():
    response = Client().get("/decisions/no-such-decision/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "check you copied the entire address" in html
    assert "/static/css/app" in html
    assert_leaks_nothing(html)


def test_a_page_outside_your_access_shows_the_friendly_forbidden_page():
    nobody = get_user_model().objects.create_user("no.role", "no.role@example.org", "x")

    response = signed_in(nobody).get(reverse("decisions:list"))

    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot see this page" in html
    assert_leaks_nothing(html)


def test_a_request_for_a_host_we_do_not_serve_shows_the_bad_request_page():
    response = Client(HTTP_HOST="attacker.example").get("/decisions/")

    assert response.status_code == 400
    html = response.content.decode()
    assert "the request could not be understood" in html
    assert "attacker.example" not in html
    assert_leaks_nothing(html)


def test_a_form_sent_without_its_csrf_token_shows_the_form_could_not_be_sent_page():
    response = Client(enforce_csrf_checks=True).post(
        reverse("login"), {"username": "someone", "password": "anything"}
    )

    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form could not be sent" in html
    assert "Nothing has been saved" in html
    assert "CSRF" not in html
