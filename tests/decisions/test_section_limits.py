"""A section too long or too deeply nested to save: a plain message above the form, the typing
kept, nothing stored changed, and no worker held while the text is cleaned."""

import html
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.factories import signed_in


def _post_section(officer, note, body):
    url = reverse("decisions:edit_section", args=[note.pk, "background"])
    return signed_in(officer).post(url, {"version": note.version, "body": body})


def test_a_section_too_long_to_save_is_refused_with_its_size_and_the_limit(note, officer):
    before = note.sections.get(key="background").body
    typed = "<p>The PADS contract ends on 31 March 2025.</p>" * 14_000  # 643 KB

    response = _post_section(officer, note, typed)

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert (
        "This section is too long to save: it is 643 KB; the most a section can hold is 500 KB"
        in page
    )
    summary = page.index("govuk-error-summary")
    assert summary < page.index("This section is too long") < page.index("<textarea")
    assert typed in page  # the typing kept, as typed
    note.refresh_from_db()
    assert note.sections.get(key="background").body == before


def test_a_section_nested_too_deep_is_refused_before_it_is_cleaned(note, officer, monkeypatch):
    monkeypatch.setattr("decisions.drafting.forms.sanitise", lambda html: pytest_fail("cleaned"))
    before = note.sections.get(key="background").body
    typed = "<div>" * 40_000 + "The PADS contract" + "</div>" * 40_000

    response = _post_section(officer, note, typed)

    assert response.status_code == 200
    page = response.content.decode()
    assert "nested more than 50 levels deep" in page
    assert "The PADS contract" in page
    note.refresh_from_db()
    assert note.sections.get(key="background").body == before


def test_a_section_of_too_many_tiny_elements_is_refused_before_it_is_cleaned(
    note, officer, monkeypatch
):
    monkeypatch.setattr("decisions.drafting.forms.sanitise", lambda html: pytest_fail("cleaned"))
    before = note.sections.get(key="background").body
    typed = "<p>PADS</p>" * 30_000  # 330 KB, under the size limit

    response = _post_section(officer, note, typed)

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "it holds 30,000 pieces of formatting" in page
    assert "the most a section can hold is 25,000" in page
    note.refresh_from_db()
    assert note.sections.get(key="background").body == before


def test_the_summary_names_itself_in_the_message(note, officer):
    url = reverse("decisions:edit_details", args=[note.pk])
    response = signed_in(officer).post(
        url, {"version": note.version, "title": note.title, "summary": "x" * 600_000}
    )
    assert "This summary is too long to save: it is 586 KB" in html.unescape(
        response.content.decode()
    )


def pytest_fail(what):
    raise AssertionError(what)


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_a_save_too_large_for_django_to_read_comes_back_in_words(note, officer, settings, encoding):
    """Over DATA_UPLOAD_MAX_MEMORY_SIZE Django refuses to read the form at all (a 400 page);
    the officer is sent back to the page with the size and the limit instead."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100 * 1024
    before = note.sections.get(key="background").body
    client = signed_in(officer)
    url = reverse("decisions:edit_section", args=[note.pk, "background"])

    data = {"version": note.version, "body": "x" * 200 * 1024}
    if encoding == "urlencoded":
        response = client.post(
            url, urlencode(data), content_type="application/x-www-form-urlencoded", follow=True
        )
    else:
        response = client.post(url, data, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[0][0] == url
    page = html.unescape(response.content.decode())
    assert "What you sent is too large to save: it is 201 KB" in page
    assert "the most one save can send is 100 KB. Nothing was saved." in page
    assert note.sections.get(key="background").body == before
