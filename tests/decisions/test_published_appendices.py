"""Appendix files published with a decision: downloaded from the public page through the
published (frozen) copy, never the live note; withheld or not yet public ones answer 404."""

import datetime
import hashlib
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from decisions import publication
from decisions.models import Appendix, PublicationDetermination
from decisions.publication import Scope
from tests.factories import approve_directly, determination_data

PDF = b"%PDF-1.7\n% appendix one: the equality impact assessment\n%%EOF\n"
LATER = b"%PDF-1.7\n% appendix one as changed on the note after publication\n%%EOF\n"
Extent = PublicationDetermination.Extent


@pytest.fixture(autouse=True)
def quick_pdfs(monkeypatch):
    monkeypatch.setattr("decisions.pdf.render_public_pdf", lambda *args, **kwargs: PDF)


@pytest.fixture
def approved(note):
    Appendix.objects.create(
        decision=note,
        position=0,
        title="Equality impact assessment",
        file=ContentFile(PDF, name="Equality-impact-assessment.pdf"),
        is_published=True,
    )
    Appendix.objects.create(
        decision=note,
        position=1,
        title="Provider's pricing schedule",
        file=ContentFile(b"%PDF-1.7\n% commercially sensitive\n%%EOF\n", name="pricing.pdf"),
        is_published=False,
    )
    return approve_directly(
        note, reference="SCP/D/202627/001", decided_on=timezone.localdate(), summary="<p>S</p>"
    )


def _url(copy, number=1):
    return reverse("public:copy_appendix", args=[copy.slug, copy.pk, number])


def test_a_published_appendix_downloads_from_the_public_page_with_its_size_and_hash(
    approved, monitoring
):
    copy = publication.publish(approved, monitoring)
    page = Client().get(copy.get_absolute_url()).content.decode()
    sha256 = hashlib.sha256(PDF).hexdigest()

    assert _url(copy) in page
    assert sha256 in page
    assert f"{len(PDF)} bytes" in page
    assert "ask Staffordshire" not in page
    assert "pricing" not in page.lower()

    response = Client().get(_url(copy))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Equality-impact-assessment.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["ETag"] == f'"{sha256}"'
    assert Client().get(_url(copy), HTTP_IF_NONE_MATCH=f'"{sha256}"').status_code == 304


def test_the_appendix_is_listed_in_the_open_data(approved, monitoring):
    copy = publication.publish(approved, monitoring)
    data = json.loads(b"".join(Client().get(reverse("public:register_json")).streaming_content))
    record = next(r for r in data["decisions"] if r["reference"] == copy.reference)

    assert record["appendices"] == [
        {
            "title": "Equality impact assessment",
            "url": "http://testserver" + _url(copy),
            "file_name": "Equality-impact-assessment.pdf",
            "media_type": "application/pdf",
            "size": len(PDF),
            "sha256": hashlib.sha256(PDF).hexdigest(),
        }
    ]


def test_a_withheld_appendix_has_no_address_that_answers(approved, monitoring):
    copy = publication.publish(approved, monitoring)

    assert Client().get(_url(copy, 2)).status_code == 404
    assert Client().get(_url(copy, 0)).status_code == 404
    assert "pricing" not in json.dumps(copy.content, default=str)


def test_the_download_is_the_file_frozen_at_publication_not_the_live_one(approved, monitoring):
    copy = publication.publish(approved, monitoring)
    live = approved.appendices.get(position=0)
    live.file.delete(save=False)
    live.file.save("Equality-impact-assessment.pdf", ContentFile(LATER))

    assert b"".join(Client().get(_url(copy)).streaming_content) == PDF

    # A correction carries the appendix as the note now has it; the earlier version keeps its own.
    corrected = publication.publish(approved, monitoring, correction_note="New assessment.")
    assert b"".join(Client().get(_url(corrected)).streaming_content) == LATER
    assert b"".join(Client().get(_url(copy)).streaming_content) == PDF


@pytest.mark.parametrize(
    "determined",
    [
        # Deferred: the copy exists but is not public until its day.
        {"deferred_until": timezone.localdate() + datetime.timedelta(days=5)},
        # Details withheld: no appendix is published at all.
        {"details": Extent.WITHHOLD, "reasons": "Commercial.", "exemptions": ["s43"]},
    ],
    ids=["deferred", "details-withheld"],
)
def test_nothing_is_served_where_the_copy_publishes_no_file_today(approved, monitoring, determined):
    # A draft or a decided note not yet published has no copy, so no address at all.
    publication.determine(approved, monitoring, **determination_data(**determined))
    copy = publication.publish(approved, monitoring)

    assert Client().get(_url(copy)).status_code == 404


def test_a_record_taken_down_answers_gone_for_its_appendices_and_their_files_go(
    approved, monitoring, django_capture_on_commit_callbacks
):
    copy = publication.publish(approved, monitoring)
    stored = copy.content["appendices"][0]["download"]["stored"]
    with django_capture_on_commit_callbacks(execute=True):
        publication.take_down(
            approved, monitoring, scope=Scope.EVERY_VERSION, exemption="s40", reason="Personal."
        )

    assert Client().get(_url(copy)).status_code == 410
    assert not default_storage.exists(stored)


def test_taking_down_earlier_versions_keeps_a_file_the_current_one_still_publishes(
    approved, monitoring, django_capture_on_commit_callbacks
):
    first = publication.publish(approved, monitoring)
    current = publication.publish(approved, monitoring, correction_note="A typo.")
    with django_capture_on_commit_callbacks(execute=True):
        publication.take_down(
            approved, monitoring, scope=Scope.EARLIER_VERSIONS, exemption="", reason="Typo."
        )

    assert Client().get(_url(first)).status_code == 410
    assert b"".join(Client().get(_url(current)).streaming_content) == PDF


def test_nginx_can_send_the_frozen_file(approved, monitoring, settings):
    settings.SERVE_FILES_WITH_NGINX = True
    copy = publication.publish(approved, monitoring)
    download = copy.content["appendices"][0]["download"]

    response = Client().get(_url(copy))

    assert response["X-Accel-Redirect"] == settings.NGINX_FILES_LOCATION + download["stored"]
    assert download["stored"].startswith("published/appendices/")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_publisher_is_told_which_files_become_downloadable(approved, monitoring):
    from decisions.publication.summary import public_summary

    summary = public_summary(approved, timezone.localdate())

    assert summary.appendices == [
        "Equality impact assessment: the file Equality-impact-assessment.pdf (PDF, "
        f"{len(PDF)}\xa0bytes), downloadable from the public page"
    ]
    assert summary.appendices_withheld
