"""The money a decided note committed stands: from the contract page its rows take actual
volumes only, every write goes through contracts.services.change_contributions with an audit
event, and a tampered row is a form error."""

from decimal import Decimal

import pytest
from django.urls import reverse

from contracts import models as contract_models
from contracts import services
from contracts.models import Contribution
from decisions.models import AuditEvent, Decision
from tests.factories import decision, officer_of, organisation, signed_in, year

PADS_2025 = "SCP/D/202425/003"


def formset_data(prefix: str, rows: list[dict], initial: int) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{key}": value for key, value in row.items()}
    return data


def posted(row: Contribution, **changes) -> dict:
    fields = {
        "id": row.pk,
        "contributor": row.contributor_id,
        "financial_year": row.financial_year_id,
        "term_part": row.term_part,
        "amount": str(row.amount),
        "funding_source": row.funding_source,
        "funding_detail": row.funding_detail,
        "budgeted": {True: "true", False: "false", None: "unknown"}[row.budgeted],
        "commitment": row.commitment,
        "decision": row.decision_id or "",
        "contracted_volume": row.contracted_volume or "",
        "projected_volume": row.projected_volume or "",
        "actual_volume": row.actual_volume or "",
        "note": row.note,
    }
    return fields | changes


@pytest.fixture
def officer(staffordshire):
    return officer_of(staffordshire, "staffs.drafter")


@pytest.fixture
def committed(pads_direct_award) -> Contribution:
    """The £9,500 SCP/D/202425/003 committed for 2025/26: approved and published."""
    return pads_direct_award.contributions.get(decision__reference=PADS_2025)


def _post(client, contract, rows, initial):
    url = reverse("contracts:contributions", args=[contract.pk])
    prefix = client.get(url).context["formset"].prefix
    return client.post(url, formset_data(prefix, rows, initial))


def test_the_rule_names_the_decisions_draft_status():
    assert contract_models.DECISION_DRAFT == Decision.Status.DRAFT


def test_a_decided_rows_money_cannot_be_changed_from_the_contract_page(
    officer, pads_direct_award, committed
):
    client = signed_in(officer)
    tampered = posted(
        committed,
        amount="1",
        contributor=organisation("Warwickshire").pk,
        financial_year=year("2024/25").pk,
        term_part="extension",
        actual_volume="80",
    )
    response = _post(client, pads_direct_award, [tampered], 1)

    assert response.status_code == 302
    committed.refresh_from_db()
    assert committed.amount == Decimal("9500")
    assert committed.contributor == organisation("Staffordshire")
    assert committed.financial_year == year("2025/26")
    assert committed.term_part == Contribution.TermPart.INITIAL
    assert committed.actual_volume == 80  # volumes come in after the decision
    assert decision(PADS_2025).total_committed() == Decimal("9500")
    event = AuditEvent.objects.filter(decision=decision(PADS_2025)).order_by("sequence").last()
    assert event.action == AuditEvent.Action.CONTRIBUTIONS
    assert event.changes == ["Staffordshire 2025/26 initial term: actual volume – → 80"]
    assert event.actor == officer


def test_a_decided_row_cannot_be_removed(officer, pads_direct_award, committed):
    events = AuditEvent.objects.count()
    response = _post(signed_in(officer), pads_direct_award, [posted(committed, DELETE="on")], 1)

    assert response.status_code == 200
    assert f"money {PADS_2025} committed: it cannot be removed" in response.content.decode()
    assert pads_direct_award.contributions.filter(pk=committed.pk).exists()
    assert AuditEvent.objects.count() == events


def test_the_page_offers_no_removal_and_only_the_actual_volumes(officer, pads_direct_award):
    page = signed_in(officer).get(reverse("contracts:contributions", args=[pads_direct_award.pk]))
    form = page.context["formset"].forms[0]
    assert [name for name, field in form.fields.items() if not field.disabled] == [
        "actual_volume",
        "id",
        "DELETE",
    ]
    assert "Remove this row" not in page.content.decode().split("new row")[0]
    assert f"Committed by {PADS_2025}: only the actual referrals can change." in (
        page.content.decode()
    )


def test_the_service_refuses_a_decided_rows_money_whoever_calls_it(
    staffordshire, officer, pads_direct_award, committed
):
    committed.amount = Decimal("0")
    with pytest.raises(services.ContractError, match="only its actual volumes can change"):
        services.change_contributions(
            pads_direct_award, office=staffordshire, user=officer, rows=[committed]
        )
    committed.refresh_from_db()
    assert committed.amount == Decimal("9500")


def test_money_is_added_only_to_a_draft_note_of_the_office(
    staffordshire, officer, pads_direct_award
):
    row = Contribution(
        contract=pads_direct_award,
        contributor=organisation("Staffordshire"),
        financial_year=year("2025/26"),
        term_part=Contribution.TermPart.INITIAL,
        amount=Decimal("100"),
        decision=decision(PADS_2025),
    )
    pads_direct_award.contributions.filter(decision__reference=PADS_2025).update(
        term_part="initial"
    )
    with pytest.raises(services.ContractError, match="only to one of your office's draft notes"):
        services.change_contributions(
            pads_direct_award, office=staffordshire, user=officer, rows=[row]
        )


def test_a_row_typed_on_the_page_is_recorded_as_the_offices_and_audited(
    staffordshire, officer, pads
):
    client = signed_in(officer)
    url = reverse("contracts:contributions", args=[pads.pk])
    formset = client.get(url).context["formset"]
    rows = [posted(form.instance) for form in formset.initial_forms]
    new = {
        "id": "",
        "contributor": organisation("West Midlands").pk,
        "financial_year": year("2023/24").pk,
        "term_part": "initial",
        "amount": "1,000",
        "funding_source": "budget",
        "budgeted": "unknown",
        "commitment": "committed",
    }
    response = client.post(url, formset_data(formset.prefix, [*rows, new], len(rows)))

    assert response.status_code == 302
    row = pads.contributions.get(financial_year=year("2023/24"))
    assert row.recorded_by == staffordshire
    event = AuditEvent.objects.order_by("sequence").last()
    assert event.decision is None
    assert event.action == AuditEvent.Action.CONTRIBUTIONS
    assert event.changes == ["Added West Midlands 2023/24 initial term, £1,000.00"]


@pytest.mark.parametrize("kind", ["another contract's row", "no such row", "not a number"])
def test_a_row_naming_another_objects_id_is_a_form_error(
    kind, officer, pads, pads_direct_award, committed
):
    client = signed_in(officer)
    url = reverse("contracts:contributions", args=[pads.pk])
    formset = client.get(url).context["formset"]
    rows = [posted(form.instance) for form in formset.initial_forms]
    rows[0]["id"] = {
        "another contract's row": committed.pk,
        "no such row": 987654321,
        "not a number": "1; DROP TABLE",
    }[kind]
    before = list(Contribution.objects.order_by("pk").values_list("pk", "amount"))

    response = client.post(url, formset_data(formset.prefix, rows, len(rows)))

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert list(Contribution.objects.order_by("pk").values_list("pk", "amount")) == before
