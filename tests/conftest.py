import socket

import pytest

from commissioning.models import Office
from contracts.models import Contract
from decisions import pdf
from decisions.seed.loader import load_seed_records


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the five seed records, loaded once per run."""
    with django_db_blocker.unblock():
        load_seed_records()


@pytest.fixture
def staffordshire(db) -> Office:
    return Office.objects.get(slug="staffordshire")


@pytest.fixture
def warwickshire(db) -> Office:
    return Office.objects.get(slug="warwickshire")


@pytest.fixture
def leicestershire(db) -> Office:
    return Office.objects.get(slug="leicestershire")


@pytest.fixture
def pads(db) -> Contract:
    """The regional PADS contract of seed 000, awarded 1 July 2023."""
    return Contract.objects.get(title="Regional Pre-Arrest Drugs Diversion Scheme (PADS)")


@pytest.fixture
def pads_direct_award(pads) -> Contract:
    return pads.successors.get()


@pytest.fixture
def smts(db) -> Contract:
    return Contract.objects.get(title__startswith="Substance Misuse Treatment Service")


def pytest_collection_modifyitems(items):
    """Most tests read the seed records, so every test may use the test database (marked at
    collection, so pytest-django always sets it up and never touches a real one). Browser tests
    need a transactional database instead, and flush it when they finish, so they run last."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "live_server" not in fixtures and "transactional_db" not in fixtures:
            item.add_marker(pytest.mark.django_db)
    items.sort(
        key=lambda item: (
            item.get_closest_marker("browser") is not None
            or "transactional_db" in getattr(item, "fixturenames", ())
        )
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Files stored during a test (appendices, published PDFs) go to a folder of its own, and
    nothing cached by one test (the register's filter options) is seen by the next."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    cache.clear()


@pytest.fixture(autouse=True)
def force_login_passes_the_second_step(monkeypatch):
    """Tests sign in with `client.force_login(user)` (and factories.signed_in) to test what
    comes after signing in. For a user who needs two-factor, signing in for real is two steps:
    the password, then a code from their authenticator app. So after logging the user in, this
    gives them a confirmed TOTP device (if they have none) and marks the session as verified
    with it: django_otp keeps the device's persistent_id in the session under
    DEVICE_ID_SESSION_KEY, exactly as the code page does on a right code. The second step
    itself is tested through the pages in tests/commissioning/test_two_factor.py."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from commissioning import two_factor

    sign_in_with_password = Client.force_login

    def force_login(self, user, backend=None):
        sign_in_with_password(self, user, backend)
        if two_factor.needs_two_factor(user) or two_factor.has_two_factor(user):
            device = two_factor.app_device(user) or TOTPDevice.objects.create(
                user=user, name=two_factor.APP_DEVICE_NAME, confirmed=True
            )
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def no_network(monkeypatch):
    """Fails any attempt to open a network connection, and records it."""
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError(f"The test refused a connection to {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: refuse(None, address))
    return attempts


@pytest.fixture
def fetches(monkeypatch):
    """Every URL WeasyPrint asks for, with what the fetcher made of it."""
    asked: list[tuple[str, str]] = []
    resolve = pdf.static_file_url

    def recording(url):
        try:
            resolved = resolve(url)
        except ValueError:
            asked.append((url, "refused"))
            raise
        asked.append((url, resolved))
        return resolved

    monkeypatch.setattr(pdf, "static_file_url", recording)
    return asked
