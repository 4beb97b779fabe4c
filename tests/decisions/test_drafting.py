"""Officers draft decision notes in the browser's forms: the office's form, part-by-part
saves, and never a silent overwrite of someone else's newer change."""

from decimal import Decimal

from django.urls import reverse

from decisions import drafting
from decisions.models import Decision
from tests.factories import decision as seed_decision
from tests.factories import docx_bytes, officer_of, signed_in


def test_a_note_starts_from_the_offices_own_form(staffordshire, officer):
    client = signed_in(officer)
    form = client.get(reverse("decisions:create")).context["form"]
    assert [t.name for t in form.fields["template"].queryset] == ["Decision Note"]
    response = client.post(
        reverse("decisions:create"),
        {"template": form.fields["template"].initial, "title": "Regional PADS direct award"},
    )
    note = Decision.objects.get(title="Regional PADS direct award")
    assert response.url == reverse("decisions:detail", args=[note.pk])
    assert note.status == Decision.Status.DRAFT and note.reference == ""
    assert [(s.number, s.heading) for s in note.sections.all()][:3] == [
        ("1", "Background"),
        ("2", "What other options have been considered?"),
        ("3", "Consultation and Engagement undertaken"),
    ]
    assert list(note.lead_officers.all()) == [officer.person]
    page = client.get(response.url).content.decode()
    assert "What has led to this request" in page  # the form's guidance under its heading


def test_a_note_needs_a_title(officer):
    response = signed_in(officer).post(reverse("decisions:create"), {"title": " "})
    assert "Enter a title for the note" in response.content.decode()


def test_section_text_is_cleaned_of_anything_unsafe(note, officer):
    client = signed_in(officer)
    url = reverse("decisions:edit_section", args=[note.pk, "background"])
    client.post(
        url,
        {
            "version": note.version,
            "body": '<p onclick="steal()">The PADS contract <script>alert(1)</script>'
            '<a href="javascript:alert(1)">ends</a> on 31 March 2025.</p>',
        },
    )
    body = note.sections.get(key="background").body
    assert "The PADS contract" in body and "31 March 2025" in body
    for unsafe in ("onclick", "<script", "alert(1)", "javascript:"):
        assert unsafe not in body


def test_plain_text_typed_without_javascript_keeps_its_paragraphs(note, officer):
    url = reverse("decisions:edit_section", args=[note.pk, "background"])
    signed_in(officer).post(
        url, {"version": note.version, "body": "First paragraph.\r\n\r\nSecond & last."}
    )
    body = note.sections.get(key="background").body
    assert body.split() == ["<p>First", "paragraph.</p>", "<p>Second", "&amp;", "last.</p>"]


def test_a_confidential_section_needs_its_exemption(note, officer):
    url = reverse("decisions:edit_section", args=[note.pk, "background"])
    response = signed_in(officer).post(
        url, {"version": note.version, "body": "<p>Prices</p>", "is_confidential": "on"}
    )
    assert "Choose the exemption that allows this section to be withheld" in (
        response.content.decode()
    )
    assert response.context["form"]["body"].value() == "<p>Prices</p>"
    assert note.sections.get(key="background").body == ""


def test_a_stale_save_is_refused_and_shows_what_changed(note, officer, colleague):
    url = reverse("decisions:edit_section", args=[note.pk, "background"])
    opened_at = note.version
    signed_in(colleague).post(
        url, {"version": opened_at, "body": "<p>Cranstoun has run PADS since July 2023.</p>"}
    )
    response = signed_in(officer).post(
        url, {"version": opened_at, "body": "<p>My own account of the background.</p>"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this note" in page
    assert "Staffs Colleague saved changes to section 1 Background" in page
    assert "Cranstoun has run PADS since July 2023." in page  # what it now says
    assert "My own account of the background." in page  # the typing is kept
    body = note.sections.get(key="background").body
    assert body == "<p>Cranstoun has run PADS since July 2023.</p>"


def test_two_officers_may_write_different_sections_at_once(note, officer, colleague):
    opened_at = note.version
    signed_in(colleague).post(
        reverse("decisions:edit_section", args=[note.pk, "background"]),
        {"version": opened_at, "body": "<p>Background.</p>"},
    )
    response = signed_in(officer).post(
        reverse("decisions:edit_section", args=[note.pk, "consultation"]),
        {"version": opened_at, "body": "<p>West Midlands PCC was consulted.</p>"},
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.version == opened_at + 2
    assert note.revisions.count() == 3


def details(note, **changes) -> dict:
    data = {
        "version": note.version,
        "title": note.title,
        "summary": "",
        "lead_officers_note": "",
        "drafted_on_0": "27",
        "drafted_on_1": "2",
        "drafted_on_2": "2025",
        "required_by_0": "",
        "required_by_1": "",
        "required_by_2": "",
        "is_key_decision": "",
        "empowered_to_decide": "",
        "protective_marking": "not_marked",
        "confidentiality": "non_confidential",
        "confidentiality_note": "",
        "urgency_reason": "",
    }
    data.update(changes)
    return data


def test_the_details_are_saved_and_bad_input_is_explained(note, officer, pads):
    client = signed_in(officer)
    url = reverse("decisions:edit_details", args=[note.pk])
    response = client.post(url, details(note, is_urgent="on", required_by_0="31"))
    page = response.content.decode()
    assert "Say why the decision is urgent" in page
    assert "The date must include a month" in page
    assert response.context["form"]["is_urgent"].value() is True
    response = client.post(
        url,
        details(
            note,
            is_urgent="on",
            urgency_reason="The contract ends on 31 March 2025.",
            is_key_decision="no",
            contracts=[pads.pk],
            summary="<p>Direct award of PADS for 2025/26.</p>",
        ),
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.is_urgent and note.is_key_decision is False
    assert list(note.contracts.all()) == [pads]
    assert note.summary == "<p>Direct award of PADS for 2025/26.</p>"


def recommendation_rows(*texts, existing=()) -> dict:
    rows = list(existing) + [{"id": "", "text": text} for text in texts]
    data = {
        "version": 0,
        "recommendations-TOTAL_FORMS": str(len(rows)),
        "recommendations-INITIAL_FORMS": str(len(existing)),
        "recommendations-MIN_NUM_FORMS": "0",
        "recommendations-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"recommendations-{index}-{key}"] = value
    return data


def test_recommendations_are_numbered_in_the_order_shown(note, officer):
    client = signed_in(officer)
    url = reverse("decisions:edit_list", args=[note.pk, "recommendations"])
    data = recommendation_rows(
        "Approve a direct award to Cranstoun for 2025/26.",
        "",
        "Contribute £9,500 from the commissioning budget.",
    )
    data["version"] = note.version
    assert client.post(url, data).status_code == 302
    assert [(r.number, r.text[:7]) for r in note.recommendations.all()] == [
        (1, "Approve"),
        (2, "Contrib"),
    ]
    first, second = note.recommendations.all()
    note.refresh_from_db()
    data = recommendation_rows(
        existing=[
            {"id": first.pk, "text": first.text, "DELETE": "on"},
            {"id": second.pk, "text": second.text},
        ]
    )
    data["version"] = note.version
    client.post(url, data)
    assert [(r.number, r.text[:7]) for r in note.recommendations.all()] == [(1, "Contrib")]


def test_another_offices_note_does_not_exist_for_them(note, leicestershire):
    client = signed_in(officer_of(leicestershire, "leics.officer"))
    read_only = (
        reverse("decisions:detail", args=[note.pk]),
        reverse("decisions:preview_pdf", args=[note.pk]),
    )
    editable = (
        reverse("decisions:edit_details", args=[note.pk]),
        reverse("decisions:edit_section", args=[note.pk, "background"]),
        reverse("decisions:edit_list", args=[note.pk, "risks"]),
    )
    for url in read_only + editable:
        assert client.get(url).status_code == 404
    for url in editable:
        assert client.post(url, {}).status_code == 404
    for url in read_only:
        # A page that only shows something refuses any POST, before asking whose note it is.
        assert client.post(url, {}).status_code == 405


def test_a_decided_note_can_no_longer_be_changed(officer, warwickshire):
    client = signed_in(officer_of(warwickshire, "warks.officer"))
    decided = seed_decision("WPCC4-0004")
    url = reverse("decisions:edit_section", args=[decided.pk, decided.sections.first().key])
    response = client.post(url, {"version": decided.version, "body": "<p>Changed</p>"})
    assert "can no longer be changed here" in response.content.decode()
    assert "Changed" not in decided.sections.first().body


def test_notes_are_found_by_reference_in_any_spelling(warwickshire):
    client = signed_in(officer_of(warwickshire, "warks.officer"))
    response = client.get(reverse("decisions:list"), {"q": "WPCC4-014"})
    assert [d.reference for d in response.context["decisions"]] == ["WPCC4-0014"]
    response = client.get(reverse("decisions:list"), {"q": "cranstoun"})
    found = response.context["decisions"]
    assert "WPCC4-0004" in [d.reference for d in found]
    assert all(
        any(c.provider and c.provider.name == "Cranstoun" for c in d.contracts.all()) for d in found
    )
    response = client.get(reverse("decisions:list"), {"status": "draft"})
    assert response.context["count"] == 0


def test_the_list_and_note_pages_read_a_fixed_number_of_queries(
    note, officer, django_assert_max_num_queries
):
    client = signed_in(officer)
    with django_assert_max_num_queries(12) as listed:
        client.get(reverse("decisions:list"))
    with django_assert_max_num_queries(25) as shown:
        client.get(reverse("decisions:detail", args=[note.pk]))
    for number in range(3):
        drafting.start_note(note.office, note.template, f"Another note {number}", officer)
        note.recommendations.create(number=number + 1, text="Approve.")
        note.risks.create(category="financial", description="Costs rise.", position=number)
    with django_assert_max_num_queries(len(listed.captured_queries)):
        client.get(reverse("decisions:list"))
    with django_assert_max_num_queries(len(shown.captured_queries)):
        client.get(reverse("decisions:detail", args=[note.pk]))


def test_the_draft_preview_is_a_pdf_marked_draft(note, officer):
    from io import BytesIO

    from pypdf import PdfReader

    response = signed_in(officer).get(reverse("decisions:preview_pdf", args=[note.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "DRAFT" in text
    assert "Proposed contract extension – Regional PADS" in text


def money_rows(rows: list[dict]) -> dict:
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    blank = {
        "id": "",
        "term_part": "initial",
        "funding_source": "budget",
        "funding_detail": "",
        "budgeted": "unknown",
        "commitment": "committed",
        "contracted_volume": "",
        "projected_volume": "",
    }
    for index, row in enumerate(rows):
        for key, value in (blank | row).items():
            data[f"form-{index}-{key}"] = value
    return data


def test_the_money_table_works_out_totals_and_unit_costs_then_saves(note, officer, pads):
    from decimal import Decimal

    from contracts.models import Contract, ContractParty
    from tests.factories import organisation, year

    contract = Contract.objects.create(
        title="PADS 2025/26 (a new note)",
        lead_commissioner=organisation("Staffordshire"),
        provider=organisation("Cranstoun"),
        procurement_route="direct_award",
        starts_on="2025-04-01",
        initial_term_months=12,
    )
    for partner in ("Warwickshire", "West Mercia"):
        ContractParty.objects.create(contract=contract, organisation=organisation(partner))
    note.contracts.add(contract)
    client = signed_in(officer)
    url = reverse("decisions:edit_money", args=[note.pk, contract.pk])
    rows = [
        {"contributor": organisation(name).pk, "financial_year": year("2025/26").pk, **figures}
        for name, figures in (
            (
                "Staffordshire",
                {"amount": "12,750", "contracted_volume": "250", "projected_volume": "64"},
            ),
            (
                "Warwickshire",
                {"amount": "7315", "contracted_volume": "160", "projected_volume": "120"},
            ),
            (
                "West Mercia",
                {"amount": "£35,095", "contracted_volume": "670", "projected_volume": "586"},
            ),
        )
    ]
    data = money_rows(rows) | {"version": note.version, "calculate": "1"}
    response = client.post(url, data)
    totals = response.context["totals"]
    assert totals.amount == Decimal("55160")
    assert totals.contracted_unit_cost == Decimal("51.07")  # £55,160 / 1,080 = £51.074…
    assert "not yet saved" in response.content.decode()
    assert not contract.contributions.exists()

    del data["calculate"]
    assert client.post(url, data).status_code == 302
    assert contract.contributions.filter(decision=note).count() == 3
    table = note.contribution_tables.get()
    assert table.totals().amount == Decimal("55160")
    assert [group.amount for group in table.partner_rows()] == [
        Decimal("7315"),  # Office of the PCC for Warwickshire
        Decimal("12750"),  # Staffordshire Commissioner's Office
        Decimal("35095"),  # West Mercia
    ]


def test_phase_it_for_me_fills_a_row_per_year(smts, leicestershire):
    client = signed_in(officer_of(leicestershire, "leics.money"))
    exe = seed_decision("EXE0001/tb")
    url = reverse("decisions:edit_money", args=[exe.pk, smts.pk])
    response = client.post(
        url,
        {
            "phase": "1",
            "phase-contributor": leicestershire.organisation_id,
            "phase-annual_value": "447424",
            "phase-starts_on_0": "1",
            "phase-starts_on_1": "7",
            "phase-starts_on_2": "2016",
            "phase-months": "48",
            "phase-extension_months": "12",
        },
    )
    assert not response.context["phase_form"].errors, response.context["phase_form"].errors
    formset = response.context["formset"]
    filled = [form.initial for form in formset.extra_forms]
    assert [(row["term_part"], row["amount"]) for row in filled][:2] == [
        ("initial", Decimal("335568")),
        ("initial", Decimal("447424")),
    ]
    assert sum(row["amount"] for row in filled) == Decimal("447424") * 5


def test_an_appendix_is_checked_by_content_and_stored(note, officer, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = signed_in(officer)
    url = reverse("decisions:appendices", args=[note.pk])
    response = client.post(
        url,
        {
            "version": note.version,
            "title": "Provider's quote",
            "file": SimpleUploadedFile("quote.pdf", b"MZ\x90\x00 this is a program"),
        },
    )
    assert "is not a PDF" in response.content.decode()
    assert response.context["form"]["title"].value() == "Provider's quote"
    assert not note.appendices.exists()

    response = client.post(
        url,
        {
            "version": note.version,
            "title": "PADS extension MoU",
            "file": SimpleUploadedFile("../../PADS extension MoU.pdf", docx_bytes()),
            "is_published": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    appendix = note.appendices.get()
    assert appendix.file.name.endswith(".docx") and ".." not in appendix.file.name
    download = client.get(reverse("decisions:appendix_file", args=[note.pk, appendix.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == docx_bytes()


def test_the_live_totals_are_the_servers_arithmetic_and_save_nothing(note, officer, colleague):
    """The money page's script only shows what money_totals answers: the totals of the rows as
    typed, unit costs rounded half up to the penny, rows not yet complete left out and named."""
    from tests.factories import organisation, regional_pads_2025, year

    contract = regional_pads_2025()
    note.contracts.add(contract)
    url = reverse("decisions:money_totals", args=[note.pk, contract.pk])
    fy = year("2025/26").pk
    rows = [
        {"contributor": organisation(name).pk, "financial_year": fy, **figures}
        for name, figures in (
            ("Staffordshire", {"amount": "12,750", "contracted_volume": "250"}),
            ("Warwickshire", {"amount": "7315", "contracted_volume": "160"}),
            ("West Mercia", {"amount": "£35,095", "contracted_volume": "670"}),
        )
    ]
    client = signed_in(officer)

    answer = client.post(url, money_rows(rows)).json()
    assert answer == {
        "amount": "£55,160",
        "contracted": "1,080 at £51.07 each",  # £55,160 / 1,080 = £51.074…
        "projected": "–",
        "left_out": "",
    }

    # Half up to the penny: £10.05 for 2 is £5.03 (5.025), never £5.02 as a float would make it.
    half = [rows[0] | {"amount": "10.05", "contracted_volume": "2"}]
    assert client.post(url, money_rows(half)).json()["contracted"] == "2 at £5.03 each"

    # A figure the form would refuse, and a row without its year, are left out and named.
    rows[1]["amount"] = "lots"
    rows[2]["financial_year"] = ""
    answer = client.post(url, money_rows(rows)).json()
    assert answer["amount"] == "£12,750"
    assert answer["left_out"] == (
        "Rows 2 and 3 are left out until they are complete and their figures are numbers the "
        "form accepts."
    )

    assert not contract.contributions.exists()
    assert client.get(url).status_code == 405
    assert signed_in(colleague).post(url, money_rows(rows)).status_code == 200  # same office
    warwick = officer_of(organisation("Warwickshire").office, "warwick.officer")
    assert signed_in(warwick).post(url, money_rows(rows)).status_code == 404
