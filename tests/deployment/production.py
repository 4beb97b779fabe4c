"""The environment of a production server, for tests that start the product in a subprocess
as a deployment would (DEBUG off, the settings read only from the environment)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.db import OperationalError

ROOT = Path(__file__).resolve().parents[2]

SECRET_KEY = "a-long-random-production-secret-key-for-the-deployment-tests-0123456789"
AUDIT_HMAC_KEYS = "deploy-tests:an-audit-key-for-the-deployment-tests-only-0123456789"


def production_env(**overrides) -> dict[str, str]:
    # The checkout's .env (DEBUG=true) never overrides a variable that is set, so setting DEBUG
    # here is enough to keep it out; anything of ours inherited from the caller goes.
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DJANGO_", "DEBUG", "DATABASE_", "TEST_DATABASE", "SECURE_", "AUDIT_")
        )
        and key not in {"VAR_DIR", "MEDIA_ROOT", "STATIC_ROOT", "LOG_LEVEL", "LOG_FORMAT"}
    }
    return {
        **inherited,
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "AUDIT_HMAC_KEYS": AUDIT_HMAC_KEYS,
        "ALLOWED_HOSTS": "127.0.0.1,decisions.example.org",
        "EMAIL_HOST": "smtp.example.org",
        "SECURE_HSTS_PRELOAD": "true",
        "LOG_LEVEL": "INFO",
        **overrides,
    }


def run_manage(*args, env: dict[str, str], timeout=180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def production_settings(names: list[str], env: dict[str, str]) -> dict:
    """The values these settings take in a production process."""
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}, default=str))"
    )
    result = run_manage("shell", "--no-imports", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


class DatabaseThatDoesNotAnswer:
    def cursor(self):
        raise OperationalError(
            'connection to server at "10.0.0.5", port 5432 failed: password authentication '
            'failed for user "decisions"'
        )
