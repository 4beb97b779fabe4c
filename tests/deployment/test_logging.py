"""One JSON line a request: who (by user and office id), what (method, path without its query
string, route), how it went (status, duration) and a request id to join it with the proxy's."""

import io
import json
import logging
import sys

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.request_log import JsonFormatter
from tests.factories import officer_of, signed_in


@pytest.fixture
def request_log():
    """The request logger's output as the production formatter writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("commissioning.requests")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_a_signed_in_request_is_one_line_with_user_and_office_ids_and_no_query(
    request_log, staffordshire
):
    officer = officer_of(staffordshire, "pete.scott")

    response = signed_in(officer).get(reverse("decisions:list"), {"q": "Jane Citizen"})

    assert response.status_code == 200
    (line,) = request_log()
    assert line["logger"] == "commissioning.requests"
    assert line["method"] == "GET"
    assert line["path"] == "/workspace/decisions/"
    assert line["route"] == "decisions:list"
    assert line["status"] == 200
    assert line["duration_ms"] > 0
    assert line["user_id"] == officer.pk
    assert line["office_id"] == staffordshire.pk
    assert "Jane" not in json.dumps(line)
    assert "pete.scott" not in json.dumps(line)  # an id, never the username


def test_a_public_request_names_no_user_and_no_office(request_log):
    Client().get(reverse("public:register"), {"q": "Jane Citizen"})

    (line,) = request_log()
    assert line["route"] == "public:register"
    assert line["user_id"] is None
    assert "office_id" not in line
    assert "Jane" not in json.dumps(line)


def test_the_proxys_request_id_is_kept_and_sent_back(request_log):
    response = Client().get("/decisions/", headers={"X-Request-ID": "5f0c-proxy-id"})

    assert response["X-Request-ID"] == "5f0c-proxy-id"
    assert request_log()[0]["request_id"] == "5f0c-proxy-id"


def test_a_request_id_that_does_not_look_like_one_is_replaced(request_log):
    response = Client().get("/decisions/", headers={"X-Request-ID": 'x" "injected": "yes <script>'})

    (line,) = request_log()
    assert "injected" not in line["request_id"]
    assert len(line["request_id"]) == 32
    assert response["X-Request-ID"] == line["request_id"]


def test_every_request_gets_an_id_of_its_own(request_log):
    client = Client()
    first = client.get("/decisions/")["X-Request-ID"]
    second = client.get("/decisions/")["X-Request-ID"]

    assert first != second


@pytest.mark.urls("tests.deployment.urls")
def test_a_server_error_is_logged_with_its_status(request_log):
    Client(raise_request_exception=False).get("/broken/")

    (line,) = request_log()
    assert line["status"] == 500
    assert line["route"] == "broken"


def test_a_healthy_health_check_is_not_logged_and_a_failing_one_is(request_log, monkeypatch):
    from commissioning import health
    from tests.deployment.production import DatabaseThatDoesNotAnswer

    Client().get("/healthz")
    assert request_log() == []

    monkeypatch.setattr(health, "connection", DatabaseThatDoesNotAnswer())
    Client().get("/healthz")
    (line,) = request_log()
    assert line["status"] == 503


def test_a_record_with_a_traceback_is_still_one_line():
    logger = logging.getLogger("tests.deployment")
    try:
        raise ValueError("first line\nsecond line")
    except ValueError:
        record = logger.makeRecord(
            "tests.deployment", logging.ERROR, __file__, 1, "Failed", (), sys.exc_info()
        )

    output = JsonFormatter().format(record)

    assert "\n" not in output
    entry = json.loads(output)
    assert entry["level"] == "ERROR"
    assert entry["message"] == "Failed"
    assert "ValueError: first line\nsecond line" in entry["exception"]
