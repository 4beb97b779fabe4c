import datetime
from decimal import Decimal

import pytest

from contracts.phasing import phase, term_end

LEICESTERSHIRE_SMTS = {
    "2016/17": (Decimal("335568"), Decimal("0")),
    "2017/18": (Decimal("447424"), Decimal("0")),
    "2018/19": (Decimal("447424"), Decimal("0")),
    "2019/20": (Decimal("447424"), Decimal("0")),
    "2020/21": (Decimal("111856"), Decimal("335568")),
    "2021/22": (Decimal("0"), Decimal("111856")),
}
RUTLAND = {
    "2016/17": (Decimal("1114"), Decimal("0")),
    "2017/18": (Decimal("1485"), Decimal("0")),
    "2018/19": (Decimal("1485"), Decimal("0")),
    "2019/20": (Decimal("1485"), Decimal("0")),
    "2020/21": (Decimal("371"), Decimal("1114")),
    "2021/22": (Decimal("0"), Decimal("371")),
}


def phased(annual: str, **term) -> dict:
    return {
        year.financial_year.label: (year.initial, year.extension)
        for year in phase(Decimal(annual), **term)
    }


FOUR_YEARS_AND_ONE = {"starts_on": datetime.date(2016, 7, 1), "months": 48, "extension_months": 12}


def test_leicestershire_smts_is_phased_by_financial_year_as_the_record_shows():
    assert phased("447424", **FOUR_YEARS_AND_ONE) == LEICESTERSHIRE_SMTS


def test_rutland_rounds_to_whole_pounds_and_still_sums_to_the_annual_figures():
    years = phased("1485", **FOUR_YEARS_AND_ONE)
    assert years == RUTLAND
    assert sum(initial for initial, _ in years.values()) == Decimal("5940")
    assert sum(extension for _, extension in years.values()) == Decimal("1485")


def test_phasing_to_the_penny():
    years = phase(Decimal("1000"), datetime.date(2024, 5, 1), 12, quantum=Decimal("0.01"))
    assert [(y.financial_year.label, y.initial) for y in years] == [
        ("2024/25", Decimal("916.67")),
        ("2025/26", Decimal("83.33")),
    ]


def test_a_term_starting_mid_month_shares_the_month_cut_by_1_april_by_days():
    years = phase(Decimal("12000"), datetime.date(2024, 3, 16), 1)
    # 16 March to 15 April: 16 days in 2023/24, 15 in 2024/25 of a 31-day month.
    assert [(y.financial_year.label, y.initial) for y in years] == [
        ("2023/24", Decimal("516")),
        ("2024/25", Decimal("484")),
    ]
    assert sum(y.initial for y in years) == Decimal("1000")


@pytest.mark.parametrize(
    ("annual", "months", "extension", "message"),
    [
        ("-1", 12, 0, "cannot be negative"),
        ("100", 0, 0, "at least one month"),
        ("100", 12, -1, "negative number of months"),
    ],
)
def test_nonsense_terms_are_refused(annual, months, extension, message):
    with pytest.raises(ValueError, match=message):
        phase(Decimal(annual), datetime.date(2024, 4, 1), months, extension)


def test_a_term_ends_the_day_before_its_anniversary():
    assert term_end(datetime.date(2023, 7, 1), 12) == datetime.date(2024, 6, 30)
    assert term_end(datetime.date(2024, 7, 1), 9) == datetime.date(2025, 3, 31)
