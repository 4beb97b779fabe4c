"""Browser tests: Playwright driving Debian's Chromium against the live test server.

Playwright cannot download its own browsers here, so the tests use /usr/bin/chromium, which
`make test` installs with apt where missing. Without it the tests are skipped with a reason,
except under CI=true, where a missing browser fails the run.
"""

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Error as PlaywrightError

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


# The Nu HTML Checker (vnu-jar from npm, on the machine's Java), run as a local web service once
# per test process so that each page costs a request, not a Java start.
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
_nu_checker: dict = {}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session", autouse=True)
def nu_checker():
    """Starts the Nu checker for the session's browser tests (not for other tests)."""
    if not VNU.exists() or shutil.which("java") is None:
        reason = "the Nu checker needs node_modules/vnu-jar (npm ci) and Java"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; it cannot be skipped under CI")
        yield None
        return
    port = _free_port()
    process = subprocess.Popen(
        ["java", "-Xss8m", "-cp", str(VNU), "nu.validator.servlet.Main", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _nu_checker["url"] = f"http://127.0.0.1:{port}/?out=json"
    _nu_checker["ready"] = False
    _nu_checker["process"] = process
    yield _nu_checker
    process.terminate()
    process.wait(timeout=20)
    _nu_checker.clear()


def _nu_messages(html: str) -> list[dict]:
    request = urllib.request.Request(
        _nu_checker["url"],
        data=html.encode(),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    deadline = time.monotonic() + (0 if _nu_checker["ready"] else 60)
    while True:
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                _nu_checker["ready"] = True
                return json.loads(response.read())["messages"]
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def settled(page, attempts: int = 5) -> None:
    """Wait for the page a click may still be loading. A link's click returns before the next
    page has loaded, so a script run at once can meet the page that is leaving (no document,
    or its context destroyed mid-run); then wait for the load and run it again."""
    for attempt in range(attempts):
        page.wait_for_load_state("load")
        try:
            if page.evaluate("() => document.documentElement !== null"):
                return
        except PlaywrightError:
            if attempt == attempts - 1:
                raise
        time.sleep(0.2)


def assert_valid_html(page) -> None:
    """No error from the Nu HTML Checker in the page as it stands (its markup with what GOV.UK
    Frontend's scripts added; a page shown after a POST is checked as shown)."""
    if "url" not in _nu_checker:
        return
    settled(page)
    # axe-core, once injected by an earlier check of the same page, is no part of the page.
    html = "<!DOCTYPE html>\n" + page.evaluate(
        """() => {
            const root = document.documentElement.cloneNode(true);
            root.querySelectorAll("script:not([src])").forEach((script) => {
                if (script.textContent.includes("axe.run") || script.textContent.length > 50000)
                    script.remove();
            });
            return root.outerHTML;
        }"""
    )
    errors = [
        f"line {m.get('lastLine')}: {m['message']} — {m.get('extract', '').strip()[:120]}"
        for m in _nu_messages(html)
        if m.get("type") == "error"
    ]
    assert not errors, f"{page.url}\n" + "\n".join(errors)


def assert_accessible(page) -> None:
    """No axe-core violation of serious or critical impact on the page as it stands, and no
    Nu HTML Checker error in its markup."""
    assert_valid_html(page)
    settled(page)
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document)")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)


def at_both_widths(page, name: str) -> None:
    """Screenshots of the page at 1280 and 320 px wide (`name`, `name-320`), failing if at 320
    the page scrolls sideways; the page is left at 1280."""
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, name)
    page.set_viewport_size({"width": 320, "height": 640})
    screenshot(page, f"{name}-320")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.set_viewport_size({"width": 1280, "height": 900})


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
