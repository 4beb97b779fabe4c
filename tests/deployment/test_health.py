"""/healthz: "ok" while the database answers, 503 when it does not, and nothing more."""

from django.test import Client
from django.urls import reverse

from commissioning import health
from tests.deployment.production import DatabaseThatDoesNotAnswer


def test_it_answers_ok_when_the_database_answers(django_assert_num_queries):
    with django_assert_num_queries(1):
        response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain"


def test_it_answers_503_and_no_detail_when_the_database_does_not(monkeypatch, caplog):
    monkeypatch.setattr(health, "connection", DatabaseThatDoesNotAnswer())

    response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.content == b"unavailable\n"
    # The reason is for the operator's log, not for whoever asked.
    assert "password authentication failed" in caplog.text


def test_it_is_never_cached_and_sets_no_cookie():
    response = Client().get("/healthz")

    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_a_load_balancer_asks_over_plain_http_while_pages_go_to_https(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()

    assert client.get("/healthz").status_code == 200
    page = client.get(reverse("public:register"))
    assert page.status_code == 301
    assert page["Location"].startswith("https://")


def test_it_only_answers_questions():
    client = Client()
    assert reverse("healthz") == "/healthz"
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
