import datetime

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from commissioning.models import Office, Person, RoleAssignment
from tests.browser.conftest import assert_accessible, screenshot, sign_in

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


def test_a_reviewer_sets_up_two_factor_on_first_sign_in(browser, site):
    from base64 import b32decode

    from tests.factories import officer_of

    officer_of(Office.objects.get(slug="staffordshire"), "staffs.monitoring", "monitoring_officer")
    # The page's own Content Security Policy applies here: the QR code must load under it.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security" in message.text else None
        ),
    )
    page.goto(site.url)
    page.get_by_role("link", name="Sign in", exact=True).click()
    page.get_by_label("Username").fill("staffs.monitoring")
    page.get_by_label("Password").fill("demo-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    qr_code = page.get_by_role("img", name="QR code to add Commissioning decisions")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("image => image.complete && image.naturalWidth > 0")
    screenshot(page, "two-factor-set-up")
    page.get_by_text("I cannot scan the QR code").click()
    key = page.locator("#setup-key").inner_text().replace(" ", "")
    totp = TOTP(b32decode(key))
    page.get_by_label("Code from the app").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Turn on two-factor authentication").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator(".app-recovery-codes li")).to_have_count(10)
    screenshot(page, "two-factor-recovery-codes")
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()
    page.get_by_role("link", name="Your account").click()
    expect(page.locator("#two-factor-status")).to_have_text("On")
    assert not blocked
    context.close()
