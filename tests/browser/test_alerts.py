"""E-mail alerts in the browser: from a register search to a confirmed alert, then managing and
stopping it from the e-mailed links, no account anywhere. Every page passes axe-core and the Nu
HTML Checker and none scrolls sideways at 320 px. Screenshots at 1280 and 320 px."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from decisions.models import Alert
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.browser


def too_wide(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def link_in(body: str, kind: str) -> str:
    site = re.escape(settings.SITE_URL.rstrip("/"))
    return re.search(rf"{site}(/alerts/{kind}/[^\s]+/)", body)[1]


def look(page, name: str) -> None:
    """Accessible at 1280 px, and fits 320 px; a screenshot at each."""
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page)
    screenshot(page, f"{name}-1280")
    page.set_viewport_size({"width": 320, "height": 800})
    assert too_wide(page) <= 0, f"{page.url} scrolls sideways at 320 px"
    screenshot(page, f"{name}-320")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_reader_subscribes_to_a_search_confirms_manages_and_stops_it(page, site):
    page.goto(f"{site.url}/decisions/?q=PADS&office=staffordshire")
    feed = page.locator('link[rel="alternate"][type="application/atom+xml"]')
    expect(feed).to_have_attribute("href", "/decisions/feed/?q=PADS&office=staffordshire")
    expect(page.get_by_role("link", name="Atom feed of this search")).to_be_visible()
    screenshot(page, "register-search-follow-1280")
    page.get_by_role("link", name="Get e-mails about new decisions matching this search").click()
    expect(page.get_by_role("heading", name="Get e-mail alerts")).to_be_visible()
    expect(page.get_by_text("‘PADS’; Office: Staffordshire")).to_be_visible()
    look(page, "alerts-subscribe")

    # Nothing typed: the error summary says what to do.
    page.get_by_role("button", name="Get e-mail alerts").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your email address")
    look(page, "alerts-subscribe-errors")

    page.get_by_label("Email address").fill("reader@example.org")
    page.get_by_label("Daily").check()
    page.get_by_role("button", name="Get e-mail alerts").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    look(page, "alerts-check-inbox")

    (confirmation,) = mail.outbox
    page.goto(site.url + link_in(confirmation.body, "confirm"))
    expect(page.get_by_role("heading", name="Confirm your e-mail alerts")).to_be_visible()
    look(page, "alerts-confirm")
    page.get_by_role("button", name="Confirm alerts").click()
    expect(page.get_by_role("heading", name="Alerts confirmed")).to_be_visible()
    alert = Alert.objects.get()
    assert alert.confirmed_at is not None and alert.frequency == "daily"
    look(page, "alerts-confirmed")

    # E-mailed links are on settings.SITE_URL: followed here on the test's server.
    manage = page.get_by_role("link", name="Manage your alerts").get_attribute("href")
    page.goto(site.url + urlsplit(manage).path)
    expect(page.get_by_role("heading", name="Your e-mail alerts")).to_be_visible()
    look(page, "alerts-manage")

    page.goto(site.url + link_in(confirmation.body, "unsubscribe"))
    expect(page.get_by_role("heading", name="Stop every e-mail alert")).to_be_visible()
    look(page, "alerts-unsubscribe")
    page.get_by_role("button", name="Stop e-mails").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    assert not Alert.objects.exists()


def test_the_privacy_and_manage_request_pages_are_accessible(page, site):
    page.goto(f"{site.url}/alerts/privacy/")
    expect(page.get_by_role("heading", name="E-mail alerts: what we keep and why")).to_be_visible()
    look(page, "alerts-privacy")
    page.goto(f"{site.url}/alerts/manage/")
    look(page, "alerts-manage-request")
