"""Issue 16's walk, in the browser: an officer sets up a £150,000 fund from a reserve with a
£15,000 cap and delegated awards; makes awards from it (one refused over the cap, one warned
at over-allocation and given a reason); records a decision with three lines from three sources,
one passed to a council; and a two-stage award. Each is published (by the publication service:
the sign-off and publication pages have their own browser tests) and the public pages show
the money. axe checks every page on the way; screenshots at 1280 and 320 px wide."""

import datetime
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.models import FundingSource, Office, Organisation
from decisions import drafting, publication
from decisions.models import Decision, DecisionTemplate, Fund, MoneyLine
from decisions.money import services
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import determination_data, officer_of, year

pytestmark = pytest.mark.browser


def _publish(note_id: int, reference: str) -> Decision:
    note = Decision.objects.get(pk=note_id)
    Decision.objects.filter(pk=note.pk).update(
        status=Decision.Status.APPROVED, reference=reference, decided_on=timezone.localdate()
    )
    note.refresh_from_db()
    publisher = get_user_model().objects.filter(username="grants.publisher").first()
    publisher = publisher or officer_of(note.office, "grants.publisher", "monitoring_officer")
    publication.determine(note, publisher, **determination_data())
    publication.publish(note, publisher)
    return note


def _error(page, text: str):
    """The message beside the box to change (the error summary at the top repeats it)."""
    return page.locator(".govuk-error-message", has_text=text)


def _new_note(page, site, title: str) -> int:
    page.goto(site.url + "/workspace/decisions/new/")
    page.get_by_label("Title").fill(title)
    page.get_by_role("button", name="Start the note").click()
    page.wait_for_load_state()
    note_id = Decision.objects.get(title=title).pk
    page.goto(f"{site.url}/workspace/decisions/{note_id}/money/")
    return note_id


def _add_line(page, *, recipient, purpose, source, amount, **choices):
    page.get_by_role("link", name="Add a line of money").click()
    page.get_by_label("Who receives the money").select_option(label=recipient)
    page.get_by_label("What it is for").fill(purpose)
    page.get_by_label("Funding source").select_option(label=source)
    page.get_by_label("Amount, in pounds").fill(amount)
    page.get_by_label("Financial year (the first, if paid each year)").select_option(
        label=choices.get("year", "2025/26")
    )
    if "passed_to" in choices:
        page.get_by_label("Who they pass it on to (optional)").select_option(
            label=choices["passed_to"]
        )
    if "fund" in choices:
        page.get_by_label("The fund the award is made from (optional)").select_option(
            label=choices["fund"]
        )
    if "earlier_stage" in choices:
        page.get_by_label("The award this one follows on from (optional)").select_option(
            label=choices["earlier_stage"]
        )
    page.get_by_role("button", name="Save the line").click()
    page.wait_for_load_state()


def test_an_officer_sets_up_a_fund_makes_awards_and_the_public_sees_the_balance(
    browser, page, site
):
    staffordshire = Office.objects.get(slug="staffordshire")
    get_user_model().objects.create_user(
        "installer", "installer@example.org", "demo-password", is_staff=True
    )
    officer = officer_of(staffordshire, "grants.officer")
    for name in ("Victim Support", "Savana", "Glow", "Staffordshire County Council"):
        Organisation.objects.create(name=name, kind="council" if "Council" in name else "charity")

    # The office's funding sources, on its set-up pages.
    sign_in(page, site, "installer")
    page.goto(f"{site.url}/setup/staffordshire/")
    page.get_by_role("link", name="Funding sources").click()
    assert_accessible(page)
    for name, kind in [
        ("Budget implementation reserve", "A reserve"),
        ("MoJ victims and witnesses grant 2025/26", "A grant the office receives"),
        ("Community Safety Fund", "A fund the office holds (e.g. proceeds of crime)"),
    ]:
        page.get_by_role("link", name="Add a funding source").click()
        page.get_by_label("Name, as records print it").fill(name)
        page.get_by_label(kind, exact=True).check()
        page.get_by_role("button", name="Save the funding source").click()
        expect(page.get_by_text(f"Saved the funding source {name}.")).to_be_visible()
    assert_accessible(page)
    page.context.clear_cookies()

    # The fund, set up by a decision.
    sign_in(page, site, officer.username)
    fund_note = _new_note(page, site, "Community grants fund 2025/26")
    assert_accessible(page)
    expect(page.get_by_text("No money yet")).to_be_visible()
    page.get_by_role("link", name="Set up a fund").click()
    page.get_by_label("Name of the fund").fill("Community grants fund 2025/26")
    page.get_by_label("Funding source").select_option(label="Budget implementation reserve")
    page.get_by_label("Total, in pounds").fill("£150,000")
    page.get_by_label("The most one organisation may be awarded (optional)").fill("15,000")
    page.get_by_label("Who decides awards from it (optional)").fill(
        "The Chief Executive, under delegation from the Commissioner"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Save the fund").click()
    expect(page.get_by_text("Saved the fund Community grants fund 2025/26.")).to_be_visible()
    _publish(fund_note, "SCP/D/202526/101")
    fund = Fund.objects.get(name="Community grants fund 2025/26")

    # Nine awards already made from it, £135,000 in all.
    reserve = FundingSource.objects.get(name="Budget implementation reserve")
    template = DecisionTemplate.objects.get(office=staffordshire, is_default=True)
    for n in range(9):
        note = drafting.start_note(staffordshire, template, f"Community award {n + 1}", officer)
        services.save_line(
            note,
            MoneyLine(
                recipient=Organisation.objects.create(name=f"Community group {n + 1}"),
                purpose="Community safety project",
                source=reserve,
                amount=Decimal("15000"),
                first_year=year("2025/26"),
                fund=fund,
            ),
            user=officer,
        )
        _publish(note.pk, f"SCP/D/202526/{110 + n}")

    # An award over the cap is refused; at the cap it is saved, and the fund is full.
    first_award = _new_note(page, site, "Independent advocacy, Victim Support")
    _add_line(
        page,
        recipient="Victim Support",
        purpose="Independent domestic violence advocacy",
        source="Budget implementation reserve",
        amount="16,000",
        fund="Community grants fund 2025/26 (£150,000, no more than £15,000 each)",
    )
    expect(_error(page, "awards no more than £15,000 to one organisation")).to_be_visible()
    expect(page.get_by_label("Amount, in pounds")).to_have_value("16,000")
    assert_accessible(page)
    page.get_by_label("Amount, in pounds").fill("15,000")
    page.get_by_role("button", name="Save the line").click()
    expect(page.get_by_text("Saved the line to Victim Support.")).to_be_visible()
    screenshot(page, "money-page-award")
    _publish(first_award, "SCP/D/202526/201")

    # The next award takes the fund over its total: warned, then given a reason.
    _new_note(page, site, "Counselling, Savana")
    _add_line(
        page,
        recipient="Savana",
        purpose="Counselling for survivors of sexual violence",
        source="Budget implementation reserve",
        amount="5,000",
        fund="Community grants fund 2025/26 (£150,000, no more than £15,000 each)",
    )
    expect(_error(page, "would take Community grants fund 2025/26 £5,000 over")).to_be_visible()
    page.get_by_label("Why award it beyond the fund's total").fill(
        "Unspent money from 2024/25 is added to the fund at the year end."
    )
    page.get_by_role("button", name="Save the line").click()
    expect(page.get_by_text("Saved the line to Savana.")).to_be_visible()
    expect(page.get_by_text("Over by £5,000")).to_be_visible()
    savana = Decision.objects.get(title="Counselling, Savana")
    _publish(savana.pk, "SCP/D/202526/202")

    # Three sources, one line passed through the county council to Glow.
    mixed = _new_note(page, site, "Victims services 2025/26")
    _add_line(
        page,
        recipient="Victim Support",
        purpose="Restorative justice service",
        source="MoJ victims and witnesses grant 2025/26",
        amount="12,500.50",
    )
    _add_line(
        page,
        recipient="Staffordshire County Council",
        purpose="Perpetrator programme",
        source="Commissioner's budget",
        amount="17,355",
        passed_to="Glow",
    )
    _add_line(
        page,
        recipient="Savana",
        purpose="Sexual violence helpline",
        source="Community Safety Fund",
        amount="8,000",
    )
    expect(page.get_by_text("£37,855.50")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "money-page-three-sources")
    _publish(mixed, "SCP/D/202526/300")

    # A second stage of Victim Support's award.
    _new_note(page, site, "Independent advocacy, Victim Support: second stage")
    _add_line(
        page,
        recipient="Victim Support",
        purpose="Independent domestic violence advocacy",
        source="MoJ victims and witnesses grant 2025/26",
        amount="7,500",
        earlier_stage="SCP/D/202526/201: Victim Support, £15,000",
    )
    expect(page.get_by_text("Saved the line to Victim Support.")).to_be_visible()
    stage_two = Decision.objects.get(title="Independent advocacy, Victim Support: second stage")
    _publish(stage_two.pk, "SCP/D/202526/301")
    page.context.clear_cookies()

    # The public's view.
    page.goto(site.url + fund.get_absolute_url())
    expect(page.get_by_role("heading", name="Community grants fund 2025/26")).to_be_visible()
    balance = page.locator("dl").nth(1)
    expect(balance).to_contain_text("£155,000")  # awarded by published decisions
    expect(balance).to_contain_text("awarded £5,000 beyond the total")
    assert_accessible(page)
    screenshot(page, "fund-page")
    page.set_viewport_size({"width": 320, "height": 640})
    screenshot(page, "fund-page-320")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(site.url + savana.published_copies.get().get_absolute_url())
    expect(
        page.get_by_text("Unspent money from 2024/25 is added to the fund at the year end.")
    ).to_be_visible()
    page.get_by_role("link", name="Community grants fund 2025/26").first.click()
    expect(page).to_have_url(site.url + fund.get_absolute_url())

    page.goto(site.url + Decision.objects.get(pk=mixed).published_copies.get().get_absolute_url())
    money = page.locator("table", has_text="What this decision commits")
    for text in [
        "MoJ victims and witnesses grant 2025/26",
        "Commissioner's budget",
        "Community Safety Fund",
        "passed on to Glow",
        "£37,855.50",
    ]:
        expect(money).to_contain_text(text)
    assert_accessible(page)
    screenshot(page, "decision-three-sources")
    page.set_viewport_size({"width": 320, "height": 640})
    screenshot(page, "decision-three-sources-320")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(site.url + stage_two.published_copies.get().get_absolute_url())
    expect(
        page.get_by_text("Stages: SCP/D/202526/201 £15,000; this decision £7,500 – £22,500 in all")
    ).to_be_visible()

    grants = json.loads(page.request.get(site.url + "/grants/360giving.json").body())
    assert len(grants["grants"]) == 9 + 1 + 1 + 3 + 1
    assert all(grant["awardDate"] == timezone.localdate().isoformat() for grant in grants["grants"])
    assert datetime.date.fromisoformat(grants["grants"][0]["plannedDates"][0]["startDate"])
