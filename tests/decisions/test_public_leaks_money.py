"""Money on a record is that record's money.

A contract shared by Staffordshire, Warwickshire and Leicestershire carries contribution rows
of many decisions: a Warwickshire draft never submitted, a note in review, a rejected one, a
withdrawn one, one published with its details withheld under section 43, and one published
with its details public. Each row has its own marker amount and note. Staffordshire then
publishes a decision printing a table of the whole contract. Every public address is fetched
and none may show a marker; the publishing decision's own row, and the row already published
with its details public, do appear, each labelled with whose money it is. Officers of
another office see only that rows are not yet published, never the amounts.
"""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from contracts.models import Contract, ContractParty, Contribution
from decisions import drafting, publication
from decisions.models import (
    ContributionTable,
    Decision,
    DecisionTemplate,
    PublicationDetermination,
    PublishedCopy,
)
from tests.factories import determination_data, officer_of, organisation, signed_in, year

Status = Decision.Status
WITHHOLD = PublicationDetermination.Extent.WITHHOLD

# Each planted row: (the deciding office's slug, status, reference, amount, year, partner); the
# amount and the note are the markers.
PLANTED = {
    "draft": ("warwickshire", Status.DRAFT, "", "91234.57", "2025/26", "Warwickshire"),
    "in review": ("warwickshire", Status.IN_REVIEW, "", "92345.68", "2026/27", "Warwickshire"),
    "rejected": (
        "leicestershire",
        Status.REJECTED,
        "EXE0901",
        "93456.79",
        "2025/26",
        "Leicestershire",
    ),
    "withdrawn": ("warwickshire", Status.WITHDRAWN, "", "94567.81", "2027/28", "Warwickshire"),
    "withheld details": (
        "warwickshire",
        Status.APPROVED,
        "WPCC4-0902",
        "95678.92",
        "2027/28",
        "West Mercia",
    ),
}
OWN = Decimal("4321.09")
ALREADY_PUBLISHED = Decimal("6789.01")


def _marker(name: str) -> str:
    return "QXMONEY" + re.sub(r"\W", "", name).upper()


def _forms(amount: str) -> list[str]:
    """The ways a page, an export or a PDF may write an amount."""
    value = Decimal(amount)
    return [f"{value:,}", str(value)]


def _start(office, title: str, officer) -> Decision:
    template = DecisionTemplate.objects.get(office=office, is_default=True)
    return drafting.start_note(office, template, title, officer)


def _decide(note: Decision, status: str, reference: str) -> Decision:
    Decision.objects.filter(pk=note.pk).update(
        status=status, reference=reference, decided_on=timezone.localdate()
    )
    note.refresh_from_db()
    return note


def _publisher(office):
    return officer_of(office, f"{office.slug}.publisher", office.publication_role)


@pytest.fixture
def shared_contract(db) -> Contract:
    contract = Contract.objects.create(
        title="Regional custody substance misuse service",
        lead_commissioner=organisation("West Midlands"),
        procurement_route="open",
        starts_on=datetime.date(2025, 4, 1),
        initial_term_months=36,
    )
    for name in ("Staffordshire", "Warwickshire", "Leicestershire", "West Mercia"):
        ContractParty.objects.create(contract=contract, organisation=organisation(name))
    return contract


def _row(contract, office, decision, amount, label, note="", partner=None) -> Contribution:
    return Contribution.objects.create(
        contract=contract,
        contributor=organisation(partner) if partner else office.organisation,
        financial_year=year(label),
        amount=Decimal(amount),
        decision=decision,
        recorded_by=office,
        note=note,
        funding_detail=note,
    )


@pytest.fixture
def planted(staffordshire, warwickshire, leicestershire, shared_contract):
    offices = {o.slug: o for o in (staffordshire, warwickshire, leicestershire)}
    review = timezone.localdate() + datetime.timedelta(days=365)
    for name, (slug, status, reference, amount, label, partner) in PLANTED.items():
        office = offices[slug]
        author = officer_of(office, f"{slug}.{re.sub(r'\W', '', name)}")
        note = _start(office, f"Custody service, {name}", author)
        note.contracts.add(shared_contract)
        _row(shared_contract, office, note, amount, label, _marker(name), partner)
        if status != Status.DRAFT:
            _decide(note, status, reference)
        if name == "withheld details":
            publisher = _publisher(office)
            publication.determine(
                note,
                publisher,
                **determination_data(
                    details=WITHHOLD,
                    reasons="Commercial interests (FOI Act 2000 s43).",
                    exemptions=["s43"],
                    review_on=review,
                ),
            )
            publication.publish(note, publisher)

    # Leicestershire's decision, published with its details public: its money may be printed.
    author = officer_of(leicestershire, "l.o")
    earlier = _start(leicestershire, "Custody service, Leicestershire", author)
    earlier.contracts.add(shared_contract)
    _row(shared_contract, leicestershire, earlier, ALREADY_PUBLISHED, "2026/27")
    _decide(earlier, Status.APPROVED, "EXE0903")
    leicestershire_publisher = _publisher(leicestershire)
    publication.determine(earlier, leicestershire_publisher, **determination_data())
    publication.publish(earlier, leicestershire_publisher)

    # Staffordshire's decision prints a table of every partner's money, every year.
    note = _start(staffordshire, "Custody service, Staffordshire", officer_of(staffordshire, "s.o"))
    note.contracts.add(shared_contract)
    _row(shared_contract, staffordshire, note, OWN, "2025/26")
    ContributionTable.objects.create(
        decision=note,
        title="Partners' contributions to the custody service",
        contract=shared_contract,
        layout=ContributionTable.Layout.BY_PARTNER,
        first_year=year("2025/26"),
        last_year=year("2027/28"),
    )
    _decide(note, Status.APPROVED, "SCP/D/202526/090")
    publisher = _publisher(staffordshire)
    publication.determine(note, publisher, **determination_data())
    publication.publish(note, publisher)
    return note


def _body(response) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(data))
        return " ".join(page.extract_text() for page in reader.pages) + data.decode("latin-1")
    return data.decode()


def _public_responses(client: Client) -> dict[str, str]:
    """Every public address: the fixed ones, and every decision page, earlier version and PDF
    the sitemap lists."""
    fixed = [
        reverse("public:register"),
        reverse("public:feed"),
        reverse("public:feed_rss"),
        reverse("public:register_csv"),
        reverse("public:register_json"),
        reverse("public:contracts"),
        reverse("public:contracts_csv"),
        reverse("public:contracts_ocds"),
        reverse("public:sitemap"),
        "/",
    ]
    responses = {}
    for url in fixed:
        response = client.get(url)
        assert response.status_code == 200, url
        responses[url] = _body(response)
    # Each contract's own page, as the contracts register links them.
    for link in re.findall(r'href="(/contracts/\d+/)"', responses[reverse("public:contracts")]):
        response = client.get(link)
        assert response.status_code == 200, link
        responses[link] = _body(response)
    pages = set(
        re.findall(r"<loc>http://testserver(/decisions/[^<]+)</loc>", responses["/sitemap.xml"])
    )
    for page in sorted(pages):
        response = client.get(page)
        assert response.status_code == 200, page
        responses[page] = body = _body(response)
        for link in re.findall(r'href="(/decisions/[^"]+(?:\.pdf|/versions/\d+/))"', body):
            responses[link] = _body(client.get(link))
    return responses


def _markers() -> list[tuple[str, str]]:
    found = []
    for name, (_, _, _, amount, _, _) in PLANTED.items():
        found += [(name, form) for form in _forms(amount)] + [(name, _marker(name))]
    return found


def test_no_row_of_another_decision_not_public_reaches_any_public_address(planted):
    responses = _public_responses(Client())

    leaks = [
        (url, name, marker)
        for url, body in responses.items()
        for name, marker in _markers()
        if marker in body
    ]
    assert leaks == []
    page = responses[planted.published_copies.get().get_absolute_url()]
    pdfs = [body for url, body in responses.items() if url.endswith(".pdf")]
    pdf = next(body for body in pdfs if "4,321.09" in body)
    for text in (page, pdf):
        assert "£4,321.09" in text
        assert "£6,789.01" in text
        assert "£11,110.10" in text  # the table's total is of the printed rows only
    assert "Committed by this decision: Staffordshire." in page
    assert "Already published by EXE0903: Leicestershire." in page
    assert "Committed by this decision" in pdf and "EXE0903" in pdf
    contracts = "".join(body for url, body in responses.items() if url.startswith("/contracts/"))
    ocds = responses[reverse("public:contracts_ocds")]
    assert "4,321.09" in contracts and "6,789.01" in contracts
    assert "4321.09" in ocds


def test_a_record_prints_only_its_own_rows_and_those_published_with_their_details(planted):
    table = planted.contribution_tables.get()
    printed = {row.amount for row in table.rows()}
    assert printed == {OWN, ALREADY_PUBLISHED}
    assert [s["basis"] for s in table.sources()] == [
        "Already published by EXE0903",
        "Committed by this decision",
    ]


def test_a_published_rejected_decisions_money_is_not_printed_on_another_record(
    planted, leicestershire
):
    rejected = Decision.objects.get(reference="EXE0901")
    publisher = officer_of(leicestershire, "leics.publisher2", leicestershire.publication_role)
    publication.determine(rejected, publisher, **determination_data())
    publication.publish(rejected, publisher)

    assert rejected.published_copies.filter(is_current=True).exists()
    assert Decimal(PLANTED["rejected"][3]) not in {
        row.amount for row in planted.contribution_tables.get().rows()
    }


def test_rows_of_no_decision_print_only_on_records_of_the_office_that_typed_them(
    planted, warwickshire, shared_contract
):
    # A Warwickshire officer types a figure for Staffordshire from a partner's record, with no
    # decision: it is Warwickshire's statement, not Staffordshire's.
    Contribution.objects.create(
        contract=shared_contract,
        contributor=organisation("West Midlands"),
        financial_year=year("2026/27"),
        amount=Decimal("97531.86"),
        recorded_by=warwickshire,
    )
    printed = {row.amount for row in planted.contribution_tables.get().rows()}
    assert Decimal("97531.86") not in printed
    typed_here = Contribution.objects.create(
        contract=shared_contract,
        contributor=organisation("West Mercia"),
        financial_year=year("2026/27"),
        amount=Decimal("1000"),
        recorded_by=planted.office,
    )
    table = planted.contribution_tables.get()
    assert typed_here in table.rows()
    assert {
        "basis": "Stated by this office from the partner's own figures",
        "partners": "West Mercia",
    } in table.sources()


def test_the_decision_money_rule_is_one_queryset(planted):
    public = set(Decision.objects.money_public())
    assert Decision.objects.get(reference="EXE0903") in public
    assert planted in public
    for name in ("rejected", "withheld details"):
        assert Decision.objects.get(reference=PLANTED[name][2]) not in public
    assert not Decision.objects.money_public().filter(status=Status.DRAFT).exists()


def test_another_offices_officer_sees_rows_not_yet_published_never_the_amounts(
    planted, staffordshire, shared_contract
):
    client = signed_in(officer_of(staffordshire, "staffs.reader"))
    for url in (
        reverse("contracts:detail", args=[shared_contract.pk]),
        reverse("contracts:contributions", args=[shared_contract.pk]),
        reverse("contracts:contracts_csv"),
        reverse("contracts:contributions_csv"),
        reverse("contracts:list"),
    ):
        body = client.get(url).content.decode()
        for name, marker in _markers():
            assert marker not in body, (url, name)
    page = client.get(reverse("contracts:detail", args=[shared_contract.pk])).content.decode()
    assert "Further rows not yet published by Warwickshire." in page
    assert "Further rows not yet published by Leicestershire." in page
    assert "4,321.09" in page and "6,789.01" in page
    # The office's own draft note's preview is the same rule.
    assert PublishedCopy.objects.filter(decision=planted).exists()
