"""Expiry selection, reconciliation and Procurement Act notices."""

import datetime
from decimal import Decimal

from contracts.models import Contract, ContractYearValue
from contracts.services import record_event
from tests.factories import organisation, year


def test_the_stored_end_date_is_the_one_the_history_gives():
    for contract in Contract.objects.prefetch_related("events"):
        assert contract.ends_on == contract.timeline().ends_on, contract.title


def test_recording_an_event_moves_the_stored_end(smts):
    assert smts.ends_on == datetime.date(2020, 6, 30)
    record_event(smts, kind="extension", effective_on=datetime.date(2020, 7, 1), months=12)
    smts.refresh_from_db()
    assert smts.ends_on == datetime.date(2021, 6, 30)


def test_contracts_ending_within_nine_months_of_a_day(staffordshire, pads, pads_direct_award):
    on_the_day_of_the_decision = datetime.date(2025, 2, 27)
    ending = Contract.objects.for_office(staffordshire).ending_within(
        on_the_day_of_the_decision, months=9
    )
    assert list(ending) == [pads]
    assert pads.timeline().extension_options_remaining == 0


def test_the_expiry_window_moves_with_the_clock(staffordshire, pads, pads_direct_award):
    ending = Contract.objects.for_office(staffordshire).ending_within(
        datetime.date(2025, 7, 1), months=9
    )
    assert list(ending) == [pads_direct_award]
    before_the_window = Contract.objects.for_office(staffordshire).ending_within(
        datetime.date(2024, 5, 1), months=9
    )
    assert pads not in before_the_window


def test_an_office_sees_the_contracts_it_leads_or_is_party_to(warwickshire, leicestershire, pads):
    titles = set(Contract.objects.for_office(warwickshire).values_list("title", flat=True))
    assert pads.title in titles
    assert "Adult criminal justice drug and alcohol misuse service" in titles
    assert pads not in Contract.objects.for_office(leicestershire)


def test_reconciliation_flags_gaps_and_overlaps(pads_direct_award):
    ContractYearValue.objects.create(
        contract=pads_direct_award, financial_year=year("2025/26"), amount=Decimal("150000")
    )
    (row,) = pads_direct_award.reconciliation()
    assert row.financial_year.label == "2025/26"
    assert (row.contract_value, row.contributed) == (Decimal("150000"), Decimal("9500"))
    assert row.difference == Decimal("-140500")
    assert row.status == "gap"


def test_reconciliation_is_balanced_when_partners_cover_the_value(smts):
    ContractYearValue.objects.create(
        contract=smts, financial_year=year("2017/18"), amount=Decimal("447424")
    )
    by_year = {row.financial_year.label: row for row in smts.reconciliation()}
    assert by_year["2017/18"].status == "balanced"
    assert by_year["2016/17"].status == "no_value"
    assert by_year["2016/17"].contributed == Decimal("335568")


def test_a_direct_award_since_the_procurement_act_needs_a_notice(pads, pads_direct_award):
    (award,) = pads_direct_award.missing_notices()
    assert award.kind == "direct_award"
    # The 2024 extension came before the Act took effect on 24 February 2025.
    assert pads.missing_notices() == []
    award.notice_reference = "UK5-2025-000123"
    award.save()
    assert pads_direct_award.missing_notices() == []


def test_the_contribution_a_partner_makes_is_in_its_offices_view(staffordshire, pads):
    shares = pads.contributions.filter(contributor=organisation("Staffordshire"))
    assert shares.total() == Decimal("12750")
