"""Failed sign-ins lock the account, and separately the address, for a while (django-axes)."""

import datetime
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse

from commissioning import throttling
from tests.factories import code_for, enrolled, officer_of, sign_in, signed_in

LIMIT = 5
# In January London keeps Greenwich Mean Time, so the page's clock reads as UTC.
LONDON = datetime.UTC
WORKSPACE = "/workspace/decisions/"


@pytest.fixture
def frozen(time_machine):
    """10am on a winter morning (GMT), so the page's time can be read."""
    time_machine.move_to(datetime.datetime(2025, 1, 15, 10, 0, tzinfo=LONDON), tick=False)


@pytest.fixture
def drafter(staffordshire):
    return officer_of(staffordshire, "pete.scott")


def fail(username: str, ip: str, times: int = 1):
    for _ in range(times):
        response = sign_in(Client(), username, password="wrong", REMOTE_ADDR=ip)
    return response


def is_lockout_page(response) -> bool:
    return response.status_code == 429 and "You cannot sign in at the moment" in (
        response.content.decode()
    )


def test_wrong_passwords_below_the_limit_only_get_the_usual_message(drafter):
    response = fail("pete.scott", "10.0.0.1", LIMIT - 1)
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert sign_in(Client(), "pete.scott", REMOTE_ADDR="10.0.0.1").status_code == 302


def test_an_account_is_locked_whichever_address_the_guesses_come_from(drafter, frozen):
    for n in range(LIMIT - 1):
        assert not is_lockout_page(fail("pete.scott", f"10.0.0.{n}"))
    response = fail("pete.scott", "10.0.0.99")
    assert is_lockout_page(response)

    # Now even the right password, from a new address, is refused, with the page saying why.
    response = sign_in(Client(), "pete.scott", REMOTE_ADDR="10.9.9.9")
    assert is_lockout_page(response)
    html = response.content.decode()
    assert "signing in is paused for 15 minutes" in html
    assert "You can try again after 10:15am." in html
    assert "ask an administrator to unlock your account" in html
    assert '<h1 class="govuk-heading-l">' in html  # the product's own page, not a bare 403

    # Someone else signs in from one of those addresses as usual.
    other = officer_of(drafter.person.roles.get().office, "colleague")
    assert sign_in(Client(), other.username, REMOTE_ADDR="10.0.0.1").status_code == 302


def test_an_address_is_locked_whichever_accounts_it_guesses(drafter, frozen):
    for n in range(LIMIT):
        response = fail(f"guess{n}", "10.6.6.6")
    assert is_lockout_page(response)
    assert is_lockout_page(sign_in(Client(), "pete.scott", REMOTE_ADDR="10.6.6.6"))
    # The account itself is not locked: from elsewhere it signs in.
    assert sign_in(Client(), "pete.scott", REMOTE_ADDR="10.7.7.7").status_code == 302


def test_the_lockout_ends_after_the_cool_off(drafter, time_machine):
    time_machine.move_to(datetime.datetime(2025, 1, 15, 10, 0, tzinfo=LONDON), tick=False)
    fail("pete.scott", "10.0.0.1", LIMIT)
    time_machine.move_to(datetime.datetime(2025, 1, 15, 10, 14, tzinfo=LONDON), tick=False)
    assert is_lockout_page(sign_in(Client(), "pete.scott", REMOTE_ADDR="10.0.0.2"))
    # Trying while locked out did not move the time the page gave.
    time_machine.move_to(datetime.datetime(2025, 1, 15, 10, 16, tzinfo=LONDON), tick=False)
    assert sign_in(Client(), "pete.scott", REMOTE_ADDR="10.0.0.2").status_code == 302


def test_an_administrator_unlocks_an_account_in_the_admin(drafter, frozen):
    fail("pete.scott", "10.0.0.1", LIMIT)
    admin = signed_in(
        get_user_model().objects.create_superuser("root", "root@example.org", "demo-password")
    )
    changelist = reverse("admin:axes_accessattempt_changelist")
    listed = admin.get(changelist, {"q": "pete.scott"})
    assert "Locked Out" in listed.content.decode()
    attempts = list(
        AccessAttempt.objects.filter(username="pete.scott").values_list("pk", flat=True)
    )
    response = admin.post(
        changelist, {"action": "delete_selected", "_selected_action": attempts, "post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="pete.scott").exists()
    assert sign_in(Client(), "pete.scott", REMOTE_ADDR="10.0.0.1").status_code == 302


def test_an_administrator_unlocks_an_account_from_the_command_line(drafter, frozen):
    fail("pete.scott", "10.0.0.1", LIMIT)
    call_command("axes_reset_username", "pete.scott", stdout=StringIO())
    assert sign_in(Client(), "pete.scott", REMOTE_ADDR="10.0.0.1").status_code == 302


def test_wrong_second_factor_codes_count_too_and_sign_the_person_out(staffordshire):
    reviewer = officer_of(staffordshire, "monitoring", "monitoring_officer")
    device, _ = enrolled(reviewer)
    client = Client()
    sign_in(client, "monitoring", REMOTE_ADDR="10.0.0.1")
    for _ in range(LIMIT - 1):
        response = client.post(reverse("verify_code"), {"code": "000000"}, REMOTE_ADDR="10.0.0.1")
        assert response.status_code == 200
        device.refresh_from_db()
        device.throttle_reset()  # not waiting out django-otp's own delay between tries
    response = client.post(reverse("verify_code"), {"code": "000000"}, REMOTE_ADDR="10.0.0.1")
    assert is_lockout_page(response)
    assert "_auth_user_id" not in client.session
    # The codes typed are not kept in the record of attempts.
    assert "000000" not in AccessAttempt.objects.get(username="monitoring").post_data

    # Starting again with the right password and code is refused until the lockout ends.
    assert is_lockout_page(sign_in(Client(), "monitoring", REMOTE_ADDR="10.3.3.3"))


def test_a_right_code_is_refused_once_the_account_is_locked_between_the_steps(staffordshire):
    reviewer = officer_of(staffordshire, "monitoring", "monitoring_officer")
    device, _ = enrolled(reviewer)
    client = Client()
    sign_in(client, "monitoring", REMOTE_ADDR="10.0.0.1")
    fail("monitoring", "10.8.8.8", LIMIT)  # someone else guessing the password meanwhile
    response = client.post(
        reverse("verify_code"), {"code": code_for(device, steps_ahead=1)}, REMOTE_ADDR="10.0.0.1"
    )
    assert is_lockout_page(response)
    assert client.get(WORKSPACE).status_code == 302


def test_the_address_counted_is_remote_addr_unless_behind_a_trusted_proxy(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"
    )
    assert throttling.client_ip(request) == "10.0.0.5"
    settings.TRUSTED_PROXY_COUNT = 1
    assert throttling.client_ip(request) == "203.0.113.9"
    settings.TRUSTED_PROXY_COUNT = 2
    assert throttling.client_ip(request) == "1.2.3.4"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer addresses than proxies: not to be trusted
    assert throttling.client_ip(request) == "10.0.0.5"


def test_a_forged_forwarded_for_header_does_not_escape_the_address_lockout(drafter, frozen):
    for n in range(LIMIT):
        response = sign_in(
            Client(),
            f"guess{n}",
            password="wrong",
            REMOTE_ADDR="10.6.6.6",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert is_lockout_page(response)


def test_wrong_passwords_on_an_account_form_count_as_failed_sign_ins(staffordshire, frozen):
    """Re-entering the password (here for new recovery codes; also for signing and
    publishing) is a sign-in that can be guessed at, so it is counted and locked out alike."""
    reviewer = officer_of(staffordshire, "monitoring", "monitoring_officer")
    enrolled(reviewer)
    client = signed_in(reviewer)
    page = reverse("new_recovery_codes")
    for _ in range(LIMIT - 1):
        response = client.post(page, {"password": "guess"})
        assert "That password is not right" in response.content.decode()
    assert is_lockout_page(client.post(page, {"password": "guess"}))
    assert "_auth_user_id" not in client.session
    assert is_lockout_page(sign_in(Client(), "monitoring", REMOTE_ADDR="10.3.3.3"))


def test_the_right_password_is_refused_on_an_account_form_while_locked(drafter, frozen):
    device, _ = enrolled(drafter)
    client = signed_in(drafter)
    fail("pete.scott", "10.8.8.8", LIMIT)  # someone else guessing the password meanwhile
    response = client.post(reverse("turn_off_two_factor"), {"password": "demo-password"})
    assert is_lockout_page(response)
    device.refresh_from_db()  # two-factor stays on
