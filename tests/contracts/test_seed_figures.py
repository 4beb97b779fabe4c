"""Every figure DOMAIN.md lists, as the product computes it from the seed records."""

import datetime
from decimal import Decimal

from contracts.models import Contract, ContractEvent, Contribution
from tests.factories import decision, organisation, year


def pads_table():
    tables = decision("SCP/D/202425/003").contribution_tables
    return tables.select_related("contract", "first_year", "last_year").get()


def pads_table_rows(pads):
    table = pads_table()
    assert table.contract == pads
    return {row.contributor.display_name: row for row in table.partner_rows()}


def test_the_regional_pads_table_for_2024_25(pads):
    rows = pads_table_rows(pads)
    assert {
        name: (r.amount, r.contracted_volume, r.projected_volume) for name, r in rows.items()
    } == {
        "Staffordshire": (Decimal("12750"), 250, 64),
        "Warwickshire": (Decimal("7315"), 160, 120),
        "West Mercia": (Decimal("35095"), 670, 586),
        "West Midlands": (Decimal("122509"), 2650, 3714),
    }


def test_the_pads_unit_costs_are_exact_to_the_penny(pads):
    rows = pads_table_rows(pads)
    costs = {
        name: (row.contracted_unit_cost, row.projected_unit_cost) for name, row in rows.items()
    }
    assert costs == {
        "Staffordshire": (Decimal("51.00"), Decimal("199.22")),
        "Warwickshire": (Decimal("45.72"), Decimal("60.96")),
        "West Mercia": (Decimal("52.38"), Decimal("59.89")),
        "West Midlands": (Decimal("46.23"), Decimal("32.99")),
    }


def test_the_pads_table_prints_a_row_per_partner_in_name_order(pads, django_assert_num_queries):
    table = pads_table()
    with django_assert_num_queries(1):
        rows = table.partner_rows()
    assert [row.contributor.name for row in rows] == sorted(row.contributor.name for row in rows)
    assert len(rows) == 4
    assert len(table.rows()) == 5  # Warwickshire's share is in two parts


def test_the_pads_totals_and_total_unit_costs(pads):
    totals = pads_table().totals()
    assert totals.amount == Decimal("177669")
    assert totals.contracted_volume == 3730
    assert totals.projected_volume == 4484
    assert totals.contracted_unit_cost == Decimal("47.63")
    assert totals.projected_unit_cost == Decimal("39.62")


def test_the_pads_contract_page_totals_agree_with_the_table(pads):
    totals = pads.contributions.filter(financial_year=year("2024/25")).totals()
    assert (totals.amount, totals.initial, totals.extension) == (
        Decimal("177669"),
        Decimal("171625.50"),
        Decimal("6043.50"),
    )
    assert totals.contracted_unit_cost == Decimal("47.63")
    assert totals.projected_unit_cost == Decimal("39.62")


def test_the_pads_contributions_reconcile_with_the_contract_value_for_2024_25(pads):
    (row,) = pads.reconciliation()
    assert row.financial_year.label == "2024/25"
    assert row.contract_value == Decimal("177669")
    assert row.contributed == Decimal("177669")
    assert row.status == "balanced"


def test_warwickshires_pads_share_for_2024_25_is_initial_term_plus_extension(pads):
    rows = {
        row.term_part: row
        for row in pads.contributions.filter(
            contributor=organisation("Warwickshire"), financial_year=year("2024/25")
        )
    }
    initial = rows[Contribution.TermPart.INITIAL]
    extension = rows[Contribution.TermPart.EXTENSION]
    assert initial.amount == Decimal("1271.50")
    assert (initial.contracted_volume, initial.projected_volume) == (160, 120)
    assert initial.funding_source == Contribution.FundingSource.GRANT
    assert initial.funding_detail == "Regional ARIS funding, which ended in June 2024"
    assert extension.amount == Decimal("6043.50")
    assert extension.decision == decision("WPCC4-0004")
    assert initial.amount + extension.amount == Decimal("7315")


def test_the_pads_contract_timeline_leaves_no_extension_option(pads):
    timeline = pads.timeline()
    assert [(e.event.kind, e.event.effective_on, e.ends_on) for e in timeline.entries] == [
        (ContractEvent.Kind.AWARD, datetime.date(2023, 7, 1), datetime.date(2024, 6, 30)),
        (ContractEvent.Kind.EXTENSION, datetime.date(2024, 7, 1), datetime.date(2025, 3, 31)),
    ]
    assert timeline.ends_on == datetime.date(2025, 3, 31)
    assert timeline.extension_options_remaining == 0
    staffordshire = pads.parties.get(organisation__short_name="Staffordshire")
    assert staffordshire.joined_on == datetime.date(2024, 2, 1)


def test_the_pads_direct_award_follows_on_for_twelve_months(pads, pads_direct_award):
    timeline = pads_direct_award.timeline()
    assert pads_direct_award.predecessor == pads
    assert pads_direct_award.starts_on == datetime.date(2025, 4, 1)
    assert timeline.ends_on == datetime.date(2026, 3, 31)
    staffordshire = pads_direct_award.contributions.get(contributor=organisation("Staffordshire"))
    assert staffordshire.amount == Decimal("9500")
    assert staffordshire.financial_year == year("2025/26")


def test_both_offices_decisions_link_to_the_regional_contract(pads, pads_direct_award):
    assert decision("WPCC4-0004") in pads.decisions.all()
    assert decision("SCP/D/202425/003") in pads.decisions.all()
    assert pads.events.get(kind=ContractEvent.Kind.EXTENSION).decision == decision("WPCC4-0004")
    award = pads_direct_award.events.get()
    assert award.decision == decision("SCP/D/202425/003")


def test_warwickshire_pays_for_the_pads_extension_to_the_penny():
    assert decision("WPCC4-0004").total_committed() == Decimal("6043.50")


def test_warwickshire_case_management_is_half_a_salary():
    row = decision("WPCC4-0014").contributions.get()
    assert row.amount == Decimal("17355")
    assert row.amount * 2 == Decimal("34710")


def test_leicestershire_smts_and_rutland_phasing_comes_from_the_annual_values(smts):
    exe = decision("EXE0001/tb")
    tables = {table.contract.title: table for table in exe.contribution_tables.all()}
    smts_table = tables[smts.title]
    rutland_table = tables["Substance misuse provision in Rutland"]
    assert smts_table.by_year() == [
        ("2016/17", Decimal("335568"), None),
        ("2017/18", Decimal("447424"), None),
        ("2018/19", Decimal("447424"), None),
        ("2019/20", Decimal("447424"), None),
        ("2020/21", Decimal("111856"), Decimal("335568")),
        ("2021/22", None, Decimal("111856")),
    ]
    assert rutland_table.by_year() == [
        ("2016/17", Decimal("1114"), None),
        ("2017/18", Decimal("1485"), None),
        ("2018/19", Decimal("1485"), None),
        ("2019/20", Decimal("1485"), None),
        ("2020/21", Decimal("371"), Decimal("1114")),
        ("2021/22", None, Decimal("371")),
    ]
    assert smts_table.totals().initial == Decimal("1789696")
    assert smts_table.totals().extension == Decimal("447424")
    assert rutland_table.totals().initial == Decimal("5940")
    assert rutland_table.totals().extension == Decimal("1485")


def test_the_leicestershire_decision_commits_the_initial_terms_only():
    exe = decision("EXE0001/tb")
    assert exe.total_committed() == Decimal("1795636")
    left_to_a_further_decision = exe.contributions.filter(
        commitment=Contribution.Commitment.SUBJECT_TO_DECISION
    ).total()
    assert left_to_a_further_decision == Decimal("447424") + Decimal("1485")


def test_the_seed_contracts_are_all_loaded():
    assert Contract.objects.count() == 8
