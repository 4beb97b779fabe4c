import datetime

import pytest

from commissioning.financial_years import FinancialYearSpan


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (datetime.date(2024, 4, 1), "2024/25"),
        (datetime.date(2025, 3, 31), "2024/25"),
        (datetime.date(2025, 4, 1), "2025/26"),
        (datetime.date(2016, 7, 1), "2016/17"),
        (datetime.date(1999, 12, 31), "1999/00"),
    ],
)
def test_a_day_falls_in_the_financial_year_running_1_april_to_31_march(day, label):
    assert FinancialYearSpan.containing(day).label == label


def test_a_financial_year_knows_its_first_and_last_day():
    year = FinancialYearSpan(2024)
    assert year.starts_on == datetime.date(2024, 4, 1)
    assert year.ends_on == datetime.date(2025, 3, 31)
    assert year.compact == "202425"


@pytest.mark.parametrize("label", ["2024/25", "2024-25", "2024/2025", " 2024 / 25 "])
def test_it_reads_the_ways_records_write_a_financial_year(label):
    assert FinancialYearSpan.from_label(label) == FinancialYearSpan(2024)


@pytest.mark.parametrize("label", ["2024/26", "2024", "24/25", "next year"])
def test_it_refuses_what_is_not_a_financial_year(label):
    with pytest.raises(ValueError, match="financial year"):
        FinancialYearSpan.from_label(label)


def test_the_financial_year_model_gives_one_row_per_year(db):
    from commissioning.models import FinancialYear

    first = FinancialYear.objects.for_label("2024-25")
    assert FinancialYear.objects.containing(datetime.date(2025, 2, 27)) == first
    assert str(first) == "2024/25"
