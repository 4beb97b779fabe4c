import datetime

import pytest

from commissioning.references import (
    ReferenceParts,
    ReferencePatternError,
    ReferenceScheme,
    reference_key,
    restart_period,
)

STAFFORDSHIRE = ReferenceScheme("SCP/D/{fy}/{seq:3}")
WARWICKSHIRE = ReferenceScheme("WPCC{term}-{seq:4}")
LEICESTERSHIRE = ReferenceScheme("EXE{seq:4}/{initials}")


def test_each_office_builds_references_its_own_way():
    assert STAFFORDSHIRE.format(ReferenceParts(sequence=3, financial_year="202425")) == (
        "SCP/D/202425/003"
    )
    assert WARWICKSHIRE.format(ReferenceParts(sequence=4, term=4)) == "WPCC4-0004"
    assert LEICESTERSHIRE.format(ReferenceParts(sequence=1, initials="TB")) == "EXE0001/tb"


@pytest.mark.parametrize(
    ("scheme", "typed", "canonical"),
    [
        (WARWICKSHIRE, "WPCC4-014", "WPCC4-0014"),
        (WARWICKSHIRE, "wpcc4-0014", "WPCC4-0014"),
        (WARWICKSHIRE, "WPCC3-58", "WPCC3-0058"),
        (STAFFORDSHIRE, "SCP/D/202526/03", "SCP/D/202526/003"),
        (LEICESTERSHIRE, "EXE1/TB", "EXE0001/tb"),
    ],
)
def test_a_reference_typed_another_way_reads_as_the_one_allocated(scheme, typed, canonical):
    assert scheme.normalise(typed) == canonical


def test_a_reference_of_another_scheme_is_not_read():
    assert WARWICKSHIRE.normalise("SCP/D/202425/003") is None


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("SCP/D/{fy}", "needs its number: put {seq} where the number goes"),
        ("{seq}-{seq}", "only once"),
        ("WPCC{month}-{seq}", "{month} is not a token this product knows"),
        ("{seq}/{fy:2024*25}", "not a spelling of a financial year"),
        ("{seq}/{fy:2024/26}", "not a spelling of a financial year"),
        ("{seq:0}", "pads the number to N digits"),
        ("{seq}/{year:3}", "{year} \\(2024\\) or {year:2} \\(24\\)"),
    ],
)
def test_a_bad_pattern_is_refused_with_a_reason(pattern, message):
    with pytest.raises(ReferencePatternError, match=message):
        ReferenceScheme(pattern)


def test_a_reference_missing_a_part_the_scheme_needs_is_refused():
    with pytest.raises(ReferencePatternError, match="term number"):
        WARWICKSHIRE.format(ReferenceParts(sequence=4))


@pytest.mark.parametrize(
    ("pattern", "parts", "printed"),
    [
        ("DN {seq}/{year}", ReferenceParts(14, calendar_year=2024), "DN 14/2024"),
        ("{year}-{seq:4}", ReferenceParts(117, calendar_year=2023), "2023-0117"),
        ("PCC/D/{year}/{seq:2}", ReferenceParts(7, calendar_year=2025), "PCC/D/2025/07"),
        ("{seq:3}/{fy:2025_26}", ReferenceParts(88, financial_year="202526"), "088/2025_26"),
        ("{seq}/{fy:2024-25}", ReferenceParts(17, financial_year="202425"), "17/2024-25"),
        ("{seq}–{year:2}", ReferenceParts(204, calendar_year=2024), "204–24"),
        ("ED {seq:4}", ReferenceParts(31), "ED 0031"),
        ("{seq}/{fy:24-25}", ReferenceParts(5, financial_year="202425"), "5/24-25"),
        ("{seq}/{fy:YYYY/YY}", ReferenceParts(5, financial_year="202425"), "5/2024/25"),
        ("{seq}/{fy:2024/2025}", ReferenceParts(5, financial_year="202425"), "5/2024/2025"),
    ],
)
def test_real_formats_print_and_read_back(pattern, parts, printed):
    scheme = ReferenceScheme(pattern)
    assert scheme.format(parts) == printed
    assert scheme.parse(printed) == parts


def test_an_empty_pattern_means_no_number_of_the_offices_own():
    scheme = ReferenceScheme("")
    assert not scheme.numbered
    assert scheme.parse("ED 0031") is None


@pytest.mark.parametrize(
    "spellings",
    [
        ("PCC/D/068", "PCC.D.068", "pcc d 68", "PCC/D/68", " pcc-d-0068 "),
        ("204–24", "204-24", "204/24", "204 24"),
        ("WPCC4-0014", "wpcc4-14", "WPCC 4 14"),
        ("SCP/D/202425/003", "scp d 202425 3"),
    ],
)
def test_every_spelling_of_a_reference_has_one_key(spellings):
    assert len({reference_key(spelling) for spelling in spellings}) == 1


def test_different_references_have_different_keys():
    assert reference_key("WPCC4-0014") != reference_key("WPCC4-0141")
    assert reference_key("204–24") != reference_key("2042-4")


@pytest.mark.parametrize(
    ("restarts", "day", "term", "period"),
    [
        ("calendar_year", datetime.date(2024, 12, 31), None, "cy:2024"),
        ("financial_year", datetime.date(2025, 3, 31), None, "fy:202425"),
        ("financial_year", datetime.date(2025, 4, 1), None, "fy:202526"),
        ("term", datetime.date(2025, 4, 1), 5, "term:5"),
        ("never", datetime.date(2025, 4, 1), 5, "all"),
    ],
)
def test_each_restart_rule_names_its_own_period(restarts, day, term, period):
    assert restart_period(restarts, day, term) == period


def test_the_preview_shows_the_next_three_references():
    scheme = ReferenceScheme("{seq:3}/{fy:2024_25}")
    first = ReferenceParts.on(datetime.date(2025, 6, 1), 88)
    assert scheme.preview(first) == ["088/2025_26", "089/2025_26", "090/2025_26"]
