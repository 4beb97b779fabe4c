import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from commissioning.env import env_bool, env_int

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_pass_the_deployment_checks(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-key-with-enough-entropy-0123456789",
        AUDIT_HMAC_KEYS="2026:an-audit-key-for-the-settings-test-only-0123456789",
        ALLOWED_HOSTS="decisions.example.org",
        EMAIL_HOST="smtp.example.org",
        SECURE_HSTS_PRELOAD="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="false", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ("", "AUDIT_HMAC_KEYS must be set when DEBUG is off"),
        ("2026:short", "the secret of key '2026' is shorter than 32 characters"),
        (f"2026:{'a' * 40},2026:{'b' * 40}", "names the key '2026' twice"),
        (f":{'a' * 40}", "one entry has no id"),
    ],
)
def test_production_refuses_to_start_without_a_usable_audit_key(keys, message):
    result = run_manage(
        "check",
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-key-with-enough-entropy-0123456789",
        AUDIT_HMAC_KEYS=keys,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_a_bad_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false, not 'maybe'"):
        env_bool("DEBUG")


def test_a_bad_number_fails_loudly(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be a whole number"):
        env_int("EMAIL_PORT", 25)


def test_a_local_env_file_never_overrides_the_real_environment(tmp_path, monkeypatch):
    from commissioning.env import load_dotenv

    env_file = tmp_path / ".env"
    env_file.write_text("# local\nDEBUG=true\nOPCC_TEST_ONLY='from file'\n")
    monkeypatch.setenv("DEBUG", "false")
    monkeypatch.delenv("OPCC_TEST_ONLY", raising=False)
    load_dotenv(env_file)
    assert os.environ["DEBUG"] == "false"
    assert os.environ["OPCC_TEST_ONLY"] == "from file"


def test_a_malformed_env_file_fails_loudly(tmp_path):
    from commissioning.env import load_dotenv

    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG\n")
    with pytest.raises(ImproperlyConfigured, match="line 1: expected KEY=value"):
        load_dotenv(env_file)
