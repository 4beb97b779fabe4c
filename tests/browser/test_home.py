import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.browser


def test_the_home_page_in_a_real_browser(page, site):
    page.goto(site.url)
    assert page.title() == "Commissioning decisions"
    assert page.locator("h1").inner_text() == "Commissioning decisions"
    expect(page.get_by_role("cell", name="Staffordshire Commissioner", exact=True)).to_be_visible()
    # The compiled stylesheet is served locally and applied (no CDN).
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "GDS Transport" not in font
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert_accessible(page)
    screenshot(page, "home")


def test_an_officer_signs_in_to_the_administration(page, site, django_user_model):
    django_user_model.objects.create_superuser("admin", "admin@example.org", "demo-password")
    page.goto(site.url)
    page.get_by_role("link", name="Sign in", exact=True).click()
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("demo-password")
    page.get_by_role("button", name="Log in").click()
    page.locator("#decisions-decision").get_by_role("link", name="Decisions").click()
    expect(page.get_by_role("link", name="SCP/D/202425/003")).to_be_visible()
    screenshot(page, "admin-decisions")
