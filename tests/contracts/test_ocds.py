"""The public contracts register (/contracts/) and its Open Contracting Data export
(/contracts.json): valid OCDS 1.1.5, one entry per contract however many decisions publish it,
and built from public copies only, so money no published decision prints never shows."""

import copy
import csv
import datetime
import io
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from commissioning.models import Office
from contracts.models import Contribution
from decisions import drafting
from decisions.models import Decision, DecisionTemplate, PublishedCopy
from decisions.public import ocds
from tests.factories import officer_of, organisation, year

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "ocds" / "standard" / "schema"

# The Budget Breakdown extension's object, as its release-schema.json defines it (see
# tests/data/ocds/README.md), so budget lines are checked as strictly as core fields.
BUDGET_BREAKDOWN = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": {"type": ["string", "integer"]},
        "description": {"type": ["string", "null"]},
        "amount": {"$ref": "#/definitions/Value"},
        "uri": {"type": ["string", "null"], "format": "uri"},
        "period": {"$ref": "#/definitions/Period"},
        "sourceParty": {"$ref": "#/definitions/OrganizationReference"},
    },
}

# jsonschema checks formats only when asked, and its own date-time and uri checks need
# optional packages; these two are strict enough for what the export writes.
FORMATS = FormatChecker(formats=())
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    return bool(RFC3339.fullmatch(value)) and bool(datetime.datetime.fromisoformat(value))


@FORMATS.checks("uri")
def _is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc)


@pytest.fixture(scope="module")
def validator() -> Draft4Validator:
    """The release package schema, its reference to the release schema resolved to the local
    copy: nothing is fetched."""
    package = json.loads((SCHEMAS / "release-package-schema.json").read_text())
    release = json.loads((SCHEMAS / "release-schema.json").read_text())
    definitions = release["definitions"]
    definitions["BudgetBreakdown"] = BUDGET_BREAKDOWN
    definitions["Budget"]["properties"]["budgetBreakdown"] = {
        "type": "array",
        "items": {"$ref": "#/definitions/BudgetBreakdown"},
    }
    registry = Registry().with_resource(
        release["id"], Resource.from_contents(release, default_specification=DRAFT4)
    )
    return Draft4Validator(package, registry=registry, format_checker=FORMATS)


def errors_in(validator: Draft4Validator, package: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(package)
    ]


def release_of(package: dict, contract) -> dict:
    (release,) = [
        r for r in package["releases"] if r["ocid"] == f"{ocds.OCID_PREFIX}-contract-{contract.pk}"
    ]
    return release


def public_copy(reference: str) -> PublishedCopy:
    return PublishedCopy.objects.public().get(reference=reference)


def publish_copy(*, reference: str, published_on: datetime.date, contracts: list) -> PublishedCopy:
    """A copy of a new Staffordshire decision as publication would freeze it, printing the
    given contracts (the rest of its content is seed 000's)."""
    office = Office.objects.get(slug="staffordshire")
    template = DecisionTemplate.objects.get(office=office, is_default=True)
    decision = drafting.start_note(
        office, template, f"Decision {reference}", officer_of(office, slugify(reference))
    )
    content = copy.deepcopy(
        PublishedCopy.objects.public().get(reference="SCP/D/202425/003").content
    )
    content["contracts"] = contracts
    return PublishedCopy.objects.create(
        decision=decision,
        office=office,
        reference=reference,
        slug=slugify(reference),
        title=f"Decision {reference}",
        published_on=published_on,
        status=Decision.Status.APPROVED,
        content=content,
    )


def pads_as_published() -> dict:
    """The regional PADS contract as seed 000 (SCP/D/202425/003) prints it."""
    scp = public_copy("SCP/D/202425/003")
    (pads,) = [c for c in scp.content["contracts"] if c["title"].endswith("(PADS)")]
    return copy.deepcopy(pads)


# Valid OCDS -------------------------------------------------------------------------------------


def test_the_release_package_is_valid_ocds(validator):
    package = ocds.release_package("http://testserver")
    assert errors_in(validator, package) == []
    assert len(package["releases"]) == 8


def test_the_served_json_is_valid_ocds(client, validator):
    response = client.get(reverse("public:contracts_ocds"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    package = response.json()
    assert errors_in(validator, package) == []
    assert package["uri"] == "http://testserver/contracts.json"
    assert package["version"] == "1.1"
    assert package["publisher"]["name"] == "OPCC commissioning decisions"


def test_the_validator_refuses_what_ocds_refuses(validator):
    """So the two tests above cannot pass for want of checking."""
    bad = ocds.release_package("http://testserver")
    pads = next(r for r in bad["releases"] if "budget" in r.get("planning", {}))
    pads["planning"]["budget"]["budgetBreakdown"][0]["amount"]["amount"] = "12750.00"
    pads["date"] = "2024-04-01"
    pads["tag"] = ["signed"]
    del bad["releases"][1]["initiationType"]
    errors = errors_in(validator, bad)
    assert any("'12750.00' is not of type" in e for e in errors)
    assert any("'2024-04-01' is not a 'date-time'" in e for e in errors)
    assert any("'signed' is not one of" in e for e in errors)
    assert any("'initiationType' is a required property" in e for e in errors)


def test_every_release_has_its_own_ocid_and_id():
    releases = ocds.release_package("http://testserver")["releases"]
    assert len({r["ocid"] for r in releases}) == len(releases)
    assert len({r["id"] for r in releases}) == len(releases)
    assert all(re.fullmatch(r"ocds-opccdecisions-contract-\d+", r["ocid"]) for r in releases)
    assert all(r["id"].startswith(r["ocid"] + "-") for r in releases)


# Seed 000's figures -----------------------------------------------------------------------------


def test_seed_000s_contributions_are_budget_lines(pads):
    release = release_of(ocds.release_package("http://testserver"), pads)
    budget = release["planning"]["budget"]
    lines = {line["description"]: line for line in budget["budgetBreakdown"]}
    assert {description: line["amount"]["amount"] for description, line in lines.items()} == {
        "Staffordshire Commissioner's Office contribution, 2024/25, initial term": 12750,
        "Office of the Police and Crime Commissioner for Warwickshire contribution, 2024/25, "
        "initial term": 1271.5,
        "Office of the Police and Crime Commissioner for Warwickshire contribution, 2024/25, "
        "extension": 6043.5,
        "West Mercia Police and Crime Commissioner contribution, 2024/25, initial term": 35095,
        "West Midlands Police and Crime Commissioner contribution, 2024/25, initial term": 122509,
    }
    # Warwickshire's £7,315 share is its initial-term part and the cost of the extension.
    warwickshire = [
        Decimal(str(line["amount"]["amount"]))
        for line in lines.values()
        if "Warwickshire" in line["sourceParty"]["name"]
    ]
    assert sum(warwickshire) == Decimal("7315")
    for line in lines.values():
        assert line["amount"]["currency"] == "GBP"
        assert line["period"] == {
            "startDate": "2024-04-01T00:00:00Z",
            "endDate": "2025-03-31T23:59:59Z",
        }
        assert line["sourceParty"]["id"] in {p["id"] for p in release["parties"]}
    assert budget["amount"] == {"amount": 177669, "currency": "GBP"}
    assert release["contracts"][0]["value"] == {"amount": 177669, "currency": "GBP"}


def test_amounts_are_exact_json_numbers(client):
    text = client.get(reverse("public:contracts_ocds")).content.decode()
    assert '"amount": {"amount": 12750, "currency": "GBP"}' in text
    assert '"amount": {"amount": 6043.5, "currency": "GBP"}' in text
    assert '"amount": {"amount": 1271.5, "currency": "GBP"}' in text


def test_the_parties_and_their_roles(pads):
    release = release_of(ocds.release_package("http://testserver"), pads)
    roles = {party["name"]: party.get("roles", []) for party in release["parties"]}
    assert roles == {
        "West Midlands Police and Crime Commissioner": ["buyer", "procuringEntity", "funder"],
        "Cranstoun": ["supplier"],
        "Office of the Police and Crime Commissioner for Warwickshire": ["funder"],
        "West Mercia Police and Crime Commissioner": ["funder"],
        "Staffordshire Commissioner's Office": ["funder"],
    }
    assert release["buyer"]["name"] == "West Midlands Police and Crime Commissioner"
    assert release["tag"] == ["award", "contract"]
    (award,) = release["awards"]
    assert award["suppliers"] == [{"id": "cranstoun", "name": "Cranstoun"}]
    assert award["date"] == "2023-07-01T00:00:00Z"
    (contract,) = release["contracts"]
    assert contract["awardID"] == award["id"]
    assert contract["period"] == {
        "startDate": "2023-07-01T00:00:00Z",
        "endDate": "2025-03-31T23:59:59Z",
    }


def test_the_contract_status_follows_its_dates(pads, pads_direct_award):
    def status(contract, on: str):
        with time_machine.travel(datetime.datetime.fromisoformat(on + "T12:00:00+00:00")):
            return release_of(ocds.release_package("http://t"), contract)["contracts"][0]["status"]

    assert status(pads, "2025-03-31") == "active"
    assert status(pads, "2025-04-01") == "terminated"
    assert status(pads_direct_award, "2025-03-31") == "pending"
    assert status(pads_direct_award, "2025-04-01") == "active"


def test_a_contract_with_no_provider_published_has_no_supplier(smts):
    release = release_of(ocds.release_package("http://testserver"), smts)
    assert release["tag"] == ["contract"]
    assert "suppliers" not in release["awards"][0]
    assert all("supplier" not in party.get("roles", []) for party in release["parties"])


def test_an_optional_extension_not_yet_decided_is_budgeted_but_not_in_the_value(smts, validator):
    """Seed 004: £1,789,696 committed for the initial term; the £447,424 extension is subject to
    a later decision, so it is a budget line but not part of the contract's value."""
    package = ocds.release_package("http://testserver")
    assert errors_in(validator, package) == []
    release = release_of(package, smts)
    assert release["contracts"][0]["value"] == {"amount": 1789696, "currency": "GBP"}
    assert release["planning"]["budget"]["amount"] == {"amount": 2237120, "currency": "GBP"}
    lines = release["planning"]["budget"]["budgetBreakdown"]
    optional = [line for line in lines if "subject to a further decision" in line["description"]]
    assert sum(line["amount"]["amount"] for line in optional) == 447424


# One entry per contract -------------------------------------------------------------------------


def test_a_contract_two_decisions_publish_is_one_entry(pads):
    """SCP/D/202425/003 and WPCC4-0004 both print the regional PADS contract. Only WPCC4-0004's
    copy has the extension (it was not yet public when SCP/D/202425/003 was frozen), and only
    SCP/D/202425/003's has the money: the entry has both."""
    entries = [c for c in ocds.public_contracts() if c["id"] == pads.pk]
    assert len(entries) == 1
    (entry,) = entries
    assert [d["reference"] for d in entry["decisions"]] == ["WPCC4-0004", "SCP/D/202425/003"]
    assert [(e["kind"], e["effective_on"]) for e in entry["events"]] == [
        ("award", datetime.date(2023, 7, 1)),
        ("extension", datetime.date(2024, 7, 1)),
    ]
    assert len(entry["contributions"]) == 5
    assert entry["total"] == Decimal("177669")

    package = ocds.release_package("http://testserver")
    assert sum(r["ocid"].endswith(f"-contract-{pads.pk}") for r in package["releases"]) == 1
    release = release_of(package, pads)
    assert [d["url"] for d in release["planning"]["documents"]] == [
        "http://testserver" + public_copy("WPCC4-0004").get_absolute_url(),
        "http://testserver" + public_copy("SCP/D/202425/003").get_absolute_url(),
    ]
    assert all(d["documentType"] == "procurementPlan" for d in release["planning"]["documents"])
    (amendment,) = release["contracts"][0]["amendments"]
    assert amendment["date"] == "2024-07-01T00:00:00Z"
    assert amendment["rationale"] == "Extension"


def test_titles_are_listed_once_each_and_in_order():
    titles = [c["title"] for c in ocds.public_contracts()]
    assert titles == sorted(set(titles), key=str.casefold)


def test_the_facts_come_from_the_latest_copy(pads):
    later = pads_as_published()
    later["description"] = "The scheme as a decision published today describes it."
    later["events"] = []
    later["contributions"] = []
    publish_copy(reference="SCP/D/TODAY/001", published_on=timezone.localdate(), contracts=[later])

    (entry,) = [c for c in ocds.public_contracts() if c["id"] == pads.pk]
    assert entry["description"] == "The scheme as a decision published today describes it."
    # The earlier copies' events and money stay.
    assert [e["kind"] for e in entry["events"]] == ["award", "extension"]
    assert entry["total"] == Decimal("177669")
    assert entry["decisions"][-1]["reference"] == "SCP/D/TODAY/001"


# The page ---------------------------------------------------------------------------------------


def contract_pages(client) -> str:
    """The contracts register and every contract's own page it links, as one text."""
    register = client.get(reverse("public:contracts")).content.decode()
    pages = [
        client.get(link).content.decode()
        for link in re.findall(r'href="(/contracts/\d+/)"', register)
    ]
    return "".join([register, *pages])


def test_the_register_is_a_table_of_the_contracts_and_each_has_its_page(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        response = client.get(reverse("public:contracts"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<title>Contracts register</title>" in html
    assert 'href="/contracts.json">Open Contracting Data (JSON)</a>' in html
    assert 'href="/contracts.csv">CSV</a>' in html
    assert "8 contracts." in html
    pads = next(c for c in ocds.public_contracts() if c["title"].startswith("Regional Pre-Arrest"))
    link = f'href="/contracts/{pads["id"]}/">Regional Pre-Arrest Drugs Diversion Scheme (PADS)</a>'
    assert html.count(link) == 1
    assert "Cranstoun" in html and "£177,669" in html
    assert "style=" not in html

    with django_assert_max_num_queries(2):
        detail = client.get(f"/contracts/{pads['id']}/").content.decode()
    assert ">Regional Pre-Arrest Drugs Diversion Scheme (PADS)</h1>" in detail
    for figure in ("£12,750", "£35,095", "£122,509", "£1,271.50", "£6,043.50", "£177,669"):
        assert figure in detail
    assert "£7,315" in detail  # Warwickshire's total, in the by-partner table
    for reference in ("SCP/D/202425/003", "WPCC4-0004"):
        assert f'href="{public_copy(reference).get_absolute_url()}"' in detail
    assert "style=" not in detail
    # A contract no published decision names has no page.
    assert client.get("/contracts/999999/").status_code == 404


def test_the_contracts_table_filters_and_sorts_on_the_server_and_as_csv(client):
    everything = client.get(reverse("public:contracts")).content.decode()
    titles = re.findall(r'href="/contracts/\d+/">([^<]+)</a>', everything)
    assert titles == sorted(titles, key=str.casefold)

    by_value = client.get(reverse("public:contracts") + "?sort=-value").content.decode()
    assert (
        'aria-sort="descending"><a class="govuk-link app-sortable-table__link" href="?sort=value"'
        in by_value
    )
    values = [
        Decimal(v.replace(",", "")) for v in re.findall(r'numeric">£([\d,.]+)</td>', by_value)
    ]
    assert values == sorted(values, reverse=True) and values

    cranstoun = client.get(reverse("public:contracts") + "?provider=Cranstoun").content.decode()
    assert "matching the filters" in cranstoun
    assert all(
        "Cranstoun" in row
        for row in re.findall(r"<tr class=\"govuk-table__row\">.*?</tr>", cranstoun, re.S)[1:]
    )

    response = client.get(reverse("public:contracts_csv") + "?provider=Cranstoun")
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows and {row["provider"] for row in rows} == {"Cranstoun"}
    assert rows[0]["url"].startswith("http://testserver/contracts/")

    words = client.get(reverse("public:contracts") + "?q=diversion").content.decode()
    assert "Regional Pre-Arrest Drugs Diversion Scheme (PADS)" in words
    nothing = client.get(reverse("public:contracts") + "?q=zzzznothing").content.decode()
    assert "No contract matches." in nothing


def test_the_queries_do_not_grow_with_the_copies(client):
    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    pads = next(c for c in ocds.public_contracts() if c["title"].startswith("Regional Pre-Arrest"))
    urls = [
        reverse("public:contracts"),
        f"/contracts/{pads['id']}/",
        reverse("public:contracts_ocds"),
    ]
    before = [queries(url) for url in urls]
    for number in range(3):
        publish_copy(
            reference=f"SCP/D/MORE/{number}",
            published_on=timezone.localdate(),
            contracts=[pads_as_published()],
        )
    assert [queries(url) for url in urls] == before
    assert max(before) <= 2


# Nothing unpublished ----------------------------------------------------------------------------


def test_money_no_published_decision_prints_never_shows(client, pads):
    Contribution.objects.create(
        contract=pads,
        contributor=organisation("West Mercia"),
        financial_year=year("2023/24"),
        amount=Decimal("98765.43"),
        funding_source=Contribution.FundingSource.OTHER,
        funding_detail="Canary fund that no decision has published",
    )
    page = contract_pages(client)
    data = client.get(reverse("public:contracts_ocds")).content.decode()
    for text in (page, data):
        assert "98765" not in text
        assert "98,765" not in text
        assert "Canary fund" not in text
        assert "2023/24" not in text  # no published decision prints PADS money for 2023/24
    assert "£12,750" in page


def future_contracts() -> list[dict]:
    renamed = pads_as_published()
    renamed["title"] = "PADS as a decision not yet public names it"
    renamed["contributions"].append(
        {**renamed["contributions"][0], "id": 999_999, "amount": Decimal("24680.13")}
    )
    unknown = {**pads_as_published(), "id": 999_998, "title": "A contract not yet public"}
    return [renamed, unknown]


def test_a_copy_whose_day_has_not_come_contributes_nothing(client):
    day = timezone.localdate() + datetime.timedelta(days=30)
    publish_copy(reference="SCP/D/FUTURE/001", published_on=day, contracts=future_contracts())

    page = contract_pages(client)
    data = client.get(reverse("public:contracts_ocds")).content.decode()
    for text in (page, data):
        assert "not yet public" not in text
        assert "24680" not in text
        assert "24,680" not in text
        assert "SCP/D/FUTURE/001" not in text
        assert slugify("SCP/D/FUTURE/001") not in text
    assert len(ocds.public_contracts()) == 8

    # On its day it counts, so the test above tested something.
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(12), datetime.UTC)):
        titles = [c["title"] for c in ocds.public_contracts()]
        assert "A contract not yet public" in titles
        assert "PADS as a decision not yet public names it" in titles
        assert "24680.13" in json.dumps(ocds.release_package("http://t"))


def test_a_replaced_copy_contributes_nothing(client):
    """A correction replaces the copy it corrects: only the current copy counts."""
    scp = public_copy("SCP/D/202425/003")
    PublishedCopy.objects.filter(pk=scp.pk).update(is_current=False)
    data = client.get(reverse("public:contracts_ocds")).content.decode()
    assert "122509" not in data
    assert scp.get_absolute_url() not in data


def test_the_ocid_prefix_is_a_setting_and_a_bad_one_is_refused():
    assert ocds.OCID_PREFIX == settings.OCDS_OCID_PREFIX
    # A prefix that is not "ocds-" and letters or digits stops the service from starting.
    result = subprocess.run(
        [sys.executable, "-c", "import commissioning.settings"],
        env={**os.environ, "OCDS_OCID_PREFIX": "my prefix", "DEBUG": "true"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "OCDS_OCID_PREFIX must be 'ocds-'" in result.stderr


def test_the_direct_award_carries_the_money_its_decision_commits(client):
    """Seed 000 commits £9,500 to the 2025/26 direct award in its money statement, though none
    of its tables prints that contract: the register and the OCDS release both count it."""
    package = client.get(reverse("public:contracts_ocds")).json()
    release = next(r for r in package["releases"] if "direct award" in r["tender"]["title"])
    budget = release["planning"]["budget"]
    assert budget["amount"] == {"amount": 9500, "currency": "GBP"}
    assert [line["amount"]["amount"] for line in budget["budgetBreakdown"]] == [9500]
    assert release["contracts"][0]["value"] == {"amount": 9500, "currency": "GBP"}
    assert "£9,500" in client.get(reverse("public:contracts")).content.decode()
