"""Sign-off under concurrency, on PostgreSQL with real parallel connections: references are
unique and gap-free, and two reviewers acting on one step at once cannot both succeed."""

import datetime
import threading

import pytest
from django.db import connection, transaction

from commissioning.models import Office, Role
from decisions.seed.loader import load_seed_records
from decisions.signoff import workflow
from decisions.signoff.numbering import allocate_reference
from tests.factories import officer_of, ready_note

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's row locks and real parallelism"
)


def run_together(count: int, work) -> list:
    """Runs work(i) in `count` threads, each with its own database connection, released at once."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # the outcome, refusal or not, is what the test inspects
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_fifty_parallel_allocations_give_fifty_consecutive_references(transactional_db):
    load_seed_records()
    office = Office.objects.get(slug="staffordshire")
    drafter = officer_of(office, "pete.scott")
    note = ready_note(office, drafter)
    day = datetime.date(2025, 2, 27)

    def allocate(i):
        with transaction.atomic():
            return allocate_reference(note, day)[0]

    references = run_together(50, allocate)
    assert all(isinstance(reference, str) for reference in references), references
    numbers = sorted(int(reference.rsplit("/", 1)[1]) for reference in references)
    # Seed 000 is SCP/D/202425/003, so this year's numbering carries on from 4.
    assert numbers == list(range(4, 54))

    # A transaction that fails after taking a number gives it back: no gap.
    with pytest.raises(RuntimeError), transaction.atomic():
        allocate_reference(note, day)
        raise RuntimeError("the step failed after the number was taken")
    with transaction.atomic():
        assert allocate_reference(note, day) == ("SCP/D/202425/054", "fy:202425")


def test_two_reviewers_signing_one_step_at_once_only_one_succeeds(transactional_db):
    load_seed_records()
    office = Office.objects.get(slug="staffordshire")
    drafter = officer_of(office, "pete.scott")
    chiefs = [
        officer_of(office, "chief.exec", Role.CHIEF_EXECUTIVE),
        officer_of(office, "deputy.chief", Role.CHIEF_EXECUTIVE),
    ]
    note = workflow.submit(ready_note(office, drafter), drafter)
    step = note.current_step_id

    outcomes = run_together(
        2,
        lambda i: workflow.sign(note, chiefs[i], step_id=step, confirmed=True, comment=""),
    )
    succeeded = [o for o in outcomes if not isinstance(o, Exception)]
    refused = [o for o in outcomes if isinstance(o, workflow.Refused)]
    assert len(succeeded) == 1 and len(refused) == 1, outcomes
    assert "already been dealt with" in str(refused[0])
    note.refresh_from_db()
    assert note.current_step.label == "Monitoring Officer comments"
    assert note.sign_offs.filter(step_id=step).count() == 1
