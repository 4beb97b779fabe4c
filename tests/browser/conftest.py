"""Browser tests: Playwright driving Debian's Chromium against the live test server.

Playwright cannot download its own browsers here, so the tests use /usr/bin/chromium, which
`make test` installs with apt where missing. Without it the tests are skipped with a reason,
except under CI=true, where a missing browser fails the run.
"""

import os
import shutil
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from commissioning import two_factor
from decisions.seed.loader import load_seed_records

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        reason = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; browser tests cannot be skipped under CI")
        pytest.skip(reason)
    # pytest-django's live server and Playwright's sync API share the thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, transactional_db):
    """The live server holding the seed records (transactional tests start from empty)."""
    load_seed_records()
    return live_server


@pytest.fixture
def page(browser, site):
    # axe-core is injected as a script, which the Content Security Policy would block.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def assert_accessible(page) -> None:
    """No axe-core violation of serious or critical impact on the page as it stands."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document)")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, site, username, password="demo-password"):
    """Signs in through the form. Someone who needs two-factor has an authenticator app (one
    is set up for them if they have none, as tests/conftest.py does for force_login), and the
    second step is completed with the code the app would show."""
    user = get_user_model().objects.filter(username=username).first()
    if user is not None and two_factor.needs_two_factor(user) and not two_factor.app_device(user):
        TOTPDevice.objects.create(user=user, name=two_factor.APP_DEVICE_NAME, confirmed=True)
    page.goto(site.url)
    page.get_by_role("link", name="Sign in", exact=True).click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/sign-in/code/" in page.url:
        page.get_by_label("Code", exact=True).fill(authenticator_code(user))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


def authenticator_code(user) -> str:
    """The code the user's authenticator app shows now, computed from the device's key. A code
    is accepted once only, so for a second sign-in within the same 30 seconds this gives the
    next one (the device accepts one step ahead), waiting if even that has been used."""
    device = two_factor.app_device(user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    while device.last_t > totp.t():
        time.sleep(1)
    step = max(totp.t(), device.last_t + 1)
    totp.time = device.t0 + (step - device.drift) * device.step
    return f"{totp.token():06d}"
