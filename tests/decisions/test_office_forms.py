"""An office's forms on the set-up pages, and the records they lay out: recommendations as a
section, the approval block first, and a report in two parts whose Part 2 is never published."""

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.models import Role, SetupChange
from decisions import drafting, publication
from decisions.models import DecisionTemplate, Section
from decisions.pdf import render_public_html
from decisions.signoff import workflow
from decisions.signoff.workflow import Refused
from tests.factories import (
    approve_directly,
    determination_data,
    officer_of,
    page_text,
    signed_in,
)

SECRET = "QXPARTTWO7c41"


@pytest.fixture
def administrator(staffordshire):
    return officer_of(staffordshire, "office.admin", Role.OFFICE_ADMINISTRATOR)


def form_data(sections, initial=0, **form):
    data = {
        "name": "Part 1 and Part 2 decision",
        "heading": "Record of decision",
        "recommendations": "section",
        "approval_first": "on",
        "has_parts": "on",
        "sections-TOTAL_FORMS": str(len(sections)),
        "sections-INITIAL_FORMS": str(initial),
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "40",
    } | form
    for index, section in enumerate(sections):
        for name, value in ({"numbered": "on"} | section).items():
            data[f"sections-{index}-{name}"] = value
    return {key: value for key, value in data.items() if value is not None}


TWO_PARTS = [
    {"heading": "Recommendations", "key": "recommendations"},
    {"heading": "Background"},
    {"heading": "Commercial terms", "in_part_two": "on", "guidance": "Prices and bids."},
]


@pytest.fixture
def two_part_form(staffordshire, administrator):
    response = signed_in(administrator).post(
        reverse("office_setup:add_form", args=["staffordshire"]), form_data(TWO_PARTS)
    )
    assert response.status_code == 302, page_text(response)
    return DecisionTemplate.objects.get(office=staffordshire, name="Part 1 and Part 2 decision")


def test_a_form_in_two_parts_is_added_and_recorded(two_part_form, staffordshire):
    assert two_part_form.has_parts and two_part_form.approval_first
    assert two_part_form.recommendations == DecisionTemplate.Recommendations.SECTION
    assert [(s.key, s.in_part_two) for s in two_part_form.sections.all()] == [
        ("recommendations", False),
        ("background", False),
        ("commercial-terms", True),
    ]
    assert staffordshire.templates.get(is_default=True).name == "Decision Note"
    change = SetupChange.objects.get(office=staffordshire)
    assert change.what == "Form added: Part 1 and Part 2 decision"
    assert change.changes[-1] == [
        "Sections",
        "",
        "Recommendations; Background; Commercial terms (Part 2)",
    ]


@pytest.mark.parametrize(
    ("sections", "form", "message"),
    [
        (
            [{"heading": "Background", "in_part_two": "on"}],
            {"has_parts": None, "recommendations": "list"},
            "Only a form in two parts has a Part 2",
        ),
        ([{"heading": "Background"}], {"has_parts": None}, "need a section whose key is"),
        (
            [{"heading": "Background"}, {"heading": "Background"}],
            {"has_parts": None, "recommendations": "list"},
            "Another section already has the key",
        ),
        (
            [{"heading": "Recommendations", "key": "recommendations"}],
            {},
            "A form in two parts needs a section in Part 2",
        ),
        ([], {"recommendations": "list", "has_parts": None}, "A form needs at least one section"),
    ],
)
def test_a_form_the_record_could_not_follow_is_refused(
    staffordshire, administrator, sections, form, message
):
    response = signed_in(administrator).post(
        reverse("office_setup:add_form", args=["staffordshire"]),
        form_data(sections, name="Odd form", **form),
    )
    assert response.status_code == 200
    assert message in page_text(response).replace("&#x27;", "'")
    assert not DecisionTemplate.objects.filter(name="Odd form").exists()


def test_part_two_is_never_published_and_the_approval_comes_first(
    two_part_form, staffordshire, team
):
    note = drafting.start_note(
        staffordshire, two_part_form, "Victims' hub contract", team["officer"]
    )
    sections = {s.key: s for s in note.sections.all()}
    assert sections["commercial-terms"].is_confidential and sections["commercial-terms"].in_part_two

    # Not ready until the recommendations section is written, whatever the list holds.
    note.summary = "<p>Award the victims' hub contract.</p>"
    note.save()
    with pytest.raises(Refused, match="its recommendations section written"):
        workflow.submit(note, team["officer"])

    Section.objects.filter(pk=sections["recommendations"].pk).update(
        body="<p>Approve the award.</p>"
    )
    Section.objects.filter(pk=sections["commercial-terms"].pk).update(
        body=f"<p>The winning bid was {SECRET}.</p>", exemption="s43"
    )
    # The drafter cannot untick Part 2's confidentiality.
    from decisions.drafting.forms import SectionForm

    form = SectionForm(
        {"body": "<p>x</p>", "is_confidential": "", "exemption": "s43"},
        instance=Section.objects.get(pk=sections["commercial-terms"].pk),
    )
    assert form.is_valid() and form.cleaned_data["is_confidential"] is True

    approved = approve_directly(note, reference="SCP/D/202627/050", rationale="Best value.")
    # Nor can the publication determination publish it.
    publication.determine(approved, team["monitoring_officer"], **determination_data())
    part_two = Section.objects.get(pk=sections["commercial-terms"].pk)
    assert part_two.is_confidential and part_two.exemption == "s43"

    copy = publication.publish(approved, team["monitoring_officer"])
    page = Client().get(copy.get_absolute_url()).content.decode()
    record = render_public_html(copy.content)
    for printed in (page, record, str(copy.content), copy.search_text):
        assert SECRET not in printed
    for printed in (page_text(Client().get(copy.get_absolute_url())), " ".join(record.split())):
        assert "Report – Part 1" in printed
        assert "Report – Part 2: exempt information, not for publication" in printed
        assert "Commercial terms" in printed
        assert printed.index("Decision and sign-off") < printed.index("Report – Part 1")


def test_the_header_facts_a_form_prints_and_a_blank_one_prints_nothing(
    two_part_form, staffordshire, team, administrator
):
    response = signed_in(administrator).post(
        reverse("office_setup:form", args=["staffordshire", two_part_form.pk]),
        form_data(TWO_PARTS, initial=3)
        | {"header_facts": ["report_by", "enquiries_to", "subject"]},
    )
    assert response.status_code == 302, page_text(response)
    two_part_form.refresh_from_db()
    assert two_part_form.header_facts == ["report_by", "enquiries_to", "subject"]
    change = SetupChange.objects.filter(what__startswith="Form changed").get()
    assert change.changes == [["Facts at the head", "(none)", "Report by, Enquiries to, Subject"]]

    from decisions.drafting.forms import DecisionDetailsForm

    note = drafting.start_note(staffordshire, two_part_form, "Hub contract", team["officer"])
    fields = DecisionDetailsForm(instance=note, office=staffordshire).fields
    assert {"report_by", "enquiries_to", "subject"} <= set(fields)
    assert "area_affected" not in fields and "classification" not in fields

    note.report_by = "Director of Commissioning"
    note.subject = "Victims' services"
    note.save()
    approved = approve_directly(note, reference="SCP/D/202627/051", rationale="Best value.")
    publication.determine(approved, team["monitoring_officer"], **determination_data())
    copy = publication.publish(approved, team["monitoring_officer"])
    for printed in (
        page_text(Client().get(copy.get_absolute_url())),
        " ".join(render_public_html(copy.content).split()),
    ):
        assert "Report by Director of Commissioning" in printed.replace("</th><td>", " ")
        assert "Subject Victims" in printed.replace("</th><td>", " ")
        assert "Enquiries to" not in printed
