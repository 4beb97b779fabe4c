"""A save that reaches an edit page after the session ended is held across the sign-in (both
steps), shown again to the person who typed it, and saved only by their own click on Save;
a note changed meanwhile shows the conflict beside it. Nothing else is held."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse

from commissioning import held_typing
from tests.factories import (
    code_for,
    current_version,
    enrolled,
    html_text,
    officer_of,
    page_text,
    sign_in,
    signed_in,
)

TYPED = "<p>An hour of typing about the background.</p>"


@pytest.fixture
def url(note):
    return reverse("decisions:edit_section", args=[note.pk, "background"])


def typing(note, user, body=TYPED, **extra) -> dict:
    return {"version": note.version, "body": body, "typed_by": str(user.pk), **extra}


def held_in(client) -> dict:
    return client.session.get(held_typing.SESSION_KEY, {})


def test_a_save_after_the_session_ended_is_held_and_shown_after_signing_in(note, officer, url):
    client = Client()  # the session has ended: nobody is signed in
    response = client.post(url, typing(note, officer))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
    assert note.sections.get(key="background").body == ""  # not saved

    signed = sign_in(client, "staffs.officer", next_url=url)
    assert signed["Location"] == url
    page = client.get(url)
    text = page_text(page)
    assert "Your session had ended before you saved." in text
    assert "is below, not yet saved: check it and save." in text
    assert "An hour of typing about the background." in html_text(page)
    assert 'data-warn-unsaved="pending"' in page.content.decode()
    # Shown, still not saved: the save is the person's own click.
    assert note.sections.get(key="background").body == ""
    assert held_in(client) == {}  # shown once

    again = client.get(url)
    assert "An hour of typing" not in html_text(again)

    saved = client.post(url, typing(note, officer))
    assert saved.status_code == 302
    assert note.sections.get(key="background").body == TYPED


def test_the_typing_survives_the_second_step_of_signing_in(note, staffordshire, url):
    signer = officer_of(staffordshire, "staffs.chief", "chief_executive")
    device, _ = enrolled(signer)
    client = Client()
    client.post(url, typing(note, signer))
    first = sign_in(client, "staffs.chief", next_url=url)
    assert first["Location"].startswith(reverse("verify_code"))
    second = client.post(first["Location"], {"code": code_for(device, steps_ahead=1)})
    assert second["Location"] == url
    assert "An hour of typing about the background." in html_text(client.get(url))


def test_someone_else_signing_in_on_the_same_computer_is_not_shown_it(
    note, officer, colleague, url
):
    client = Client()
    client.post(url, typing(note, officer))
    sign_in(client, "staffs.colleague", next_url=url)
    page = client.get(url)
    assert "An hour of typing" not in html_text(page)
    assert "Your session had ended" not in page_text(page)
    assert held_in(client) == {}


def test_a_stale_held_save_shows_the_conflict_beside_the_typing(note, officer, colleague, url):
    client = Client()
    client.post(url, typing(note, officer))
    signed_in(colleague).post(
        url, {"version": note.version, "body": "<p>The colleague's newer text.</p>"}
    )
    sign_in(client, "staffs.officer", next_url=url)
    shown = client.get(url)
    assert "An hour of typing about the background." in html_text(shown)
    # The held version is the one the page was opened at, so saving it is refused, showing both.
    refused = client.post(url, typing(note, officer))
    assert refused.status_code == 200
    page = html_text(refused)
    assert "Someone else changed this note" in page
    assert "The colleague&#x27;s newer text." in page  # as it now stands
    assert "An hour of typing about the background." in page  # the typing, kept
    assert note.sections.get(key="background").body == "<p>The colleague's newer text.</p>"
    # Having compared, saving again goes through.
    saved = client.post(url, typing(note, officer, version=current_version(note)))
    assert saved.status_code == 302
    assert note.sections.get(key="background").body == TYPED


def test_only_a_form_that_keeps_typing_is_held_and_never_a_password(note, officer, url):
    client = Client()
    client.post(url, {"version": note.version, "body": TYPED})  # no typed_by
    assert held_in(client) == {}
    client.post(url, typing(note, officer, password="secret", csrfmiddlewaretoken="x"))
    fields = dict(held_in(client)[url]["fields"])
    assert fields == {"version": str(note.version), "body": TYPED}


def test_too_much_typing_is_not_held_and_the_person_is_told(note, officer, url, settings):
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
    client = Client()
    body = "<p>" + "x" * held_typing.MAX_CHARACTERS + "</p>"
    client.post(url, typing(note, officer, body=body))
    assert held_in(client) == {}
    page = page_text(client.get(reverse("login")))
    assert "too long to keep while you sign in, so they are not saved" in page


def test_a_held_save_lasts_no_longer_than_a_session(note, officer, url, settings):
    client = Client()
    client.post(url, typing(note, officer))
    session = SessionStore(client.session.session_key)
    session[held_typing.SESSION_KEY][url]["at"] = "2000-01-01T00:00:00+00:00"
    session.save()
    sign_in(client, "staffs.officer", next_url=url)
    assert "An hour of typing" not in html_text(client.get(url))


def test_every_edit_page_of_a_note_holds_typing():
    for name, args in [
        ("edit_details", [1]),
        ("edit_whole", [1]),
        ("edit_section", [1, "background"]),
        ("edit_list", [1, "risks"]),
        ("edit_money", [1, 1]),
    ]:
        assert held_typing.keeps_typing(reverse(f"decisions:{name}", args=args)), name
    assert not held_typing.keeps_typing(reverse("decisions:create"))
    assert not held_typing.keeps_typing(reverse("login"))


# A save refused by the CSRF check: the token is from before the person last signed in, or the
# cookies were cleared.


def test_a_save_with_a_stale_token_is_held_through_the_sign_in(note, officer, url):
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, typing(note, officer), HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client.get(response["Location"])  # the sign-in page sets a new CSRF cookie
    token = client.cookies["csrftoken"].value
    sign_in(client, "staffs.officer", next_url=url, HTTP_X_CSRFTOKEN=token)
    assert "An hour of typing about the background." in html_text(client.get(url))


def test_signed_in_with_a_stale_token_the_page_is_shown_again_with_the_typing(note, officer, url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(url, typing(note, officer), HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302
    assert response["Location"] == url
    page = client.get(url)
    assert "This page was opened before you last signed in" in page_text(page)
    assert "An hour of typing about the background." in html_text(page)
    assert note.sections.get(key="background").body == ""


def test_a_post_from_another_site_is_never_held(note, officer, url):
    client = Client(enforce_csrf_checks=True)
    for origin in ("https://attacker.example", None):
        extra = {"HTTP_ORIGIN": origin} if origin else {}
        response = client.post(url, typing(note, officer, body="<p>Planted</p>"), **extra)
        assert response.status_code == 403
        assert held_in(client) == {}
    sign_in(client, "staffs.officer", next_url=url)
    assert "Planted" not in html_text(client.get(url))


def test_the_csrf_page_no_longer_says_to_reload_an_edit_page(note, officer, url):
    client = Client(enforce_csrf_checks=True)
    refused = page_text(client.post(url, typing(note, officer)))  # no Origin: not held
    assert "this browser keeps a copy of your typing" in refused
    assert "reload" not in refused
    other = page_text(client.post(reverse("decisions:create"), {"title": "x"}))
    assert "Go back, open the page again and try again." in other
