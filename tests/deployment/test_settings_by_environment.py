"""What the environment chooses in production: where files are stored, which cache, how mail
is sent; and what a production server refuses to start without."""

import json

import pytest

from tests.deployment.production import production_env, production_settings, run_manage


@pytest.fixture
def env(tmp_path):
    return production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS must be set when DEBUG is off"),
        ("DATABASE_URL", "DATABASE_URL must be set when DEBUG is off"),
        ("AUDIT_HMAC_KEYS", "AUDIT_HMAC_KEYS must be set when DEBUG is off"),
    ],
)
def test_production_refuses_to_start_without(env, missing, message):
    del env[missing]

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert message in result.stderr


def test_media_files_are_on_the_local_disk_by_default(env):
    values = production_settings(["STORAGES", "CACHES"], env)

    assert values["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert values["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")


def test_object_storage_is_a_private_bucket_that_never_overwrites(env):
    env.update(
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="opcc-decisions",
        AWS_S3_ENDPOINT_URL="https://objects.example.org",
        AWS_S3_REGION_NAME="uk-london-1",
        AWS_ACCESS_KEY_ID="AKEXAMPLE",
        AWS_SECRET_ACCESS_KEY="secret-example",
    )
    script = (
        "import json; from django.core.files.storage import storages; s = storages['default']; "
        "print(json.dumps([type(s).__name__, s.bucket_name, s.endpoint_url, s.region_name, "
        "s.default_acl, s.querystring_auth, s.file_overwrite, s.access_key]))"
    )

    result = run_manage("shell", "--no-imports", "-c", script, env=env)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "S3Storage",
        "opcc-decisions",
        "https://objects.example.org",
        "uk-london-1",
        "private",
        False,
        False,
        "AKEXAMPLE",
    ]


def test_object_storage_needs_a_bucket(env):
    env["MEDIA_STORAGE"] = "s3"

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME must be set when MEDIA_STORAGE=s3" in result.stderr


def test_app_servers_can_share_a_cache_in_the_database(env):
    env["CACHE_BACKEND"] = "database"
    created = run_manage("createcachetable", env=env)
    assert created.returncode == 0, created.stderr
    one_server = "from django.core.cache import caches; caches['default'].set('shared', 'yes')"
    another = "from django.core.cache import caches; print(caches['default'].get('shared'))"

    assert run_manage("shell", "--no-imports", "-c", one_server, env=env).returncode == 0
    result = run_manage("shell", "--no-imports", "-c", another, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "yes"


def test_mail_goes_by_smtp_with_implicit_tls_when_asked(env):
    env.update(EMAIL_HOST="smtp.example.org", EMAIL_PORT="465", EMAIL_USE_SSL="true")

    options = production_settings(["MAILERS"], env)["MAILERS"]["default"]

    assert options["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert options["OPTIONS"]["port"] == 465
    assert options["OPTIONS"]["use_ssl"] is True
    assert options["OPTIONS"]["use_tls"] is False


@pytest.mark.parametrize("name", ["MEDIA_STORAGE", "CACHE_BACKEND", "LOG_FORMAT"])
def test_a_misspelt_choice_fails_loudly(env, name):
    env[name] = "redis-please"

    result = run_manage("check", env=env)

    assert result.returncode != 0
    assert f"{name} must be" in result.stderr
