"""The one rule every CSV the product writes follows: no cell runs as a spreadsheet formula."""

import csv
import io
from decimal import Decimal

import pytest

from commissioning import csv_cells


@pytest.mark.parametrize(
    "typed",
    [
        '=HYPERLINK("http://x.example","PADS")',
        "+44 1785 000000",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
        "-",
        "- Cranstoun",
    ],
)
def test_a_cell_that_would_run_as_a_formula_is_written_as_text(typed):
    assert csv_cells.cell(typed) == "'" + typed


@pytest.mark.parametrize("number", [Decimal("-1271.50"), "-1271.50", -3, "+5", Decimal("0.00")])
def test_a_cell_that_is_wholly_a_number_stays_a_number(number):
    assert csv_cells.cell(number) == str(number)


def test_ordinary_cells_are_as_typed():
    assert csv_cells.cell("Regional PADS") == "Regional PADS"
    assert csv_cells.cell(None) == ""
    assert csv_cells.cell("'=already text") == "'=already text"


def test_the_writer_writes_every_cell_through_the_rule():
    out = io.StringIO()
    csv_cells.writer(out).writerow(["=1+1", Decimal("-9500.00"), "PADS"])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'=1+1", "-9500.00", "PADS"]
