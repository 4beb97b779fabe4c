"""Versions, corrections and takedown: earlier versions obey the register's date rule, a
published record (or its earlier versions) can be taken down, a correction cannot leave
withheld text public in an earlier version, comments and the rationale go with the
assessment, each copy's PDF has its own address, and the workspace is never cached."""

import datetime

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from decisions import audit, publication
from decisions.models import AuditEvent, PublicationDetermination, PublishedCopy, SignOff
from decisions.signoff.workflow import NotPermitted, Refused
from tests.factories import approved_today, determination_data, signed_in

Extent = PublicationDetermination.Extent
Scope = publication.Scope
NAME = "QXVICTIMNAME4e1d"


@pytest.fixture
def approved(note):
    """A Staffordshire note decided today whose first section names a victim by mistake."""
    return approved_today(
        note, "SCP/D/202627/014", f"<p>The referral from {NAME} showed the scheme works.</p>"
    )


def _published(approved, monitoring) -> PublishedCopy:
    publication.determine(approved, monitoring, **determination_data())
    return publication.publish(approved, monitoring)


def _text(client: Client, url: str) -> str:
    response = client.get(url)
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


# Taking a record down ---------------------------------------------------------------------------


def test_a_record_taken_down_leaves_every_public_route_and_its_pdf_is_deleted(
    approved, monitoring, django_capture_on_commit_callbacks
):
    copy = _published(approved, monitoring)
    client = Client()
    assert NAME in _text(client, copy.get_absolute_url())
    assert client.get(copy.get_pdf_url()).status_code == 200
    copy.refresh_from_db()
    pdf_name, pdf_url = copy.pdf.name, copy.get_pdf_url()
    assert pdf_name and default_storage.exists(pdf_name)

    with django_capture_on_commit_callbacks(execute=True):
        removed = publication.take_down(
            approved,
            monitoring,
            scope=Scope.EVERY_VERSION,
            exemption="s40",
            reason="Section 2 names a victim.",
        )

    assert [c.pk for c in removed] == [copy.pk]
    today = timezone.localdate()
    page = client.get(copy.get_absolute_url())
    assert page.status_code == 410
    notice = f"Removed on {today:%-d %B %Y}: section 40, personal information"
    assert notice in page.content.decode()
    assert NAME not in page.content.decode()
    assert approved.title not in page.content.decode()
    assert client.get(pdf_url).status_code == 410
    assert client.get(reverse("public:decision_pdf", args=[copy.slug])).status_code == 410
    assert not default_storage.exists(pdf_name)
    for term in ["SCP/D/202627/014", NAME]:
        # A search page repeats the words searched for: it must find nothing.
        body = _text(client, f"{reverse('public:register')}?q={term}")
        assert 'id="result-count">No decisions' in body, term
    for url in [
        reverse("public:register"),
        reverse("public:feed"),
        reverse("public:feed_rss"),
        reverse("public:register_csv"),
        reverse("public:register_json"),
        reverse("public:contracts_ocds"),
        reverse("public:sitemap"),
    ]:
        body = _text(client, url)
        assert "SCP/D/202627/014" not in body, url
        assert copy.slug not in body, url

    event = AuditEvent.objects.filter(decision=approved).latest("sequence")
    assert event.action == AuditEvent.Action.REMOVED
    assert notice in event.comment and "names a victim" in event.comment
    assert audit.verify() is None


def test_undoing_a_takedown_in_the_database_is_caught_by_verify_audit(approved, monitoring):
    copy = _published(approved, monitoring)
    publication.take_down(
        approved, monitoring, scope=Scope.EVERY_VERSION, exemption="s40", reason="A name."
    )

    PublishedCopy.objects.filter(pk=copy.pk).update(removed_on=None)

    broken = audit.verify()
    assert broken is not None
    assert "removal date" in str(broken)


def test_only_the_publication_role_takes_a_record_down(approved, monitoring, team):
    _published(approved, monitoring)
    with pytest.raises(NotPermitted):
        publication.take_down(
            approved,
            team["officer"],
            scope=Scope.EVERY_VERSION,
            exemption="s40",
            reason="A name.",
        )
    assert PublishedCopy.objects.public().filter(decision=approved).exists()


def test_a_takedown_needs_a_reason(approved, monitoring):
    _published(approved, monitoring)
    with pytest.raises(Refused, match="Say why"):
        publication.take_down(
            approved, monitoring, scope=Scope.EVERY_VERSION, exemption="s40", reason="  "
        )


def test_a_determination_changed_to_withhold_the_record_takes_it_down(approved, monitoring):
    copy = _published(approved, monitoring)

    publication.determine(
        approved,
        monitoring,
        **determination_data(
            record=Extent.WITHHOLD,
            reasons="Law enforcement (FOI Act 2000 s31).",
            exemptions=["s31"],
            review_on=timezone.localdate() + datetime.timedelta(days=90),
        ),
    )

    copy.refresh_from_db()
    assert copy.removed_on == timezone.localdate()
    assert copy.removal_exemption == "s31"
    assert Client().get(copy.get_absolute_url()).status_code == 410
    assert audit.verify() is None


def test_taking_down_through_the_publication_page(approved, monitoring):
    copy = _published(approved, monitoring)
    client = signed_in(monitoring)
    page = client.get(reverse("decisions:publication", args=[approved.pk]))
    assert "Take it down" in page.content.decode()

    refused = client.post(
        reverse("decisions:take_down", args=[approved.pk]),
        {"takedown-scope": Scope.EVERY_VERSION, "takedown-exemption": "", "takedown-reason": ""},
    )
    assert refused.status_code == 200
    assert "Choose the exemption the removal relies on" in refused.content.decode()
    assert "Say why it is taken down" in refused.content.decode()

    done = client.post(
        reverse("decisions:take_down", args=[approved.pk]),
        {
            "takedown-scope": Scope.EVERY_VERSION,
            "takedown-exemption": "s40",
            "takedown-reason": "Section 2 names a victim.",
            "takedown-password": "demo-password",
        },
        follow=True,
    )
    assert "Taken down: 1 published copy" in done.content.decode()
    copy.refresh_from_db()
    assert copy.is_removed


# Corrections and earlier versions -------------------------------------------------------------


def _withhold_first_section(approved, monitoring, **overrides):
    first = approved.sections.order_by("position").first()
    publication.determine(
        approved,
        monitoring,
        **determination_data(
            assessment=Extent.PART_REDACTED,
            reasons="Personal information (FOI Act 2000 s40).",
            exemptions=["s40"],
            review_on=timezone.localdate() + datetime.timedelta(days=90),
            withheld_sections={first.key: "s40"},
            **overrides,
        ),
    )


def test_a_correction_that_withholds_published_text_must_take_the_earlier_version_down(
    approved, monitoring
):
    original = _published(approved, monitoring)
    _withhold_first_section(approved, monitoring)

    with pytest.raises(Refused, match="withholds what an earlier version published"):
        publication.publish(approved, monitoring, correction_note="Section 2 withheld.")
    assert PublishedCopy.objects.filter(decision=approved).count() == 1

    corrected = publication.publish(
        approved, monitoring, correction_note="Section 2 withheld.", take_down_earlier="s40"
    )

    original.refresh_from_db()
    assert original.is_removed and not original.is_current
    client = Client()
    page = _text(client, corrected.get_absolute_url())
    assert NAME not in page
    assert "[Redacted: section 40, personal information]" in page
    assert reverse("public:earlier_version", args=[original.slug, original.pk]) not in page
    gone = client.get(reverse("public:earlier_version", args=[original.slug, original.pk]))
    assert gone.status_code == 410
    assert "section 40, personal information" in gone.content.decode()
    assert client.get(original.get_pdf_url()).status_code == 410
    assert audit.verify() is None


def test_a_correction_that_withholds_nothing_more_may_keep_the_earlier_version(
    approved, monitoring
):
    original = _published(approved, monitoring)
    corrected = publication.publish(approved, monitoring, correction_note="Typing error fixed.")

    client = Client()
    page = _text(client, corrected.get_absolute_url())
    earlier_url = reverse("public:earlier_version", args=[original.slug, original.pk])
    assert earlier_url in page
    assert client.get(earlier_url).status_code == 200


def test_a_correction_gets_a_pdf_address_of_its_own(approved, monitoring):
    original = _published(approved, monitoring)
    corrected = publication.publish(approved, monitoring, correction_note="Typing error fixed.")
    client = Client()

    assert original.get_pdf_url() != corrected.get_pdf_url()
    redirect = client.get(reverse("public:decision_pdf", args=[corrected.slug]))
    assert redirect.status_code == 302
    assert redirect["Location"] == corrected.get_pdf_url()
    pdf = client.get(corrected.get_pdf_url())
    assert pdf.status_code == 200
    assert pdf["Cache-Control"] == "public, max-age=300"


def test_an_original_corrected_before_its_deferral_ended_is_never_public(approved, monitoring):
    day = timezone.localdate() + datetime.timedelta(days=30)
    publication.determine(approved, monitoring, **determination_data(deferred_until=day))
    original = publication.publish(approved, monitoring)
    _withhold_first_section(approved, monitoring, deferred_until=day)
    # The original was never public and never will be, so the correction need not take it
    # down to withhold what it showed.
    corrected = publication.publish(approved, monitoring, correction_note="Section 2 withheld.")

    client = Client()
    earlier_url = reverse("public:earlier_version", args=[original.slug, original.pk])
    for moment in [timezone.now(), timezone.now() + datetime.timedelta(days=31)]:
        with time_machine.travel(moment):
            assert client.get(earlier_url).status_code == 404
            assert client.get(original.get_pdf_url()).status_code == 404
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        page = _text(client, corrected.get_absolute_url())
    assert NAME not in page
    assert earlier_url not in page


def test_comments_and_the_rationale_are_withheld_with_the_assessment(approved, monitoring):
    approved.rationale = "QXRATIONALE9d2e: the legal advice was clear."
    approved.save()
    SignOff.objects.create(
        decision=approved,
        position=1,
        kind=SignOff.Kind.COMMENT,
        role="chief_executive",
        label="Comments of the Chief Executive",
        signed_name="A Chief Executive",
        comment="QXCECOMMENT6b1f: counsel's opinion supports this.",
        signed_on=timezone.localdate(),
    )
    publication.determine(
        approved,
        monitoring,
        **determination_data(
            assessment=Extent.WITHHOLD,
            reasons="Legal professional privilege (FOI Act 2000 s42).",
            exemptions=["s42"],
            review_on=timezone.localdate() + datetime.timedelta(days=90),
        ),
    )
    copy = publication.publish(approved, monitoring)

    client = Client()
    page = _text(client, copy.get_absolute_url())
    pdf = client.get(copy.get_pdf_url())
    assert "QXRATIONALE9d2e" not in page and "QXCECOMMENT6b1f" not in page
    assert "QXRATIONALE9d2e" not in str(copy.content)
    assert "QXCECOMMENT6b1f" not in str(copy.content)
    assert "QXCECOMMENT6b1f" not in copy.search_text
    assert pdf.status_code == 200
    assert page.count("[Redacted: section 42, legal professional privilege]") >= 2
    assert "A Chief Executive" in page  # the signature stays; only the comment goes


# Caching ----------------------------------------------------------------------------------------


def test_workspace_pages_are_never_stored_and_public_pages_only_when_read_anonymously(
    approved, monitoring
):
    copy = _published(approved, monitoring)
    anonymous, signed = Client(), signed_in(monitoring)

    assert anonymous.get(copy.get_absolute_url())["Cache-Control"] == "public, max-age=300"
    assert signed.get(copy.get_absolute_url())["Cache-Control"] == "no-store"
    for url in [
        reverse("home"),
        reverse("decisions:detail", args=[approved.pk]),
        reverse("decisions:publication", args=[approved.pk]),
        reverse("login"),
    ]:
        assert signed.get(url)["Cache-Control"] == "no-store", url
    assert anonymous.get(reverse("login"))["Cache-Control"] == "no-store"


def test_a_correction_through_the_page_says_what_happens_to_the_earlier_versions(
    approved, monitoring
):
    original = _published(approved, monitoring)
    _withhold_first_section(approved, monitoring)
    client = signed_in(monitoring)
    url = reverse("decisions:publish", args=[approved.pk])
    correction = {"publish-correction_note": "Section 2 withheld.", "publish-password": "x"}

    unsaid = client.post(url, correction | {"publish-password": "demo-password"})
    assert "Say whether the earlier versions stay public" in unsaid.content.decode()

    kept = client.post(
        url, correction | {"publish-password": "demo-password", "publish-earlier_versions": "keep"}
    )
    assert "withholds what an earlier version published" in kept.content.decode()
    assert PublishedCopy.objects.filter(decision=approved).count() == 1

    no_exemption = client.post(url, correction | {"publish-earlier_versions": "take_down"})
    assert "Choose the exemption for taking the earlier versions down" in (
        no_exemption.content.decode()
    )

    client.post(
        url,
        correction
        | {
            "publish-password": "demo-password",
            "publish-earlier_versions": "take_down",
            "publish-removal_exemption": "s40",
        },
    )
    original.refresh_from_db()
    assert original.is_removed and original.removal_exemption == "s40"
    assert PublishedCopy.objects.public().get(decision=approved).correction_note == (
        "Section 2 withheld."
    )
