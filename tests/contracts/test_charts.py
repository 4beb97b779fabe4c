"""The contributions chart: sizes and positions worked out from the seed contracts' rows."""

import itertools
import math
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from contracts.charts import PALETTE, contributions_chart, gridline_step
from contracts.models import Contribution


def rows_of(contract):
    return contract.contributions.select_related("contributor", "financial_year")


def bars_by_partner(group):
    return {bar.partner.name: bar for bar in group.bars}


def contrast_with_white(colour: str) -> float:
    """WCAG 2 contrast ratio of an sRGB colour against white."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def test_there_is_no_chart_without_contributions(pads):
    assert contributions_chart(Contribution.objects.none()) is None
    assert contributions_chart(rows_of(pads).filter(amount__lt=0)) is None


def test_the_pads_chart_has_a_bar_per_partner_with_warwickshires_share_whole(
    pads, django_assert_num_queries
):
    with django_assert_num_queries(1):
        chart = contributions_chart(rows_of(pads))
    (group,) = chart.groups
    assert group.label == "2024/25"
    assert [bar.partner.name for bar in group.bars] == [
        "Staffordshire",
        "Warwickshire",
        "West Mercia",
        "West Midlands",
    ]
    # Its initial-term part and the extension's cost, summed.
    assert bars_by_partner(group)["Warwickshire"].amount == Decimal("7315")
    assert sum(bar.amount for bar in group.bars) == Decimal("177669")
    assert [bar.title for bar in group.bars][1] == "Warwickshire, 2024/25: £7,315"


def test_bar_heights_are_proportional_to_the_amounts(pads):
    chart = contributions_chart(rows_of(pads))
    bars = chart.groups[0].bars
    top = chart.gridlines[-1]
    plot_height = chart.baseline - top.y
    for bar in bars:
        expected = float(bar.amount / top.amount) * plot_height
        assert bar.height == pytest.approx(expected, abs=0.05)
        assert bar.y + bar.height == pytest.approx(chart.baseline)
    heights = {bar.partner.name: bar.height for bar in bars}
    assert heights["West Midlands"] > heights["West Mercia"] > heights["Staffordshire"]
    assert heights["Staffordshire"] > heights["Warwickshire"]


def test_bars_do_not_overlap_and_stay_inside_the_chart(smts, pads):
    for contract in (pads, smts):
        chart = contributions_chart(rows_of(contract))
        bars = sorted((bar for group in chart.groups for bar in group.bars), key=lambda b: b.x)
        for left, right in itertools.pairwise(bars):
            assert left.x + left.width < right.x
        assert bars[0].x > chart.plot_left
        assert bars[-1].x + bars[-1].width < chart.width
        assert min(bar.y for bar in bars) >= chart.gridlines[-1].y


def test_groups_are_ordered_by_year_and_sum_the_parts_of_the_term(smts):
    chart = contributions_chart(rows_of(smts).order_by("-financial_year__start_year"))
    assert [group.label for group in chart.groups] == [
        "2016/17",
        "2017/18",
        "2018/19",
        "2019/20",
        "2020/21",
        "2021/22",
    ]
    assert [group.x for group in chart.groups] == sorted(group.x for group in chart.groups)
    amounts = [bars_by_partner(group)["Leicestershire"].amount for group in chart.groups]
    # 2020/21 is £111,856 of the initial term and £335,568 of the extension.
    assert amounts == [Decimal(n) for n in (335568, 447424, 447424, 447424, 447424, 111856)]


def test_a_year_without_contributions_keeps_an_empty_group(pads, smts):
    rows = [*rows_of(smts).filter(financial_year__start_year=2021), *rows_of(pads)]
    chart = contributions_chart(rows)
    labels = [group.label for group in chart.groups]
    assert labels == ["2021/22", "2022/23", "2023/24", "2024/25"]
    assert [len(group.bars) for group in chart.groups] == [1, 0, 0, 4]
    assert "2022/23: no contributions." in chart.description


def test_gridlines_are_round_sums_in_pounds(pads, smts):
    pads_labels = [line.label for line in contributions_chart(rows_of(pads)).gridlines]
    assert pads_labels == ["£0", "£50,000", "£100,000", "£150,000"]
    smts_labels = [line.label for line in contributions_chart(rows_of(smts)).gridlines]
    assert smts_labels == ["£0", "£200,000", "£400,000", "£600,000"]


@pytest.mark.parametrize(
    "largest", ["4", "9", "10", "99.99", "6043.50", "7315", "40000", "122509", "447424", "1e9"]
)
def test_the_gridline_step_gives_four_or_five_gridlines(largest):
    largest = Decimal(largest)
    step = gridline_step(largest)
    intervals = math.ceil(largest / step)
    assert 3 <= intervals <= 4
    assert step * intervals >= largest
    digits = step.normalize().as_tuple().digits
    assert digits in ((1,), (2,), (2, 5), (5,))


def test_partners_keep_one_distinct_accessible_colour(smts, pads):
    assert len(set(PALETTE)) == len(PALETTE)
    for colour in PALETTE:
        assert contrast_with_white(colour) >= 3, colour
    chart = contributions_chart(rows_of(pads))
    assert len({partner.colour for partner in chart.partners}) == 4
    legend = {partner.name: partner.colour for partner in chart.partners}
    for bar in chart.groups[0].bars:
        assert bar.partner.colour == legend[bar.partner.name]


def test_the_partial_draws_an_accessible_svg(pads):
    chart = contributions_chart(rows_of(pads))
    html = render_to_string("contracts/_contributions_chart.html", {"chart": chart})
    assert 'role="img"' in html and 'aria-labelledby="contributions-chart-title"' in html
    assert '<title id="contributions-chart-title">' in html
    assert (
        '<desc id="contributions-chart-desc">2024/25: Staffordshire £12,750, Warwickshire '
        "£7,315, West Mercia £35,095, West Midlands £122,509.</desc>"
    ) in html
    assert "<title>Warwickshire, 2024/25: £7,315</title>" in html
    assert html.count('class="app-bar-chart__bar"') == 4
    assert ">£150,000</text>" in html
    assert html.count('class="app-legend__swatch"') == 4
