"""Nothing withheld, redacted or not yet due reaches the public, by any route.

A unique marker is planted in every confidential place a decision has: a passage marked for
redaction in the summary and in a section, a section the determination withholds, an
unpublished appendix, a contribution row the record does not print, a whole record determined
not for publication, a draft, and a deferred decision. Then every public address is fetched
(the register, searches for each marker, every decision page and earlier version, every PDF
record's text, the feeds, the CSV, the JSON, the contracts register and its OCDS, the sitemap)
and none may contain a marker, before the deferral's date and after it.
"""

import datetime
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from commissioning.models import Organisation
from contracts.models import Contract, Contribution
from decisions import drafting, publication
from decisions.models import (
    Appendix,
    Decision,
    DecisionTemplate,
    PublicationDetermination,
    PublishedCopy,
    SignOff,
)
from tests.factories import determination_data, year

Extent = PublicationDetermination.Extent

MARKERS = {
    "summary passage": "QXLEAKSUMMARY7f3a",
    "section passage": "QXLEAKPASSAGE91c2",
    "withheld section": "QXLEAKSECTION5b8e",
    "unpublished appendix title": "QXLEAKAPPTITLE2d4f",
    "unpublished appendix body": "QXLEAKAPPBODY6a1c",
    "unprinted contribution": "QXLEAKFUNDING3e9d",
    "withheld record title": "QXLEAKWITHHELD8c7b",
    "withheld record body": "QXLEAKWITHHELDBODY4f2a",
    "draft title": "QXLEAKDRAFT1b6d",
    "signer's comment on a withheld assessment": "QXLEAKCOMMENT8e3a",
    "rationale of a withheld assessment": "QXLEAKRATIONALE2c7f",
    "record taken down": "QXLEAKTAKENDOWN5d9b",
    "earlier version taken down by its correction": "QXLEAKCORRECTED7a4c",
    "deferred original corrected before its day": "QXLEAKDEFERREDORIG3f6e",
}
DEFERRED = "QXDEFERRED0a5c"
DEFERRAL_DAYS = 30


def _approve(note: Decision, reference: str) -> Decision:
    Decision.objects.filter(pk=note.pk).update(
        status=Decision.Status.APPROVED, reference=reference, decided_on=timezone.localdate()
    )
    note.refresh_from_db()
    return note


def _start(office, title, officer) -> Decision:
    template = DecisionTemplate.objects.get(office=office, is_default=True)
    return drafting.start_note(office, template, title, officer)


@pytest.fixture
def planted(staffordshire, team, pads_direct_award):
    officer, monitoring = team["officer"], team["monitoring_officer"]
    review = timezone.localdate() + datetime.timedelta(days=365)

    # A decision published with redactions.
    note = _start(staffordshire, "Regional drugs diversion: published with redactions", officer)
    note.summary = (
        f'<p>Public summary. <span data-exemption="s43">{MARKERS["summary passage"]}</span></p>'
    )
    note.save()
    sections = list(note.sections.all())
    sections[
        0
    ].body = f'<p>Open text. <span data-exemption="s40">{MARKERS["section passage"]}</span></p>'
    sections[1].body = f"<p>{MARKERS['withheld section']}</p>"
    for section in sections[:2]:
        section.save()
    Appendix.objects.create(
        decision=note,
        title=MARKERS["unpublished appendix title"],
        body=f"<p>{MARKERS['unpublished appendix body']}</p>",
        is_published=False,
    )
    note.contracts.add(pads_direct_award)
    Contribution.objects.create(
        contract=pads_direct_award,
        contributor=staffordshire.organisation,
        financial_year=year("2026/27"),
        amount=Decimal("98765.43"),
        funding_detail=MARKERS["unprinted contribution"],
        decision=note,
    )
    _approve(note, "SCP/D/202627/001")
    publication.determine(
        note,
        monitoring,
        **determination_data(
            record=Extent.PART_REDACTED,
            assessment=Extent.PART_REDACTED,
            reasons="Commercial interests and personal data (FOI Act 2000 ss43, 40).",
            exemptions=["s43", "s40"],
            review_on=review,
            withheld_sections={sections[1].key: "s43"},
        ),
    )
    publication.publish(note, monitoring)

    # A record determined not for publication at all.
    withheld = _start(staffordshire, MARKERS["withheld record title"], officer)
    withheld.summary = f"<p>{MARKERS['withheld record body']}</p>"
    withheld.save()
    _approve(withheld, "SCP/D/202627/002")
    publication.determine(
        withheld,
        monitoring,
        **determination_data(
            record=Extent.WITHHOLD,
            assessment=Extent.WITHHOLD,
            details=Extent.WITHHOLD,
            reasons="Law enforcement (FOI Act 2000 s31).",
            exemptions=["s31"],
            review_on=review,
        ),
    )

    # A draft.
    _start(staffordshire, MARKERS["draft title"], officer)

    # A decision whose publication is deferred, letting a contract to a new provider: the
    # provider must not appear even among the register's filter options before the day.
    deferred = _start(staffordshire, f"Deferred decision {DEFERRED}", officer)
    deferred.contracts.add(
        Contract.objects.create(
            title="Deferred service",
            lead_commissioner=staffordshire.organisation,
            provider=Organisation.objects.create(name=f"{DEFERRED} Provider Ltd"),
            procurement_route="direct_award",
            starts_on=timezone.localdate(),
            initial_term_months=12,
        )
    )
    _approve(deferred, "SCP/D/202627/003")
    publication.determine(
        deferred,
        monitoring,
        **determination_data(
            deferred_until=timezone.localdate() + datetime.timedelta(days=DEFERRAL_DAYS)
        ),
    )
    publication.publish(deferred, monitoring)

    # A decision whose assessment is withheld (s42): the Chief Executive's comment and the
    # decision-maker's rationale go with it.
    privileged = _start(staffordshire, "Legal challenge: assessment withheld", officer)
    privileged.rationale = f"Counsel advised {MARKERS['rationale of a withheld assessment']}."
    privileged.save()
    SignOff.objects.create(
        decision=privileged,
        position=1,
        kind=SignOff.Kind.COMMENT,
        role="chief_executive",
        label="Comments of the Chief Executive",
        signed_name="Chief Exec",
        comment=MARKERS["signer's comment on a withheld assessment"],
        signed_on=timezone.localdate(),
    )
    _approve(privileged, "SCP/D/202627/004")
    publication.determine(
        privileged,
        monitoring,
        **determination_data(
            assessment=Extent.WITHHOLD,
            reasons="Legal professional privilege (FOI Act 2000 s42).",
            exemptions=["s42"],
            review_on=review,
        ),
    )
    publication.publish(privileged, monitoring)

    # A decision published, then taken down.
    taken_down = _start(staffordshire, f"Taken down {MARKERS['record taken down']}", officer)
    _approve(taken_down, "SCP/D/202627/005")
    publication.publish(taken_down, monitoring)
    publication.take_down(
        taken_down,
        monitoring,
        scope=publication.Scope.EVERY_VERSION,
        exemption="s40",
        reason="It names a member of the public.",
    )

    # A decision whose correction withholds a section the first version published, taking
    # that version down.
    corrected = _start(staffordshire, "Corrected: a section withheld after publication", officer)
    section = corrected.sections.order_by("position").first()
    section.body = f"<p>{MARKERS['earlier version taken down by its correction']}</p>"
    section.save()
    _approve(corrected, "SCP/D/202627/006")
    publication.publish(corrected, monitoring)
    withhold_section = determination_data(
        assessment=Extent.PART_REDACTED,
        reasons="Personal information (FOI Act 2000 s40).",
        exemptions=["s40"],
        review_on=review,
        withheld_sections={section.key: "s40"},
    )
    publication.determine(corrected, monitoring, **withhold_section)
    publication.publish(
        corrected, monitoring, correction_note="Section withheld.", take_down_earlier="s40"
    )

    # A deferred decision corrected before its day: the original is never public.
    original = _start(staffordshire, "Deferred, then corrected before its day", officer)
    section = original.sections.order_by("position").first()
    section.body = f"<p>{MARKERS['deferred original corrected before its day']}</p>"
    section.save()
    _approve(original, "SCP/D/202627/007")
    day = timezone.localdate() + datetime.timedelta(days=DEFERRAL_DAYS)
    publication.determine(original, monitoring, **determination_data(deferred_until=day))
    publication.publish(original, monitoring)
    publication.determine(
        original,
        monitoring,
        **withhold_section | {"deferred_until": day, "withheld_sections": {section.key: "s40"}},
    )
    publication.publish(original, monitoring, correction_note="Section withheld before its day.")
    return note


def _body(response) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(data))
        text = " ".join(page.extract_text() for page in reader.pages)
        # The raw bytes too: metadata, bookmarks and tags are not in the extracted text.
        return text + data.decode("latin-1")
    return data.decode()


def _public_responses(client: Client) -> dict[str, str]:
    """Every public address, each fetched anonymously: the fixed ones, searches, and every
    decision page, earlier version and PDF the sitemap and register list."""
    fixed = [
        reverse("public:register"),
        reverse("public:feed"),
        reverse("public:feed_rss"),
        reverse("public:register_csv"),
        reverse("public:register_json"),
        reverse("public:contracts"),
        reverse("public:contracts_csv"),
        reverse("public:contracts_ocds"),
        reverse("public:accessibility"),
        reverse("public:sitemap"),
        "/",
    ]
    searches = [
        f"{reverse('public:register')}?q={term}"
        for term in [*MARKERS.values(), DEFERRED, "QXLEAK", "redactions", "98765.43"]
    ]
    responses = {}
    for url in fixed + searches:
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
    assert pages, "the sitemap lists the published decisions"
    for page in sorted(pages):
        response = client.get(page)
        assert response.status_code == 200, page
        responses[page] = body = _body(response)
        for link in re.findall(r'href="(/decisions/[^"]+(?:\.pdf|/versions/\d+/))"', body):
            responses[link] = _body(client.get(link))
    # Every address any copy ever had, linked or not, guessed as an attacker would: the page,
    # each version and its PDF. Whatever they answer (a page, 404 or 410), no marker.
    for copy in PublishedCopy.objects.all():
        for url in [
            copy.get_absolute_url(),
            reverse("public:earlier_version", args=[copy.slug, copy.pk]),
            reverse("public:decision_pdf", args=[copy.slug]),
            copy.get_pdf_url(),
        ]:
            response = client.get(url, follow=True)
            assert response.status_code in (200, 404, 410), url
            responses.setdefault(url, _body(response))
    return responses


def _leaks(responses: dict[str, str], markers) -> list[tuple[str, str]]:
    """(address, marker name) for each marker found. A search page shows the words searched
    for, so a search for a marker is checked for its results instead: it must find none."""
    found = []
    for url, body in responses.items():
        for name, marker in markers:
            if url.endswith(f"?q={marker}"):
                if 'id="result-count">No decisions' not in body:
                    found.append((url, f"{name} (found by search)"))
            elif marker in body:
                found.append((url, name))
    return found


def test_nothing_confidential_reaches_any_public_address_before_or_after_the_deferral(planted):
    client = Client()
    before = _public_responses(client)

    assert _leaks(before, MARKERS.items()) == []
    assert _leaks(before, [("deferred", DEFERRED)]) == []
    # The published decision is there, with its notices where text was removed.
    page = before[planted.published_copies.get().get_absolute_url()]
    assert "[Redacted: section 43, commercial interests]" in page
    assert "[Redacted: section 40, personal information]" in page
    assert any(url.endswith(".pdf") and "Open text." in body for url, body in before.items())

    with time_machine.travel(timezone.now() + datetime.timedelta(days=DEFERRAL_DAYS)):
        after = _public_responses(client)

    assert _leaks(after, MARKERS.items()) == []
    assert _leaks(after, [("deferred", DEFERRED)]), "the deferred decision is public on its day"
    assert f"/decisions/?q={DEFERRED}" in dict(_leaks(after, [("deferred", DEFERRED)])), "and found"
