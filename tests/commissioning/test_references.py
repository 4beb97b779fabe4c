import pytest

from commissioning.references import ReferenceParts, ReferencePatternError, ReferenceScheme

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
        ("SCP/D/{fy}", "needs a {seq} token"),
        ("{seq}-{seq}", "only once"),
        ("WPCC{year}-{seq}", "Unknown token"),
    ],
)
def test_a_bad_pattern_is_refused_with_a_reason(pattern, message):
    with pytest.raises(ReferencePatternError, match=message):
        ReferenceScheme(pattern)


def test_a_reference_missing_a_part_the_scheme_needs_is_refused():
    with pytest.raises(ReferencePatternError, match="term number"):
        WARWICKSHIRE.format(ReferenceParts(sequence=4))
