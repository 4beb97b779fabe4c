import datetime

import pytest
from playwright.sync_api import expect

from commissioning.models import Office, Person, RoleAssignment
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


def sign_in(page, site, username, password="demo-password"):
    page.goto(site.url)
    page.get_by_role("link", name="Sign in", exact=True).click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_wrong_password_is_explained_and_the_username_kept(page, site, django_user_model):
    django_user_model.objects.create_user("staffs.officer", password="demo-password")
    sign_in(page, site, "staffs.officer", password="wrong")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value("staffs.officer")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    screenshot(page, "sign-in-error")


def test_an_officer_follows_the_regional_contract(page, site, django_user_model, time_machine):
    time_machine.move_to(datetime.datetime(2025, 2, 27, 9, 0), tick=True)
    user = django_user_model.objects.create_user("staffs.officer", password="demo-password")
    person = Person.objects.create(name="Staffs Officer", user=user)
    RoleAssignment.objects.create(
        person=person, office=Office.objects.get(slug="staffordshire"), role="drafting_officer"
    )
    sign_in(page, site, "staffs.officer")
    page.get_by_role("link", name="Contracts", exact=True).click()
    expect(page.get_by_role("heading", name="Contracts")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "contracts")
    page.get_by_role(
        "link", name="Regional Pre-Arrest Drugs Diversion Scheme (PADS)", exact=True
    ).click()
    expect(
        page.get_by_text("No extension option remains: this contract ends on 31 March 2025")
    ).to_be_visible()
    expect(page.locator("svg.app-timeline-chart")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "contract-pads")
    page.get_by_role(
        "link", name="Regional Pre-Arrest Drugs Diversion Scheme (PADS) — direct award"
    ).click()
    expect(
        page.get_by_text("has no Procurement Act 2023 notice reference recorded")
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "contract-pads-direct-award")


def test_an_administrator_reaches_the_seed_decisions(page, site, django_user_model):
    django_user_model.objects.create_superuser("admin", "admin@example.org", "demo-password")
    sign_in(page, site, "admin")
    page.get_by_role("link", name="Administration").click()
    page.locator("#decisions-decision").get_by_role("link", name="Decisions").click()
    expect(page.get_by_role("link", name="SCP/D/202425/003")).to_be_visible()
    screenshot(page, "admin-decisions")
