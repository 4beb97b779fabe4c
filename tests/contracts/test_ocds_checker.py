"""/contracts.json as the Open Contracting Data Standard's own checker sees it: libcoveocds
(the library behind the OCDS Data Review Tool) reports no errors and no warnings.

Nothing is fetched: the standard's schema and codelists (OCDS 1.1.5) and the Budget Breakdown
extension the package declares are read from tests/data/ocds/ (README there), the standard
handed to libcoveocds as a ZIP built from those files, the extension's files served to the
registry library's HTTP session by a local adapter."""

import io
import json
import tempfile
import warnings
import zipfile
from pathlib import Path

import pytest
import requests
from django.urls import reverse
from libcoveocds.api import ocds_json_output
from libcoveocds.config import LibCoveOCDSConfig
from ocdsextensionregistry import util as registry_util

from commissioning.models import OPEN_GOVERNMENT_LICENCE, Office
from decisions.public import ocds

DATA = Path(__file__).resolve().parent.parent / "data" / "ocds"
STANDARD = DATA / "standard"
EXTENSION = DATA / "ocds_budget_breakdown_extension"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"


def zipped(folder: Path, top: str) -> bytes:
    """The folder's files as GitHub's ZIP of a tag or branch lays them out, under `top`/."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{top}/", "")
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
    return buffer.getvalue()


class LocalFiles(requests.adapters.BaseAdapter):
    """Answers a session's requests for the given addresses with the given bytes; anything
    else with 404, so nothing leaves the machine."""

    def __init__(self, files: dict[str, bytes]):
        super().__init__()
        self.files = files

    def send(self, request, **kwargs):
        response = requests.Response()
        response.url, response.request, response.encoding = request.url, request, "utf-8"
        found = self.files.get(request.url)
        response.status_code = 200 if found is not None else 404
        response.reason = "OK" if found is not None else "Not Found"
        response._content = found or b""
        return response

    def close(self):
        pass


@pytest.fixture
def checker(no_network):
    """libcoveocds' report on a package, offline: the standard is given to it as the bytes of
    its ZIP, and the registry library's session (which fetches the extension) answers from the
    local copy."""
    repository = "open-contracting-extensions/ocds_budget_breakdown_extension"
    assert ocds.BUDGET_BREAKDOWN_EXTENSION.startswith(
        f"https://raw.githubusercontent.com/{repository}/master/"
    )
    base = ocds.BUDGET_BREAKDOWN_EXTENSION.rsplit("/", 1)[0]
    files = {
        # The extension as a whole, which the registry library asks for first.
        f"https://github.com/{repository}/archive/master.zip": zipped(
            EXTENSION, "ocds_budget_breakdown_extension-master"
        ),
        **{
            f"{base}/{path.relative_to(EXTENSION).as_posix()}": path.read_bytes()
            for path in EXTENSION.rglob("*")
            if path.is_file()
        },
    }
    adapter = LocalFiles(files)
    session = registry_util.session
    saved = dict(session.adapters)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    config = LibCoveOCDSConfig()
    config.config["context"] = "api"
    config.config["standard_zip"] = zipped(STANDARD, "standard-1__1__5")

    def check(package: dict) -> dict:
        # The session caches what it fetches; nothing is kept between tests. The extended
        # schema libcoveocds writes goes to a temporary folder.
        with (
            session.cache_disabled(),
            tempfile.TemporaryDirectory() as folder,
            warnings.catch_warnings(record=True) as caught,
        ):
            warnings.simplefilter("always")
            report = ocds_json_output(folder, json_data=package, lib_cove_ocds_config=config)
        report["python_warnings"] = [
            str(w.message) for w in caught if not issubclass(w.category, DeprecationWarning)
        ]
        return report

    yield check
    session.adapters.clear()
    session.adapters.update(saved)
    assert no_network == []


# What the checker reports as an error or a warning (the Data Review Tool's headings): schema
# errors, fields the schema and its extensions do not define, codes outside their codelists,
# deprecated fields, its additional checks (empty fields and the like), and an extension or
# codelist it could not read.
PROBLEMS = [
    "validation_errors",
    "additional_fields",
    "all_additional_fields",
    "additional_closed_codelist_values",
    "additional_open_codelist_values",
    "deprecated_fields",
    "additional_checks",
    "python_warnings",
]


def problems(report: dict) -> dict:
    found = {key: report[key] for key in PROBLEMS if report.get(key)}
    extensions = report["extensions"]
    if extensions["invalid_extension"]:
        found["invalid_extension"] = extensions["invalid_extension"]
    failed = [e["failed_codelists"] for e in extensions["extensions"] if e["failed_codelists"]]
    if failed:
        found["failed_codelists"] = failed
    return found


def budgeted(release: dict) -> bool:
    return "budgetBreakdown" in release.get("planning", {}).get("budget", {})


def served_package(client) -> dict:
    return json.loads(client.get(reverse("public:contracts_ocds")).content)


def test_libcoveocds_reports_no_errors_and_no_warnings_on_contracts_json(client, checker):
    package = served_package(client)
    report = checker(package)

    assert problems(report) == {}
    assert report["version_used"] == "1.1"
    assert report["count"] == len(package["releases"]) > 0
    # The budget lines were checked against the extension, not passed over.
    assert report["extensions"]["is_extended_schema"]
    assert any(
        "budgetBreakdown" in r.get("planning", {}).get("budget", {}) for r in package["releases"]
    )


def test_the_checker_finds_what_it_should_so_a_clean_report_means_something(client, checker):
    package = served_package(client)
    release = next(release for release in package["releases"] if budgeted(release))
    release["tender"]["colour"] = "blue"  # no such field
    release["initiationType"] = "auction"  # not in the closed initiationType codelist
    release["contracts"][0]["period"]["startDate"] = "1 July 2023"  # not a date-time
    release["planning"]["budget"]["budgetBreakdown"][0]["amount"]["amount"] = "lots"

    found = problems(checker(package))

    assert {f["field"] for f in found["additional_fields"]} == {"colour"}
    assert (
        "initiationType.csv"
        in found["additional_closed_codelist_values"]["releases/initiationType"]["codelist"]
    )
    errors = " ".join(json.dumps(error) for error in found["validation_errors"])
    assert "startDate" in errors and "budgetBreakdown" in errors


def test_the_package_licence_is_the_offices_data_licence(client, checker):
    package = served_package(client)
    assert package["license"] == OPEN_GOVERNMENT_LICENCE

    Office.objects.update(data_licence=CC_BY)
    package = served_package(client)

    assert package["license"] == CC_BY
    assert problems(checker(package)) == {}


def test_offices_publishing_under_different_licences_leave_the_package_without_one(client, checker):
    Office.objects.filter(slug="warwickshire").update(data_licence=CC_BY)
    package = served_package(client)

    assert "license" not in package
    assert problems(checker(package)) == {}
