"""Money beyond contracts (issue 16): lines from named funding sources, funds a decision sets
up and the awards drawn from them, staged awards, figures as printed, and 360Giving data."""

import csv
import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from pypdf import PdfReader
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from commissioning.models import OPEN_GOVERNMENT_LICENCE, FundingSource, Organisation
from decisions import drafting, publication
from decisions.models import AuditEvent, Decision, DecisionTemplate, Fund, MoneyLine
from decisions.money import services
from decisions.money.statement import money_statement
from tests.factories import determination_data, officer_of, queries, signed_in, year

SCHEMAS = Path(__file__).parent.parent / "data" / "360giving"


@pytest.fixture
def officer(staffordshire):
    return officer_of(staffordshire, "grants.officer")


@pytest.fixture
def sources(staffordshire):
    moj = Organisation.objects.create(name="Ministry of Justice", kind="government")
    kinds = FundingSource.Kind
    return {
        "reserve": FundingSource.objects.create(
            office=staffordshire, name="Budget implementation reserve", kind=kinds.RESERVE
        ),
        "moj": FundingSource.objects.create(
            office=staffordshire,
            name="MoJ victims and witnesses grant 2025/26",
            kind=kinds.GRANT_IN,
            granted_by=moj,
        ),
        "csf": FundingSource.objects.create(
            office=staffordshire, name="Community Safety Fund", kind=kinds.OWN_FUND
        ),
        "budget": FundingSource.objects.get(office=staffordshire, name="Commissioner's budget"),
    }


@pytest.fixture
def charities(db):
    return {
        name: Organisation.objects.create(name=name, kind="charity", org_id=org_id)
        for name, org_id in [
            ("Victim Support", "GB-CHC-298028"),
            ("Savana", ""),
            ("Glow", "GB-COH-01234567"),
        ]
    }


def _note(office, officer, title) -> Decision:
    template = DecisionTemplate.objects.get(office=office, is_default=True)
    return drafting.start_note(office, template, title, officer)


def _publish(note: Decision, reference: str) -> Decision:
    Decision.objects.filter(pk=note.pk).update(
        status=Decision.Status.APPROVED, reference=reference, decided_on=timezone.localdate()
    )
    note.refresh_from_db()
    username = f"{note.office.slug}.publisher"
    publisher = get_user_model().objects.filter(username=username).first() or officer_of(
        note.office, username, "monitoring_officer"
    )
    publication.determine(note, publisher, **determination_data())
    publication.publish(note, publisher)
    return note


def _line(note, officer, recipient, amount, source, **values) -> MoneyLine:
    line = MoneyLine(
        recipient=recipient,
        purpose=values.pop("purpose", "Support for victims of domestic abuse"),
        source=source,
        amount=Decimal(amount),
        first_year=values.pop("first_year", year("2025/26")),
        **values,
    )
    return services.save_line(note, line, user=officer)


@pytest.fixture
def fund(staffordshire, officer, sources):
    """A £150,000 fund from a reserve, no more than £15,000 per organisation, awards delegated
    to the Chief Executive; set up by a published decision."""
    note = _note(staffordshire, officer, "Community grants fund 2025/26")
    fund = services.save_fund(
        note,
        Fund(
            name="Community grants fund 2025/26",
            source=sources["reserve"],
            total=Decimal("150000"),
            award_limit=Decimal("15000"),
            awards_decided_by="The Chief Executive, under delegation from the Commissioner",
            eligibility="Voluntary organisations working with victims in Staffordshire.",
            starts_on=datetime.date(2025, 4, 1),
            ends_on=datetime.date(2026, 3, 31),
        ),
        user=officer,
    )
    _publish(note, "SCP/D/202526/101")
    return fund


def test_a_fund_set_up_by_a_published_decision_has_a_public_page_with_its_balance(fund):
    page = Client().get(fund.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Community grants fund 2025/26" in text
    assert "No more than £15,000" in text
    assert "The Chief Executive, under delegation from the Commissioner" in text
    assert "No awards from this fund have been published yet." in text
    assert fund.balance(public=True).remaining == Decimal("150000")


def test_a_fund_is_not_public_before_its_decision_is_published(staffordshire, officer, sources):
    note = _note(staffordshire, officer, "A fund still being drafted")
    fund = services.save_fund(
        note, Fund(name="Draft fund", source=sources["reserve"], total=Decimal(1000)), user=officer
    )
    assert Client().get(fund.get_absolute_url()).status_code == 404
    assert (
        Client()
        .get(reverse("public:fund_grants_json", args=["staffordshire", fund.pk]))
        .status_code
        == 404
    )


def test_an_award_over_the_per_organisation_limit_is_refused(
    fund, staffordshire, officer, charities
):
    note = _note(staffordshire, officer, "Award to Victim Support")
    with pytest.raises(services.MoneyError) as refusal:
        _line(note, officer, charities["Victim Support"], "15000.01", fund.source, fund=fund)
    assert str(refusal.value) == (
        "Community grants fund 2025/26 awards no more than £15,000 to one organisation. This "
        "award to Victim Support comes to £15,000.01."
    )
    assert not note.money_lines.exists()
    # The limit is per organisation across the fund: its awards on this note and on others
    # count together against it.
    _line(note, officer, charities["Victim Support"], "10000", fund.source, fund=fund)
    later = _note(staffordshire, officer, "Second award to Victim Support")
    with pytest.raises(services.MoneyError) as refusal:
        _line(later, officer, charities["Victim Support"], "5000.01", fund.source, fund=fund)
    assert str(refusal.value).endswith(
        "comes to £15,000.01 with the £10,000 already awarded or proposed to it."
    )


def test_an_award_that_over_allocates_the_fund_needs_a_reason_the_record_prints(
    fund, staffordshire, officer, charities, sources
):
    # £140,000 already awarded: ten published awards of £14,000.
    for n in range(10):
        recipient = Organisation.objects.create(name=f"Community group {n}", kind="charity")
        earlier = _note(staffordshire, officer, f"Award {n}")
        _line(earlier, officer, recipient, "14000", fund.source, fund=fund)
        _publish(earlier, f"SCP/D/202526/2{n:02}")
    note = _note(staffordshire, officer, "Award to Savana")
    with pytest.raises(services.OverAllocation) as warning:
        _line(note, officer, charities["Savana"], "12000", fund.source, fund=fund)
    assert str(warning.value) == (
        "This award would take Community grants fund 2025/26 £2,000 over its total of "
        "£150,000: £140,000 is awarded and £0 proposed already. To award it anyway, give the "
        "reason for over-allocating the fund; the record prints it."
    )
    reason = "Unspent money from 2024/25 is to be added to the fund at the year end."
    _line(
        note,
        officer,
        charities["Savana"],
        "12000",
        fund.source,
        fund=fund,
        over_allocation_reason=reason,
    )
    _publish(note, "SCP/D/202526/300")
    record = Client().get(note.published_copies.get().get_absolute_url()).content.decode()
    assert reason in record
    assert fund.get_absolute_url() in record
    fund_page = Client().get(fund.get_absolute_url()).content.decode()
    assert "Savana" in fund_page
    assert "awarded £2,000 beyond the total" in fund_page


def test_a_decision_with_three_sources_prints_each_line_with_its_source_and_totals(
    staffordshire, officer, sources, charities
):
    council = Organisation.objects.create(name="Stoke-on-Trent City Council", kind="council")

    note = _note(staffordshire, officer, "Victims services 2025/26")
    _line(
        note,
        officer,
        charities["Victim Support"],
        "45000",
        sources["moj"],
        purpose="Independent victim advocacy",
    )
    _line(
        note,
        officer,
        charities["Victim Support"],
        "12500.50",
        sources["moj"],
        purpose="Restorative justice",
    )
    _line(
        note,
        officer,
        council,
        "17355",
        sources["budget"],
        purpose="Domestic abuse perpetrator programme",
        basis=MoneyLine.Basis.PER_YEAR,
        last_year=year("2027/28"),
        passed_to=charities["Glow"],
        budgeted=True,
    )
    _line(
        note,
        officer,
        charities["Savana"],
        "8000",
        sources["csf"],
        purpose="Sexual violence counselling",
    )
    statement = money_statement(note, public=False)
    assert (
        statement["total"] == Decimal("45000") + Decimal("12500.50") + 3 * Decimal("17355") + 8000
    )
    assert statement["years"] == [
        ["2025/26", Decimal("82855.50")],
        ["2026/27", Decimal("17355")],
        ["2027/28", Decimal("17355")],
    ]
    assert {line["source"] for line in statement["lines"]} == {
        "MoJ victims and witnesses grant 2025/26",
        "Commissioner's budget",
        "Community Safety Fund",
    }
    _publish(note, "SCP/D/202526/400")
    page = Client().get(note.published_copies.get().get_absolute_url()).content.decode()
    assert "£17,355 a year from 2025/26 to 2027/28" in page
    assert "passed on to Glow" in page
    assert "Committed by financial year" in page
    assert "£117,565.50" in page


def test_a_decision_with_no_money_says_so(staffordshire, officer):
    note = _note(staffordshire, officer, "Refresh of the Police and Crime Plan")
    _publish(note, "SCP/D/202526/500")
    page = Client().get(note.published_copies.get().get_absolute_url()).content.decode()
    assert "This decision commits no money." in page
    assert "£0.00" not in page


def test_a_two_stage_award_shows_its_stages_and_the_cumulative_amount(
    staffordshire, officer, sources, charities
):
    first = _note(staffordshire, officer, "Savana ISVA service, stage 1")
    stage_one = _line(first, officer, charities["Savana"], "20000", sources["moj"])
    _publish(first, "SCP/D/202526/601")
    second = _note(staffordshire, officer, "Savana ISVA service, stage 2")
    _line(second, officer, charities["Savana"], "7500", sources["moj"], earlier_stage=stage_one)
    _publish(second, "SCP/D/202526/602")
    page = Client().get(second.published_copies.get().get_absolute_url()).content.decode()
    assert "Stages: SCP/D/202526/601 £20,000; this decision £7,500 – £27,500 in all" in page


def test_a_later_stage_goes_to_the_same_recipient(staffordshire, officer, sources, charities):
    first = _note(staffordshire, officer, "Stage 1")
    stage_one = _line(first, officer, charities["Savana"], "20000", sources["moj"])
    _publish(first, "SCP/D/202526/611")
    second = _note(staffordshire, officer, "Stage 2")
    with pytest.raises(services.MoneyError, match="goes to the same recipient"):
        _line(second, officer, charities["Glow"], "100", sources["moj"], earlier_stage=stage_one)


def test_money_is_fixed_once_the_note_leaves_draft(staffordshire, officer, sources, charities):
    note = _note(staffordshire, officer, "Fixed money")
    line = _line(note, officer, charities["Savana"], "100", sources["moj"])
    _publish(note, "SCP/D/202526/700")
    line.amount = Decimal("1000000")
    with pytest.raises(services.MoneyError, match="only while the note is a draft"):
        services.save_line(note, line, user=officer)
    assert MoneyLine.objects.get(pk=line.pk).amount == Decimal("100")


def test_every_change_to_the_money_is_in_the_audit_trail(
    staffordshire, officer, sources, charities
):
    note = _note(staffordshire, officer, "Audited money")
    line = _line(note, officer, charities["Savana"], "250", sources["moj"])
    services.remove_line(note, line.pk, user=officer)
    changes = [
        event.changes
        for event in AuditEvent.objects.filter(decision=note, action=AuditEvent.Action.MONEY)
    ]
    assert changes == [["Added a line: Savana, £250"], ["Removed a line: Savana, £250"]]


def test_a_source_of_another_office_is_refused(staffordshire, warwickshire, officer, charities):
    theirs = FundingSource.objects.filter(office=warwickshire).first()
    note = _note(staffordshire, officer, "Borrowed source")
    with pytest.raises(services.MoneyError, match="the office's own funding sources"):
        _line(note, officer, charities["Savana"], "100", theirs)


def test_a_yearly_line_needs_its_last_year_or_a_contract(
    staffordshire, officer, sources, charities
):
    note = _note(staffordshire, officer, "Yearly")
    with pytest.raises(services.MoneyError, match="Give the last year, or the contract"):
        _line(
            note,
            officer,
            charities["Savana"],
            "100",
            sources["moj"],
            basis=MoneyLine.Basis.PER_YEAR,
        )


# Seeds ----------------------------------------------------------------------------------------


def test_the_seed_yearly_contribution_prints_as_the_record_words_it():
    page = Client().get("/decisions/wpcc4-0014/").content.decode()
    assert "£17,355 a year for the life of the contract" in page
    assert "OPCC budget and Medium Term Financial Plan" in page


def test_the_seed_extension_cost_comes_from_the_underspend_to_the_penny():
    page = Client().get("/decisions/wpcc4-0004/").content.decode()
    assert "Underspending across the OPCC budget 2024/25" in page
    assert "£6,043.50" in page


def test_seed_000s_printed_unit_costs_are_flagged_where_cut_short_not_rounded():
    page = Client().get("/decisions/scp-d-202425-003/").content.decode()
    assert (
        "printed Warwickshire's unit cost for contracted referrals in “Full-year contract "
        "values for 2024-25” as £45; the exact figure is £45.72, which rounds to £46: the "
        "printed figure was cut short, not rounded." in page.replace("&#x27;", "'")
    )
    assert "as £47; the exact figure is £47.63" in page
    # Rounded figures are not differences: Staffordshire's £199 for £199.22.
    assert "as £199" not in page


# 360Giving ------------------------------------------------------------------------------------


def _validator(schema_name: str) -> Draft202012Validator:
    """The 360Giving schema with its $ref to the grant schema resolved from the local copy. The
    files name their dialect "http://json-schema.org/draft/2020-12/schema" (http), which the
    referencing library does not recognise, so the dialect is given."""
    grant_schema = json.loads((SCHEMAS / "360-giving-schema.json").read_text())
    package_schema = json.loads((SCHEMAS / schema_name).read_text())
    package_ref = package_schema["properties"]["grants"]["items"]["$ref"]
    registry = Registry().with_resources(
        [
            (package_ref, DRAFT202012.create_resource(grant_schema)),
            (grant_schema["$id"], DRAFT202012.create_resource(grant_schema)),
        ]
    )
    return Draft202012Validator(package_schema, registry=registry, format_checker=FormatChecker())


def _codes(name: str) -> set[str]:
    with (SCHEMAS / "codelists" / name).open(newline="") as handle:
        return {row["Code"] for row in csv.DictReader(handle)}


@pytest.fixture
def awards(fund, staffordshire, officer, charities, sources):
    made = []
    for reference, name, amount in [
        ("SCP/D/202526/801", "Victim Support", "15000"),
        ("SCP/D/202526/802", "Savana", "9999.99"),
    ]:
        note = _note(staffordshire, officer, f"Award to {name}")
        made.append(_line(note, officer, charities[name], amount, fund.source, fund=fund))
        _publish(note, reference)
    draft = _note(staffordshire, officer, "Award not yet decided")
    _line(draft, officer, charities["Glow"], "4321.09", fund.source, fund=fund)
    return made


def test_the_360giving_file_validates_against_the_package_schema_and_code_lists(awards):
    # The schema tells dates from date-times by format: the checker must really check it.
    assert not FormatChecker().conforms("2025-04-01", "date-time")
    response = Client().get(reverse("public:grants_json"))
    data = json.loads(response.content)
    errors = sorted(_validator("360-giving-package-schema.json").iter_errors(data), key=str)
    assert [error.message for error in errors] == []
    assert {grant["currency"] for grant in data["grants"]} <= _codes("currency.csv")
    assert len(data["grants"]) == 2
    by_recipient = {grant["recipientOrganization"][0]["name"]: grant for grant in data["grants"]}
    victim_support = by_recipient["Victim Support"]
    assert victim_support["recipientOrganization"][0]["id"] == "GB-CHC-298028"
    assert victim_support["recipientOrganization"][0]["charityNumber"] == "298028"
    assert victim_support["amountAwarded"] == 15000
    assert by_recipient["Savana"]["amountAwarded"] == 9999.99
    assert by_recipient["Savana"]["grantProgramme"][0]["title"] == "Community grants fund 2025/26"
    assert victim_support["id"].startswith("360G-opcc-staffordshire-")
    # The draft award is in no public file.
    assert b"4321.09" not in response.content and b"Glow" not in response.content


def test_the_360giving_file_is_under_the_licence_of_the_offices_whose_grants_it_carries(
    awards, staffordshire
):
    def licence():
        data = json.loads(Client().get(reverse("public:grants_json")).content)
        return data.get("license")

    assert licence() == OPEN_GOVERNMENT_LICENCE  # every office's, by default
    staffordshire.data_licence = "https://creativecommons.org/licenses/by/4.0/"
    staffordshire.save()
    cache.clear()
    # Every grant is Staffordshire's: its licence, though other offices keep the OGL.
    assert licence() == "https://creativecommons.org/licenses/by/4.0/"
    MoneyLine.objects.filter(decision__office=staffordshire).delete()
    cache.clear()
    # No grant, and offices that differ: the package claims no one licence.
    assert licence() is None


def test_a_funds_own_file_lists_its_awards_and_the_csv_carries_the_same_grants(awards, fund):
    own = json.loads(
        Client().get(reverse("public:fund_grants_json", args=["staffordshire", fund.pk])).content
    )
    everything = json.loads(Client().get(reverse("public:grants_json")).content)
    assert own["grants"] == [g for g in everything["grants"] if g.get("grantProgramme")]
    response = Client().get(reverse("public:grants_csv"))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["Recipient Org:Name"], row["Amount Awarded"]) for row in rows] == [
        (g["recipientOrganization"][0]["name"], f"{Decimal(str(g['amountAwarded'])):.2f}")
        for g in everything["grants"]
    ]


def test_every_figure_agrees_on_page_pdf_csv_json_and_360giving(awards, fund):
    """An award's amount and the fund's balance read the same wherever they are published."""
    savana = next(line for line in awards if line.recipient.name == "Savana")
    copy = savana.decision.published_copies.get()
    page = Client().get(copy.get_absolute_url()).content.decode()
    pdf = Client().get(copy.get_pdf_url())
    pdf_text = "".join(
        page_.extract_text()
        for page_ in PdfReader(
            io.BytesIO(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
        ).pages
    )
    register = json.loads(b"".join(Client().get(reverse("public:register_json")).streaming_content))
    record = next(r for r in register["decisions"] if r["reference"] == copy.reference)
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(Client().get(reverse("public:register_csv")).streaming_content).decode(
                    "utf-8-sig"
                )
            )
        )
    )
    row = next(r for r in rows if r["reference"] == copy.reference)
    grant = next(
        g
        for g in json.loads(Client().get(reverse("public:grants_json")).content)["grants"]
        if g["recipientOrganization"][0]["name"] == "Savana"
    )
    feed = Client().get(reverse("public:feed")).content.decode()
    assert "£9,999.99" in page and "£9,999.99" in pdf_text
    assert "Commits £9,999.99." in feed
    assert record["committed"] == "9999.99" == row["committed"]
    assert record["money"][0]["committed"] == "9999.99"
    assert (
        record["money"][0]["funding_source"]
        == "Budget implementation reserve"
        == row["funding_sources"]
    )
    assert Decimal(str(grant["amountAwarded"])) == Decimal("9999.99")
    fund_page = Client().get(fund.get_absolute_url()).content.decode()
    assert "£24,999.99" in fund_page  # awarded: £15,000 + £9,999.99
    assert "£125,000.01" in fund_page  # remaining of £150,000


# The officer's pages ------------------------------------------------------------------------------


def test_the_money_page_keeps_the_typing_and_says_what_is_wrong(
    fund, staffordshire, officer, charities
):
    note = _note(staffordshire, officer, "Award through the page")
    client = signed_in(officer)
    url = reverse("decisions:add_money_line", args=[note.pk])
    data = {
        "recipient": charities["Victim Support"].pk,
        "purpose": "Advocacy",
        "source": fund.source.pk,
        "basis": "one_off",
        "amount": "£12,50",
        "first_year": year("2025/26").pk,
        "fund": fund.pk,
    }
    page = client.post(url, data)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Check the commas in “£12,50”" in text
    assert 'value="£12,50"' in text
    page = client.post(url, {**data, "amount": "£16,000"})
    assert "awards no more than £15,000 to one organisation" in page.content.decode()
    assert not note.money_lines.exists()
    assert client.post(url, {**data, "amount": "£15,000"}).status_code == 302
    assert note.money_lines.get().amount == Decimal("15000")
    money = client.get(reverse("decisions:money", args=[note.pk])).content.decode()
    assert "Victim Support: £15,000" in money
    assert "Community grants fund 2025/26" in money


def test_the_officer_keeps_a_printed_total_beside_the_computed_one(
    staffordshire, officer, sources, charities
):
    note = _note(staffordshire, officer, "Transcribed")
    _line(note, officer, charities["Savana"], "4210", sources["moj"])
    client = signed_in(officer)
    url = reverse("decisions:printed_figures", args=[note.pk])
    assert client.post(url, {"figure_0": "4,120"}).status_code == 302
    money = client.get(reverse("decisions:money", args=[note.pk])).content.decode()
    assert "The original record printed a total of £4,120; its lines add up to £4,210." in money
    _publish(note, "SCP/D/202526/900")
    page = Client().get(note.published_copies.get().get_absolute_url()).content.decode()
    assert "The original record printed a total of £4,120; its lines add up to £4,210." in page


def test_the_fund_page_reads_a_fixed_number_of_queries_however_many_awards(
    fund, staffordshire, officer, sources
):
    def award(n):
        note = _note(staffordshire, officer, f"Award {n}")
        recipient = Organisation.objects.create(name=f"Group {n}", kind="charity")
        _line(note, officer, recipient, "1000", fund.source, fund=fund)
        _publish(note, f"SCP/D/202526/95{n}")

    award(1)
    client = Client()
    before = queries(client, fund.get_absolute_url())
    for n in range(2, 7):
        award(n)
    assert queries(client, fund.get_absolute_url()) == before
    assert before <= 12


def test_a_line_paying_into_a_contract_is_its_budget_line_and_value_in_ocds(
    staffordshire, officer, sources, charities
):
    from contracts.models import Contract
    from decisions.public import ocds

    contract = Contract.objects.create(
        title="Sexual violence counselling service",
        lead_commissioner=staffordshire.organisation,
        provider=charities["Savana"],
        procurement_route="open",
        starts_on=datetime.date(2025, 4, 1),
        initial_term_months=24,
    )
    note = _note(staffordshire, officer, "Counselling contract 2025-27")
    _line(
        note,
        officer,
        charities["Savana"],
        "25000",
        sources["budget"],
        basis=MoneyLine.Basis.PER_YEAR,
        last_year=year("2026/27"),
        contract=contract,
        purpose="Counselling for survivors of sexual violence",
    )
    assert list(note.contracts.all()) == [contract]
    copy = _publish(note, "SCP/D/202526/960").published_copies.get()
    page = Client().get(copy.get_absolute_url()).content.decode()
    assert "£25,000 a year from 2025/26 to 2026/27" in page and "£50,000" in page
    (release,) = [
        r
        for r in ocds.release_package("http://testserver")["releases"]
        if r["ocid"] == f"{ocds.OCID_PREFIX}-contract-{contract.pk}"
    ]
    lines = release["planning"]["budget"]["budgetBreakdown"]
    assert [(line["amount"]["amount"], line["period"]["startDate"][:10]) for line in lines] == [
        (25000, "2025-04-01"),
        (25000, "2026-04-01"),
    ]
    assert release["contracts"][0]["value"]["amount"] == 50000
    # The line is a contract's money, not a grant.
    grants = json.loads(Client().get(reverse("public:grants_json")).content)["grants"]
    assert not [g for g in grants if g["title"] == "Counselling for survivors of sexual violence"]
