"""Every office's way of numbering, allocated three times across a restart of its sequence,
and the per-term restart that used to fail with an IntegrityError on every retry."""

import datetime

import pytest
from django.test import Client
from pypdf import PdfReader

from commissioning.models import OfficeTerm
from decisions import drafting, publication
from decisions.models import Decision
from decisions.signoff import workflow
from decisions.signoff.numbering import allocate_reference
from tests.factories import approve_directly, officer_of, signing_team

D = datetime.date


def _numbered(office, drafter, day):
    note = drafting.start_note(office, office.templates.get(), "Victims' services grant", drafter)
    note.reference, note.reference_period = allocate_reference(note, day)
    note.save()
    return note.reference


@pytest.fixture
def office(staffordshire):
    """Staffordshire, whose terms of office are recorded (term 4 ends with the 2024 election)."""
    staffordshire.terms.all().delete()
    OfficeTerm.objects.create(
        office=staffordshire, number=4, starts_on=D(2021, 5, 13), ends_on=D(2024, 5, 8)
    )
    OfficeTerm.objects.create(office=staffordshire, number=5, starts_on=D(2024, 5, 9))
    return staffordshire


@pytest.fixture
def drafter(office):
    user = officer_of(office, "ana.lyst")
    user.person.initials = "AL"
    user.person.save()
    return user


@pytest.mark.parametrize(
    ("pattern", "restarts", "days", "expected"),
    [
        (
            "DN {seq}/{year}",
            "calendar_year",
            (D(2024, 12, 2), D(2024, 12, 30), D(2025, 1, 2)),
            ["DN 1/2024", "DN 2/2024", "DN 1/2025"],
        ),
        (
            "{year}-{seq:4}",
            "calendar_year",
            (D(2023, 12, 2), D(2023, 12, 30), D(2024, 1, 2)),
            ["2023-0001", "2023-0002", "2024-0001"],
        ),
        (
            "PCC/D/{year}/{seq:2}",
            "calendar_year",
            (D(2025, 6, 1), D(2025, 7, 1), D(2026, 1, 5)),
            ["PCC/D/2025/01", "PCC/D/2025/02", "PCC/D/2026/01"],
        ),
        (
            "{seq:3}/{fy:2025_26}",
            "financial_year",
            (D(2026, 3, 2), D(2026, 3, 31), D(2026, 4, 1)),
            ["001/2025_26", "002/2025_26", "001/2026_27"],
        ),
        (
            "{seq}/{fy:2024-25}",
            "financial_year",
            (D(2025, 3, 2), D(2025, 3, 31), D(2025, 4, 1)),
            ["1/2024-25", "2/2024-25", "1/2025-26"],
        ),
        (
            "{seq}–{year:2}",
            "calendar_year",
            (D(2024, 11, 1), D(2024, 12, 1), D(2025, 1, 1)),
            ["1–24", "2–24", "1–25"],
        ),
        (
            "ED {seq:4}",
            "never",
            (D(2024, 3, 31), D(2024, 4, 1), D(2025, 4, 1)),
            ["ED 0001", "ED 0002", "ED 0003"],
        ),
        (
            "SCP/D/{fy}/{seq:3}",
            "financial_year",
            (D(2026, 3, 2), D(2026, 3, 31), D(2026, 4, 1)),
            ["SCP/D/202526/001", "SCP/D/202526/002", "SCP/D/202627/001"],
        ),
        (
            "WPCC{term}-{seq:4}",
            "term",
            (D(2024, 4, 1), D(2024, 5, 8), D(2024, 5, 9)),
            ["WPCC4-0001", "WPCC4-0002", "WPCC5-0001"],
        ),
        (
            "EXE{seq:4}/{initials}",
            "never",
            (D(2024, 4, 1), D(2024, 5, 8), D(2025, 5, 9)),
            ["EXE0001/al", "EXE0002/al", "EXE0003/al"],
        ),
        (
            "PCC/D/{seq:3}",
            "term",
            (D(2024, 4, 1), D(2024, 5, 8), D(2024, 5, 9)),
            ["PCC/D/001", "PCC/D/002", "PCC/D/001"],
        ),
    ],
)
def test_three_references_across_a_restart(office, drafter, pattern, restarts, days, expected):
    office.reference_pattern, office.sequence_resets = pattern, restarts
    office.full_clean()
    office.save()
    assert [_numbered(office, drafter, day) for day in days] == expected


def test_an_office_that_numbers_nothing_shows_the_products_own_identifier(office, drafter):
    office.reference_pattern = ""
    office.full_clean()
    office.save()
    note = drafting.start_note(office, office.templates.get(), "Victims' services grant", drafter)
    assert allocate_reference(note, D(2025, 4, 1)) == (f"D-{note.pk:06d}", "all")


def test_a_restart_each_term_without_the_term_in_the_reference_numbers_on(office, drafter):
    """Set PCC/D/{seq:3} restarting every term, give one note PCC/D/001 by hand, and submit
    another: it used to fail with an IntegrityError on every retry."""
    office.reference_pattern, office.sequence_resets = "PCC/D/{seq:3}", "term"
    office.save()
    given = drafting.start_note(office, office.templates.get(), "Given by hand", drafter)
    given.reference, given.decided_on = "PCC/D/001", D(2024, 6, 3)
    given.save()
    assert given.reference_period == "term:5"

    team = signing_team(office)
    note = drafting.start_note(office, office.templates.get(), "PADS direct award", team["officer"])
    note.summary = "<p>Award PADS directly to Cranstoun for 12 months.</p>"
    note.is_key_decision = False
    note.save()
    note.recommendations.create(number=1, text="Approve the direct award.")
    note = workflow.submit(note, team["officer"])
    while note.status != Decision.Status.AWAITING_DECISION:
        role = note.current_step.role
        signer = team.get(role) or team.setdefault(role, officer_of(office, f"{role}.x", role))
        note = workflow.sign(
            note, signer, step_id=note.current_step_id, confirmed=True, comment="Agreed."
        )

    assert note.reference == "PCC/D/002"
    assert note.reference_period == "term:5"
    assert note.reference_period_label == "term 5"
    # The same reference in an earlier term is another decision, and both are found.
    earlier = drafting.start_note(office, office.templates.get(), "Earlier term", drafter)
    earlier.reference, earlier.decided_on = "PCC/D/002", D(2023, 1, 10)
    earlier.save()
    assert earlier.reference_period == "term:4"
    assert set(Decision.objects.with_reference(office, "pcc d 2")) == {note, earlier}


def test_a_number_typed_in_after_the_counter_started_is_passed_over(office, drafter):
    office.reference_pattern, office.sequence_resets = "ED {seq:4}", "never"
    office.save()
    assert _numbered(office, drafter, D(2025, 4, 1)) == "ED 0001"
    typed = drafting.start_note(office, office.templates.get(), "From the archive", drafter)
    typed.reference = "ED 0002"
    typed.save()
    assert _numbered(office, drafter, D(2025, 4, 2)) == "ED 0003"


def test_a_change_of_scheme_applies_from_the_next_reference(office, drafter):
    office.reference_pattern, office.sequence_resets = "SCP/D/{fy}/{seq:3}", "financial_year"
    office.save()
    first = _numbered(office, drafter, D(2026, 4, 2))
    office.reference_pattern, office.sequence_resets = "DN {seq}/{year}", "calendar_year"
    office.save()
    assert _numbered(office, drafter, D(2026, 4, 3)) == "DN 1/2026"
    assert Decision.objects.filter(reference=first).exists()


def test_a_reference_repeated_each_term_is_published_with_its_term_beside_it(office, drafter):
    """PCC/D/001 in term 4 and PCC/D/001 in term 5: the register, the page, the PDF, the feed
    and the address each say which term, and a search for the bare reference lists both."""
    office.reference_pattern, office.sequence_resets = "PCC/D/{seq:3}", "term"
    office.save()
    copies = []
    for title, day in [("Earlier term", D(2023, 1, 10)), ("This term", D(2024, 6, 3))]:
        note = drafting.start_note(office, office.templates.get(), title, drafter)
        note.reference, note.decided_on = "PCC/D/001", day
        note.save()  # files the reference under the term of its day
        note = approve_directly(note)
        copies.append(publication.publish_existing(note, on=day))
    earlier, current = copies

    assert (earlier.display_reference, current.display_reference) == (
        "PCC/D/001 (term 4)",
        "PCC/D/001 (term 5)",
    )
    assert earlier.slug != current.slug
    assert {earlier.slug, current.slug} == {"pcc-d-001-term-4", "pcc-d-001-term-5"}
    client = Client()
    page = client.get(current.get_absolute_url()).content.decode()
    assert "PCC/D/001 (term 5)" in page
    found = client.get("/decisions/?q=PCC/D/001").content.decode()
    assert "PCC/D/001 (term 4)" in found and "PCC/D/001 (term 5)" in found
    assert "PCC/D/001 (term 5): This term" in client.get("/decisions/feed/").content.decode()
    stored = publication.store_pdf(current.pk)
    text = " ".join(page.extract_text() for page in PdfReader(stored.pdf.open("rb")).pages)
    assert "PCC/D/001 (term 5)" in text
