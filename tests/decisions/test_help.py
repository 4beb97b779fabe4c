"""The help pages: one for each task, public, and linked from the pages where the task is done
(the page a note, a step, a publication or an office's set-up is actually worked on)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from commissioning.models import Role
from decisions.help import TOPICS
from decisions.models import Decision
from decisions.signoff import workflow
from tests.factories import (
    decision,
    officer_of,
    page_text,
    ready_note,
    signed_in,
    signing_team,
    walk_to_decision,
)

HELP_PAGES = ["help:index", *(f"help:{topic.name}" for topic in TOPICS)]


def help_url(name: str) -> str:
    return reverse(f"help:{name}")


def links_to(response, name: str) -> bool:
    return f'href="{help_url(name)}"' in response.content.decode()


@pytest.mark.parametrize("name", HELP_PAGES)
def test_each_help_page_is_open_to_anyone(client, staffordshire, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    officer = officer_of(staffordshire, "reader")
    assert signed_in(officer).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", HELP_PAGES)
def test_help_pages_only_show(client, name):
    assert client.post(reverse(name)).status_code == 405


def test_the_index_lists_every_task_with_who_does_it(client):
    text = page_text(client.get(reverse("help:index")))
    for topic in TOPICS:
        assert topic.title in text
        assert topic.who in text
    assert "python manage.py demo_code" not in text  # DEBUG is off: no demonstration hints


def test_a_demonstration_copy_says_how_to_sign_in(client, settings):
    settings.DEBUG = True
    text = page_text(client.get(reverse("help:index")))
    assert "demo-password" in text
    assert ".venv/bin/python manage.py demo_code" in text


def test_each_task_page_says_who_what_first_the_steps_what_next_and_problems(client):
    for topic in TOPICS:
        text = page_text(client.get(help_url(topic.name)))
        for heading in (
            "Who does this",
            "Before you start",
            "Steps",
            "What happens next",
            "Common problems",
        ):
            assert heading in text, f"{topic.name}: {heading}"


def test_every_page_links_to_help_from_its_footer(client):
    assert links_to(client.get("/"), "index")
    assert links_to(client.get(reverse("public:register")), "index")


def test_drafting_help_is_linked_from_the_pages_a_note_is_written_on(staffordshire):
    drafter = officer_of(staffordshire, "drafter")
    note = ready_note(staffordshire, drafter)
    client = signed_in(drafter)
    section = note.sections.first()
    for url in (
        reverse("decisions:create"),
        reverse("decisions:detail", args=[note.pk]),
        reverse("decisions:edit_details", args=[note.pk]),
        reverse("decisions:edit_whole", args=[note.pk]),
        reverse("decisions:edit_section", args=[note.pk, section.key]),
        reverse("decisions:sign_off", args=[note.pk]),  # where it is submitted
    ):
        assert links_to(client.get(url), "drafting"), url


def test_signing_and_deciding_help_are_linked_from_the_sign_off_page(staffordshire):
    team = signing_team(staffordshire)
    note = workflow.submit(ready_note(staffordshire, team["officer"]), team["officer"])
    response = signed_in(team["chief_executive"]).get(reverse("decisions:sign_off", args=[note.pk]))
    assert 'value="Sign: Chief Executive"' in response.content.decode()
    assert links_to(response, "signing")

    note = walk_to_decision(note, team)
    assert note.status == Decision.Status.AWAITING_DECISION
    response = signed_in(team["commissioner"]).get(reverse("decisions:sign_off", args=[note.pk]))
    assert 'value="Record the decision"' in response.content.decode()
    assert links_to(response, "deciding")


def test_publication_help_is_linked_from_the_publication_page(staffordshire):
    publisher = officer_of(staffordshire, "publisher", Role.MONITORING_OFFICER)
    seed = decision("SCP/D/202425/003")
    response = signed_in(publisher).get(reverse("decisions:publication", args=[seed.pk]))
    assert "Publish a correction" in page_text(response)
    assert links_to(response, "publishing")


def test_help_with_a_decision_already_taken_is_linked_from_its_pages(staffordshire):
    officer = officer_of(staffordshire, "archivist")
    client = signed_in(officer)
    seed = decision("SCP/D/202425/003")  # brought in as a transcription of its record
    for url in (
        reverse("decisions:record_taken"),
        reverse("decisions:import"),
        reverse("decisions:transcription", args=[seed.pk]),
        reverse("decisions:transcription_signers", args=[seed.pk]),
        reverse("decisions:detail", args=[seed.pk]),
    ):
        assert links_to(client.get(url), "record_taken"), url


def test_set_up_help_is_linked_from_the_set_up_pages(staffordshire):
    administrator = officer_of(staffordshire, "set.up", Role.OFFICE_ADMINISTRATOR)
    client = signed_in(administrator)
    for name in ("office", "details", "scheme", "thresholds", "routes", "people", "forms"):
        url = reverse(f"office_setup:{name}", args=[staffordshire.slug])
        assert links_to(client.get(url), "office_setup"), url
    route = staffordshire.routes.first()
    assert links_to(
        client.get(reverse("office_setup:route", args=[staffordshire.slug, route.pk])),
        "office_setup",
    )
    staff = get_user_model().objects.create_user("installer", password="x", is_staff=True)
    for url in (reverse("office_setup:index"), reverse("office_setup:create")):
        assert links_to(signed_in(staff).get(url), "office_setup"), url


def test_help_in_the_middle_of_a_form_opens_in_a_new_tab_and_says_so(staffordshire):
    drafter = officer_of(staffordshire, "drafter")
    html = signed_in(drafter).get(reverse("decisions:create")).content.decode()
    assert (
        f'<a class="govuk-link" href="{help_url("drafting")}" target="_blank" '
        'rel="noreferrer noopener">Help with drafting a note (opens in new tab)</a>'
    ) in html
