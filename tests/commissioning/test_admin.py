import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.formats import date_format

from tests.factories import decision


@pytest.fixture
def administrator(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(user)
    return user


def registered_models():
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_every_model_has_a_working_admin_list(client, administrator, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200


def test_every_model_of_the_product_is_in_the_admin():
    from django.apps import apps

    ours = {
        model
        for app in ("commissioning", "contracts", "decisions")
        for model in apps.get_app_config(app).get_models()
    }
    through_tables = {m for m in ours if m._meta.auto_created}
    missing = ours - through_tables - set(admin.site._registry)
    # Rows that only make sense inside their parent are edited inline there.
    inline_only = {
        "LeadOfficer",
        "Section",
        "Recommendation",
        "Option",
        "Risk",
        "SignOff",
        "OfficerPresent",
        "Appendix",
        "Condition",
        "DecisionLink",
        "PublicationDetermination",
        "ContributionTable",
        "MoneyLine",  # shown read-only on the decision: changed on the note's money page
        "PrintedFigure",
        "Transcription",
        "ImportItem",
        "TemplateSection",
        "OfficeTerm",
        "ApprovalThreshold",
        "ContractParty",
        "ContractEvent",
        "ContractYearValue",
        "RouteStep",
        "AuditHead",  # the audit chain's end marker: internal, checked by verify_audit
        "RegisterSearchRow",  # the register's search table: kept by the database, an index
    }
    assert {m.__name__ for m in missing} <= inline_only


def test_a_seed_decision_opens_in_the_admin_with_its_status_read_only(client, administrator):
    scp = decision("SCP/D/202425/003")
    response = client.get(reverse("admin:decisions_decision_change", args=[scp.pk]))
    assert response.status_code == 200
    assert b"Approved subject to conditions" in response.content
    assert b'name="status"' not in response.content
    assert "£9,500" in response.content.decode()


def test_the_contract_admin_shows_the_end_worked_out_from_the_history(client, administrator, pads):
    response = client.get(reverse("admin:contracts_contract_changelist"))
    assert date_format(datetime.date(2025, 3, 31)) in response.content.decode()
