"""The keep-alive the edit pages call while someone types: it starts the session's idle time
again and says how long the session now has; signed out, it says so."""

import datetime

import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.factories import officer_of, signed_in

URL = reverse("keep_alive")


def _ends(client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_it_keeps_the_session_going_and_says_for_how_long(staffordshire, settings):
    settings.SESSION_COOKIE_AGE = 2 * 60 * 60
    with time_machine.travel("2025-03-03 09:00 +0000", tick=False) as clock:
        client = signed_in(officer_of(staffordshire, "typist"))
        client.get(reverse("home"))
        ends = _ends(client)
        clock.shift(datetime.timedelta(minutes=100))  # typing, which sends nothing
        response = client.post(URL)
        assert response.status_code == 200
        assert response.json() == {"signed_in": True, "seconds_left": 2 * 60 * 60}
        assert _ends(client) == ends + datetime.timedelta(minutes=100)
        assert response["Cache-Control"] == "no-store"


def test_a_session_left_alone_still_ends(staffordshire, settings):
    settings.SESSION_COOKIE_AGE = 2 * 60 * 60
    with time_machine.travel("2025-03-03 09:00 +0000", tick=False) as clock:
        client = signed_in(officer_of(staffordshire, "typist"))
        client.get(reverse("home"))
        clock.shift(datetime.timedelta(hours=2, seconds=1))
        response = client.post(URL)
    assert response.status_code == 401
    assert response.json() == {"signed_in": False}


def test_it_answers_401_not_a_redirect_when_signed_out(db):
    response = Client().post(URL)
    assert response.status_code == 401
    assert response.json() == {"signed_in": False}


def test_it_takes_only_a_post_with_the_csrf_token(staffordshire):
    user = officer_of(staffordshire, "typist")
    assert signed_in(user).get(URL).status_code == 405
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(URL).status_code == 403
    client.get(reverse("home"))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    assert client.post(URL, HTTP_X_CSRFTOKEN=token).status_code == 200
