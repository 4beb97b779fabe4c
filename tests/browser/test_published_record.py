"""The whole published record in the browser: an appendix downloaded from the public page,
search results that show why they matched, and contracts whose value is not stated. Each page
passes axe and the Nu checker and does not scroll sideways at 320 pixels."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from commissioning.models import Office, Role
from decisions import publication
from decisions.models import Appendix, Decision
from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import officer_of

pytestmark = pytest.mark.browser

APPENDIX = b"%PDF-1.7\n% the PADS performance report, as the office published it\n%%EOF\n"


def _too_wide(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_a_published_appendix_downloads_from_the_public_page(browser, site, page):
    staffordshire = Office.objects.get(slug="staffordshire")
    monitoring = officer_of(staffordshire, "staffs.monitoring", Role.MONITORING_OFFICER)
    note = Decision.objects.get(reference="SCP/D/202425/003")
    Appendix.objects.create(
        decision=note,
        position=5,
        title="Appendix A – PADS performance report, quarter 3",
        file=ContentFile(APPENDIX, name="PADS-performance-report-quarter-3-2024-25.pdf"),
    )
    copy = publication.publish(note, monitoring, correction_note="Adds Appendix A.")

    page.goto(site.url + copy.get_absolute_url())
    link = page.get_by_role("link", name="Download Appendix A – PADS performance report")
    assert f"PDF, {len(APPENDIX)}\xa0bytes" in link.inner_text()
    page.get_by_text("Check this file").click()
    assert hashlib.sha256(APPENDIX).hexdigest() in page.content()
    assert_accessible(page)
    screenshot(page, "published-appendix-1280")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "PADS-performance-report-quarter-3-2024-25.pdf"
    assert Path(download.value.path()).read_bytes() == APPENDIX

    narrow = browser.new_context(viewport={"width": 320, "height": 640}).new_page()
    narrow.goto(site.url + copy.get_absolute_url())
    narrow.get_by_text("Check this file").click()
    assert _too_wide(narrow) <= 0
    screenshot(narrow, "published-appendix-320")


def test_search_results_show_why_they_matched(browser, site, page):
    page.goto(site.url + "/decisions/?q=Cranstoun+referrals")
    assert page.locator(".app-register__snippet").count() >= 1
    assert_accessible(page)
    screenshot(page, "search-snippets-1280")

    narrow = browser.new_context(viewport={"width": 320, "height": 640}).new_page()
    narrow.goto(site.url + "/decisions/?q=Cranstoun+referrals")
    assert _too_wide(narrow) <= 0
    screenshot(narrow, "search-snippets-320")


def test_contracts_whose_value_is_not_stated_say_so(browser, site, page):
    page.goto(site.url + "/contracts/")
    assert page.get_by_role("cell", name="Not stated").count() == 3
    assert_accessible(page)
    page.get_by_role("link", name="Adult drugs referral and assessment service").click()
    # The click returns before the contract's page has loaded: wait for its words.
    expect(
        page.get_by_text("Not stated: the published decisions give no exact amount")
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "contract-value-not-stated-1280")

    narrow = browser.new_context(viewport={"width": 320, "height": 640}).new_page()
    narrow.goto(page.url)
    assert _too_wide(narrow) <= 0
    screenshot(narrow, "contract-value-not-stated-320")
