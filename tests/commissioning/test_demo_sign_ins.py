"""What an evaluator is told on a fresh machine: every demo sign-in, the address to sign in at
(the one `make run` serves), and the second step through the project's own interpreter (a bare
`python manage.py` is the system's Python, which has no Django)."""

import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse

from commissioning import two_factor
from commissioning.management.commands.create_demo_users import DEMO_ROLES
from commissioning.models import Office, RoleAssignment
from tests.factories import officer_of, sign_in

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def demo_usernames() -> list[str]:
    return ["admin"] + [
        f"{office.slug}.{suffix}"
        for office in Office.objects.order_by("name")
        for suffix, _, _ in DEMO_ROLES
    ]


@override_settings(DEBUG=True, SITE_URL="http://127.0.0.1:8100/")
def test_the_demo_sign_ins_are_listed_with_where_to_sign_in_and_how_to_get_a_code():
    out = StringIO()
    call_command("create_demo_users", stdout=out)
    printed = out.getvalue()
    assert "Demo sign-ins at http://127.0.0.1:8100/sign-in/ (password for all: demo-password)" in (
        printed
    )
    for username in demo_usernames():
        assert re.search(rf"^  {re.escape(username)} ", printed, re.M), username
    assert "staffordshire.legal" in printed
    # The deputy Monitoring Officer signs only when named to cover (decisions.signoff.cover).
    deputy = RoleAssignment.objects.get(
        person__user__username="staffordshire.deputy-monitoring-officer"
    )
    assert deputy.stands_in and deputy.role == "monitoring_officer"
    assert "  .venv/bin/python manage.py demo_code <username>" in printed
    assert not re.search(r"(?<!/)python manage.py", printed)


def test_the_readme_names_every_demo_sign_in_and_the_projects_interpreter():
    for username in demo_usernames():
        assert f"`{username}`" in README, username
    assert ".venv/bin/python manage.py demo_code" in README
    assert not re.search(r"(?<![/\w])python manage\.py demo_code", README)


@override_settings(DEBUG=True)
def test_an_invited_signer_setting_up_two_factor_gets_the_code_of_the_app_being_set_up(
    staffordshire,
):
    signer = officer_of(staffordshire, "new.treasurer", "chief_finance_officer")
    with pytest.raises(CommandError, match="Sign in as them first"):
        call_command("demo_code", "new.treasurer", stdout=StringIO(), stderr=StringIO())

    client = Client()
    assert sign_in(client, "new.treasurer").url.startswith(reverse("two_factor_setup"))
    page = client.get(reverse("two_factor_setup"))
    assert ".venv/bin/python manage.py demo_code new.treasurer" in page.content.decode()
    code = StringIO()
    call_command("demo_code", "new.treasurer", stdout=code, stderr=StringIO())
    response = client.post(reverse("two_factor_setup"), {"code": code.getvalue().strip()})
    assert response.status_code == 302, response.content.decode()
    assert two_factor.has_two_factor(signer)


@override_settings(DEBUG=True)
def test_the_code_page_of_a_demonstration_copy_names_the_projects_interpreter(staffordshire):
    call_command("create_demo_users", stdout=StringIO())
    client = Client()
    sign_in(client, "staffordshire.finance")
    page = client.get(reverse("verify_code")).content.decode()
    assert ".venv/bin/python manage.py demo_code staffordshire.finance" in page


def make_run_dry(*arguments: str, **environment: str) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(ROOT), **environment}
    return subprocess.run(
        ["make", "--no-print-directory", "-n", "run", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_make_run_links_e_mails_to_the_address_it_serves():
    if re.search(r"^\s*(SITE_URL|ALLOWED_HOSTS)\s*=", _dotenv(), re.M):
        pytest.skip("this checkout's .env sets SITE_URL or ALLOWED_HOSTS")
    served = make_run_dry("PORT=8123")
    assert "SITE_URL='http://127.0.0.1:8123'" in served
    assert "runserver 127.0.0.1:8123" in served

    everywhere = make_run_dry("HOST=0.0.0.0", "PORT=8124")
    assert "SITE_URL='http://localhost:8124'" in everywhere
    assert "runserver 0.0.0.0:8124" in everywhere

    named = make_run_dry(SITE_URL="http://decisions.test:9000")
    assert "SITE_URL='http://decisions.test:9000'" in named
    assert re.search(r"ALLOWED_HOSTS='[^']*\bdecisions\.test\b", named)


def _dotenv() -> str:
    path = ROOT / ".env"
    return path.read_text(encoding="utf-8") if path.exists() else ""
