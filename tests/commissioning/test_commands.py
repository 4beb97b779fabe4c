from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.test import override_settings

from commissioning.models import Person, RoleAssignment

OUR_APPS = ("commissioning", "contracts", "decisions")


def snapshot() -> dict:
    """Every row of the product's own tables, as plain values."""
    rows = {}
    for app in OUR_APPS:
        for model in apps.get_app_config(app).get_models():
            rows[model._meta.label] = sorted(
                (repr(sorted(model_to_dict(obj).items())) for obj in model.objects.all()),
            )
    return rows


def test_loading_the_seed_records_again_changes_nothing():
    before = snapshot()
    out = StringIO()
    call_command("load_seed_records", stdout=out)
    assert snapshot() == before
    assert "3 offices, 13 organisations, 8 contracts, 5 decisions" in out.getvalue()


def test_the_seed_records_hold_every_section_of_the_five_decisions():
    from decisions.models import Decision

    sections = {d.reference: d.sections.count() for d in Decision.objects.all()}
    assert sections == {
        "SCP/D/202425/003": 7,
        "WPCC4-0004": 9,
        "WPCC4-0014": 9,
        "WPCC3-0058": 9,
        "EXE0001/tb": 0,
    }


def test_demo_users_need_debug():
    with pytest.raises(CommandError, match="only created with DEBUG on"):
        call_command("create_demo_users", stdout=StringIO())


@override_settings(DEBUG=True)
def test_demo_users_get_a_role_in_each_office_and_can_be_created_twice():
    out = StringIO()
    call_command("create_demo_users", stdout=out)
    call_command("create_demo_users", stdout=StringIO())
    User = get_user_model()
    assert User.objects.filter(username__endswith=".officer").count() == 3
    officer = Person.objects.get(user__username="staffordshire.officer")
    assert officer.roles.get().role == "drafting_officer"
    assert (
        RoleAssignment.objects.filter(person__user__isnull=False).count() == 21
    )  # seven roles in each of the three offices (the deputy Monitoring Officer stands in)
    assert "staffordshire.decision-maker" in out.getvalue()
    assert User.objects.get(username="admin").check_password("demo-password")


@pytest.mark.parametrize(
    "command",
    [
        ["publish_due"],
        ["send_signoff_reminders"],
        ["rebuild_pdfs", "--missing", "--reference", "WPCC4-0004"],
    ],
    ids=lambda command: command[0],
)
def test_the_scheduled_commands_print_nothing_at_verbosity_0(command):
    # Cron mails MAILTO whatever a command prints; a routine run must give it nothing.
    out = StringIO()
    call_command(*command, verbosity=0, stdout=out)
    assert out.getvalue() == ""
    if command[0] == "rebuild_pdfs":
        from decisions.models import PublishedCopy

        assert PublishedCopy.objects.get(reference="WPCC4-0004", is_current=True).pdf
