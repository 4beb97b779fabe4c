"""At 320 CSS pixels wide (a phone, or 400% zoom of a 1280 px window) no page is wider than the
screen: text wraps, the header's links wrap, and wide tables scroll inside their own labelled
region (WCAG 2.2, 1.4.10 Reflow). Each page must also load (a narrow error page would pass)."""

import pytest

from commissioning.models import Office, Role
from contracts.models import Contract
from decisions.models import Decision, PublishedCopy
from tests.browser.conftest import sign_in
from tests.factories import officer_of

pytestmark = pytest.mark.browser


def too_wide(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def public_contract_id() -> int:
    """The widest contract of the public register: the one with the most partners."""
    from decisions.public import ocds

    return max(ocds.public_contracts(), key=lambda c: len(c["other_partners"]))["id"]


def test_no_page_scrolls_sideways_at_320_pixels(browser, site):
    staffordshire = Office.objects.get(slug="staffordshire")
    officer_of(staffordshire, "staffs.monitoring", Role.MONITORING_OFFICER)
    officer_of(staffordshire, "staffs.admin", Role.OFFICE_ADMINISTRATOR)
    note = Decision.objects.get(reference="SCP/D/202425/003")
    copy = PublishedCopy.objects.public().get(decision=note)
    contract = Contract.objects.for_office(staffordshire).order_by("pk").first()
    public = [
        "/",
        "/decisions/",
        "/decisions/?q=PADS",
        copy.get_absolute_url(),
        "/contracts/",
        f"/contracts/{public_contract_id()}/",
        "/accessibility/",
        "/decisions/wpcc4-0014/",
    ]
    signed_in = {
        "staffs.monitoring": [
            "/",
            "/workspace/decisions/",
            "/workspace/contracts/",
            f"/workspace/contracts/{contract.pk}/",
            f"/workspace/decisions/{note.pk}/",
            f"/workspace/decisions/{note.pk}/sign-off/",
            f"/workspace/decisions/{note.pk}/publication/",
            f"/workspace/decisions/{note.pk}/history/",
            "/workspace/contracts/phasing/",
            "/account/",
            f"/workspace/decisions/{note.pk}/money/",
            f"/workspace/decisions/{note.pk}/transcription/",
            "/workspace/decisions/record-taken/",
            "/workspace/decisions/import/",
            "/workspace/decisions/cover/",
            f"/workspace/decisions/{note.pk}/publication/publish/",
        ],
        "staffs.admin": [
            "/setup/staffordshire/",
            "/setup/staffordshire/references/",
            "/setup/staffordshire/people/",
            "/setup/staffordshire/ways-of-deciding/",
            "/setup/staffordshire/forms/",
            "/setup/staffordshire/funding-sources/",
        ],
    }
    wide = []
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in public:
        response = page.goto(site.url + path)
        if response.status != 200:
            wide.append((path, f"status {response.status}"))
        if too_wide(page) > 0:
            wide.append((path, too_wide(page)))
    for username, paths in signed_in.items():
        context.clear_cookies()
        sign_in(page, site, username)
        for path in paths:
            response = page.goto(site.url + path)
            if response.status != 200:
                wide.append((username, path, f"status {response.status}"))
            if too_wide(page) > 0:
                wide.append((username, path, too_wide(page)))
    context.close()
    assert wide == []
