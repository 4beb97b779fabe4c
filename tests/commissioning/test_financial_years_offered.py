"""Financial years are never "not offered": any year a contract's term or a note's dates touch
can be chosen, even where no row mentioned it before."""

import datetime

from django.urls import reverse

from commissioning.models import FinancialYear
from contracts.models import Contract
from tests.factories import officer_of, signed_in


def test_every_year_a_contracts_term_touches_is_offered(staffordshire):
    FinancialYear.objects.filter(start_year__gte=2031).delete()
    contract = Contract.objects.create(
        title="Victims' hub 2029 to 2033",
        lead_commissioner=staffordshire.organisation,
        starts_on=datetime.date(2029, 7, 1),
        initial_term_months=48,
    )
    page = signed_in(officer_of(staffordshire, "staffs.officer")).get(
        reverse("contracts:year_values", args=[contract.pk])
    )
    offered = page.content.decode()
    for label in ("2029/30", "2031/32", "2033/34"):
        assert f">{label}</option>" in offered
    FinancialYear.objects.filter(start_year__range=(2000, 2010)).delete()
    years = {y.start_year for y in FinancialYear.objects.touched_by(datetime.date(2003, 5, 1))}
    assert set(range(2003, datetime.date.today().year)) <= years
