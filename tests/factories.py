"""Small helpers that let tests speak the seed records' language."""

import datetime
from decimal import Decimal

from commissioning.models import FinancialYear, Organisation
from decisions.models import Decision


def decision(reference: str) -> Decision:
    return Decision.objects.get(reference=reference)


def organisation(short_name: str) -> Organisation:
    return Organisation.objects.get(short_name=short_name)


def year(label: str) -> FinancialYear:
    return FinancialYear.objects.for_label(label)


def pounds(value: str) -> Decimal:
    return Decimal(value)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)
