"""The help pages in the browser: each passes axe-core and the Nu HTML Checker, none scrolls
sideways at 320 px, and a signer finds the help for their step from the page they sign on
(opening in a new tab, so nothing typed is left behind). Screenshots at 1280 and 320 px."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from commissioning.models import Office
from decisions.help import TOPICS
from decisions.signoff import workflow
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import ready_note, signing_team

pytestmark = pytest.mark.browser


def help_paths() -> list[tuple[str, str]]:
    return [("index", reverse("help:index"))] + [(t.name, t.url) for t in TOPICS]


def too_wide(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_every_help_page_is_accessible_and_fits_a_narrow_screen(page, site):
    for name, path in help_paths():
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(site.url + path)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
        if name in ("index", "signing"):
            screenshot(page, f"help-{name}-1280")
        page.set_viewport_size({"width": 320, "height": 800})
        page.goto(site.url + path)
        assert too_wide(page) <= 0, f"{path} scrolls sideways at 320 px"
        if name in ("index", "signing"):
            screenshot(page, f"help-{name}-320")


def test_a_signer_opens_the_help_for_their_step_from_the_sign_off_page(page, site):
    staffordshire = Office.objects.get(slug="staffordshire")
    team = signing_team(staffordshire)
    note = workflow.submit(ready_note(staffordshire, team["officer"]), team["officer"])
    sign_in(page, site, team["chief_executive"].username)
    page.goto(f"{site.url}/workspace/decisions/{note.pk}/sign-off/")
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Help with signing a step (opens in new tab)").click()
    help_page = opened.value
    help_page.wait_for_load_state()
    expect(help_page.get_by_role("heading", name="Signing a step", exact=True)).to_be_visible()
    expect(help_page.get_by_text("Sign: Chief Executive")).to_be_visible()
    assert_accessible(help_page)
    # The sign-off page is still there, as it was.
    expect(page.get_by_role("button", name="Sign: Chief Executive")).to_be_visible()
