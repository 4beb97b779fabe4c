"""A subscriber's request in the browser: the Monitoring Officer finds an address's alerts from
their home page, is stopped until they confirm the request is the owner's, and deletes them.
axe and the Nu checker on each page; screenshots at 1280 and 320 px wide."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.models import Office
from decisions.models import Alert
from tests.browser.conftest import assert_accessible, at_both_widths, sign_in
from tests.factories import signing_team

pytestmark = pytest.mark.browser


def test_the_monitoring_officer_answers_a_subscribers_request(browser, page, site):
    team = signing_team(Office.objects.get(slug="staffordshire"))
    Alert.objects.create(
        email="reader@example.org",
        search="q=falconry&office=staffordshire",
        description="Decisions of Staffordshire Commissioner's Office matching “falconry”",
        frequency=Alert.Frequency.WEEKLY,
        confirmed_at=timezone.now(),
        last_digest_at=timezone.now(),
    )
    sign_in(page, site, team["monitoring_officer"].username)
    page.get_by_role("link", name="Requests about alert subscribers").click()
    expect(
        page.get_by_role("heading", name="Requests about e-mail alert subscribers")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("The subscriber's e-mail address").fill("reader@example.org")
    page.get_by_role("button", name="Find their alerts").click()
    expect(page.get_by_role("heading", name="Alerts for reader@example.org")).to_be_visible()
    assert_accessible(page)
    at_both_widths(page, "subscriber-request")

    page.get_by_role("button", name="Delete all their alerts").click()
    expect(
        page.get_by_text("Confirm that the request comes from the address").first
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("I have checked that the request comes from this address's owner").check()
    page.get_by_role("button", name="Delete all their alerts").click()
    expect(page.get_by_text("Deleted 1 alert.")).to_be_visible()
    assert not Alert.objects.exists()
