"""Two-factor sign-in: required for everyone who signs or publishes, optional for drafters."""

import datetime
import re
import time
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from commissioning import reauth, two_factor
from commissioning.admin_site import VerifiedAdminSite
from commissioning.models import Person, RoleAssignment
from decisions.models import RouteStep
from tests.factories import code_for, enrolled, officer_of, sign_in, signed_in

WORKSPACE = "/workspace/decisions/"


@pytest.fixture
def reviewer(staffordshire):
    return officer_of(staffordshire, "monitoring", "monitoring_officer")


@pytest.fixture
def drafter(staffordshire):
    return officer_of(staffordshire, "pete.scott")


# Who needs it


def test_everyone_who_can_sign_or_publish_needs_two_factor(staffordshire):
    User = get_user_model()
    assert not two_factor.needs_two_factor(officer_of(staffordshire, "drafter"))
    for role in ("chief_executive", "monitoring_officer", "decision_maker", "delegate"):
        assert two_factor.needs_two_factor(officer_of(staffordshire, role, role)), role
    assert two_factor.needs_two_factor(User.objects.create_user("staff", is_staff=True))
    assert two_factor.needs_two_factor(User.objects.create_superuser("root", "r@example.org"))
    assert not two_factor.needs_two_factor(User.objects.create_user("public"))


def test_a_role_that_has_ended_no_longer_needs_two_factor(staffordshire):
    former = officer_of(staffordshire, "former.reviewer", "legal_adviser")
    RoleAssignment.objects.filter(person__user=former).update(
        starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2021, 1, 1)
    )
    assert not two_factor.needs_two_factor(former)


def test_a_drafter_named_in_a_route_step_or_as_publisher_needs_two_factor(
    staffordshire, warwickshire
):
    drafter = officer_of(staffordshire, "drafter")
    step = RouteStep.objects.filter(route__office=staffordshire).first()
    step.alternative_role = "drafting_officer"
    step.save()
    assert two_factor.needs_two_factor(drafter)

    publisher = officer_of(warwickshire, "warks.drafter")
    assert not two_factor.needs_two_factor(publisher)
    warwickshire.publication_role = "drafting_officer"
    warwickshire.save()
    assert two_factor.needs_two_factor(publisher)


# Setting it up


def test_a_signer_is_taken_through_set_up_before_the_workspace(reviewer):
    client = Client()
    response = sign_in(client, "monitoring", next_url=WORKSPACE)
    setup = reverse("two_factor_setup")
    assert response.url == f"{setup}?next=%2Fworkspace%2Fdecisions%2F"

    # Signed in with a password only, no private page opens until two-factor is set up.
    for url in ("/", WORKSPACE, "/workspace/contracts/", reverse("account"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(setup), url

    page = client.get(response.url)
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html  # the QR code, allowed by the CSP's img-src
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    key = "".join(page.context["key_groups"])
    assert " ".join(page.context["key_groups"]) in html
    assert f"secret={key}" in device.config_url

    wrong = client.post(setup, {"code": "000000", "next": WORKSPACE})
    assert "That code is not right" in wrong.content.decode()
    time.sleep(1.1)  # django-otp holds back the next try for a second after a wrong code

    response = client.post(setup, {"code": code_for(device), "next": WORKSPACE})
    assert response.status_code == 302
    assert response.url.startswith(reverse("recovery_codes"))
    codes_page = client.get(response.url)
    codes = codes_page.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    html = codes_page.content.decode()
    assert all(code in html for code in codes)
    assert "This is the only time you will see these codes" in html
    assert f'href="{WORKSPACE}"' in html
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=reviewer).values_list("token", flat=True)
    )

    # Shown once only.
    again = client.get(reverse("recovery_codes")).content.decode()
    assert not any(code in again for code in codes)
    assert "You have 10 recovery codes left" in again

    # The second step is done: the workspace opens, and signing needs no password yet.
    assert client.get(WORKSPACE).status_code == 200
    assert TOTPDevice.objects.get(user=reviewer).confirmed
    assert reauth.SESSION_KEY in client.session


def test_set_up_is_not_open_to_someone_who_has_it_on_but_has_not_entered_a_code(reviewer):
    """Otherwise a stolen password could add the thief's phone."""
    enrolled(reviewer)
    client = Client()
    sign_in(client, "monitoring")
    response = client.get(reverse("two_factor_setup"))
    assert response.url == reverse("verify_code")
    assert TOTPDevice.objects.filter(user=reviewer).count() == 1


def test_a_drafter_may_sign_in_with_a_password_alone(drafter):
    client = Client()
    response = sign_in(client, "pete.scott", next_url=WORKSPACE)
    assert response.url == WORKSPACE
    assert client.get(WORKSPACE).status_code == 200
    account = client.get(reverse("account")).content.decode()
    assert re.search(r'id="two-factor-status">Off<', account)
    assert "Turn on two-factor authentication" in account


def test_a_drafter_may_turn_it_on_and_then_must_use_it_then_turn_it_off(drafter):
    client = signed_in(drafter)
    setup = client.get(reverse("two_factor_setup"))
    assert setup.status_code == 200
    device = TOTPDevice.objects.get(user=drafter)
    client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert two_factor.has_two_factor(drafter)

    # Once on, a drafter's sign-in asks for the code too.
    other = Client()
    response = sign_in(other, "pete.scott", next_url=WORKSPACE)
    assert response.url.startswith(reverse("verify_code"))
    assert other.get(WORKSPACE).status_code == 302

    turn_off = reverse("turn_off_two_factor")
    assert "Enter your password" in client.post(turn_off, {}).content.decode()
    wrong = client.post(turn_off, {"password": "not-it"})
    assert "That password is not right" in wrong.content.decode()
    assert two_factor.has_two_factor(drafter)
    response = client.post(turn_off, {"password": "demo-password"})
    assert response.url == reverse("account")
    assert not TOTPDevice.objects.filter(user=drafter).exists()
    assert not StaticToken.objects.filter(device__user=drafter).exists()


def test_a_signer_cannot_turn_it_off(reviewer):
    enrolled(reviewer)
    client = signed_in(reviewer)
    assert client.get(reverse("turn_off_two_factor")).status_code == 403
    response = client.post(reverse("turn_off_two_factor"), {"password": "demo-password"})
    assert response.status_code == 403
    assert two_factor.has_two_factor(reviewer)
    assert "Turn off" not in client.get(reverse("account")).content.decode()


# Signing in with it


def test_a_signer_with_an_app_enters_its_code(reviewer):
    device, _ = enrolled(reviewer)
    client = Client()
    response = sign_in(client, "monitoring", next_url=WORKSPACE)
    assert response.url == f"{reverse('verify_code')}?next=%2Fworkspace%2Fdecisions%2F"
    assert client.get(WORKSPACE).status_code == 302
    page = client.get(response.url)
    assert "Enter your code" in page.content.decode()

    response = client.post(
        reverse("verify_code"), {"code": code_for(device, steps_ahead=1), "next": WORKSPACE}
    )
    assert response.url == WORKSPACE
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(WORKSPACE).status_code == 200


def test_the_session_key_changes_when_the_code_is_accepted(reviewer, settings):
    """Someone who learnt the session's key between the two steps (a shared computer, a key
    fixed in advance) does not hold the verified session."""
    device, _ = enrolled(reviewer)
    client = Client()
    sign_in(client, "monitoring")
    half_signed_in = client.session.session_key
    response = client.post(reverse("verify_code"), {"code": code_for(device, steps_ahead=1)})
    assert response.status_code == 302
    assert client.session.session_key != half_signed_in
    assert client.get(WORKSPACE).status_code == 200

    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = half_signed_in
    assert other.get(WORKSPACE).status_code == 302


def test_the_session_key_changes_when_two_factor_is_set_up(reviewer):
    client = Client()
    sign_in(client, "monitoring")
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200
    half_signed_in = client.session.session_key
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    response = client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert response.status_code == 302
    assert client.session.session_key != half_signed_in
    # The recovery codes, kept in the session for the next page, survive the change of key.
    assert len(client.get(response.url).context["codes"]) == 10


def test_a_recovery_code_works_once(reviewer):
    _, codes = enrolled(reviewer)
    client = Client()
    sign_in(client, "monitoring")
    # Typed as people do, with a space and in capitals.
    typed = f"{codes[3][:4]} {codes[3][4:]}".upper()
    response = client.post(reverse("verify_code"), {"code": typed}, follow=True)
    assert response.redirect_chain[0][0] == "/"
    assert "You used a recovery code. It will not work again. You have 9 left" in (
        response.content.decode()
    )
    assert client.get(WORKSPACE).status_code == 200

    again = Client()
    sign_in(again, "monitoring")
    response = again.post(reverse("verify_code"), {"code": codes[3]})
    assert "That code is not right" in response.content.decode()
    assert again.get(WORKSPACE).status_code == 302
    assert two_factor.recovery_codes_left(reviewer) == 9


def test_wrong_codes_get_a_message_and_further_tries_are_held_back(reviewer):
    device, _ = enrolled(reviewer)
    client = Client()
    sign_in(client, "monitoring")
    response = client.post(reverse("verify_code"), {"code": "123456"})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert response.context["form"].errors

    # Even the right code is refused straight after a wrong one.
    right = code_for(device, steps_ahead=1)
    response = client.post(reverse("verify_code"), {"code": right})
    assert "You have entered too many wrong codes. Wait 1 second" in response.content.decode()
    assert client.get(WORKSPACE).status_code == 302

    time.sleep(1.1)
    response = client.post(reverse("verify_code"), {"code": right})
    assert response.status_code == 302
    assert client.get(WORKSPACE).status_code == 200


def test_new_recovery_codes_need_the_password_and_replace_the_old_ones(reviewer):
    _, old = enrolled(reviewer)
    client = signed_in(reviewer)
    url = reverse("new_recovery_codes")
    assert "Your password" in client.get(url).content.decode()
    wrong = client.post(url, {"password": "guess"})
    assert "That password is not right" in wrong.content.decode()
    assert two_factor.recovery_codes_left(reviewer) == 10

    response = client.post(url, {"password": "demo-password"}, follow=True)
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    tokens = set(StaticToken.objects.filter(device__user=reviewer).values_list("token", flat=True))
    assert tokens == set(new)


def test_the_account_page_says_whether_two_factor_is_on(reviewer):
    enrolled(reviewer)
    html = signed_in(reviewer).get(reverse("account")).content.decode()
    assert re.search(r'id="two-factor-status">On<', html)
    assert "10 left" in html
    assert "must stay on" in html


# Pages open to everyone, and the admin


def test_public_pages_stay_open_before_the_second_step(reviewer):
    client = Client()
    sign_in(client, "monitoring")
    for url in ("/decisions/", "/contracts/", "/decisions/feed/", "/decisions.json"):
        assert client.get(url).status_code == 200, url
    assert client.get("/workspace/contracts/").status_code == 302


def test_the_admin_sends_visitors_to_the_products_sign_in():
    response = Client().get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/sign-in/?next=%2Fadmin%2F"
    assert "Sign in" in response.content.decode()


def test_the_admin_requires_a_verified_staff_member(reviewer):
    User = get_user_model()
    admin_user = User.objects.create_superuser("root", "root@example.org", "demo-password")

    password_only = Client()
    response = sign_in(password_only, "root", next_url="/admin/")
    assert response.url.startswith(reverse("two_factor_setup"))
    assert password_only.get("/admin/").status_code == 302

    # A verified officer who is not staff is refused, not shown a second sign-in form.
    assert signed_in(reviewer).get("/admin/", follow=True).status_code == 403

    verified = signed_in(admin_user)
    assert verified.get("/admin/").status_code == 200
    assert verified.get("/admin/login/").url == "/admin/"

    # The admin site itself checks verification, whatever the middleware does.
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    admin_user.is_verified = lambda: False
    assert not VerifiedAdminSite().has_permission(request)
    admin_user.is_verified = lambda: True
    assert VerifiedAdminSite().has_permission(request)


# Where `next` may lead


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]
)
def test_next_cannot_send_anyone_off_the_site(reviewer, next_url):
    device, _ = enrolled(reviewer)
    client = Client()
    response = sign_in(client, "monitoring", next_url=next_url)
    assert "evil" not in response.url and "javascript" not in response.url
    response = client.post(
        reverse("verify_code"), {"code": code_for(device, steps_ahead=1), "next": next_url}
    )
    assert response.url == "/"


def test_next_cannot_leave_the_site_from_the_set_up_pages(reviewer):
    client = Client()
    sign_in(client, "monitoring")
    page = client.get(reverse("two_factor_setup"), {"next": "https://evil.example/"})
    assert "evil" not in page.content.decode()
    device = TOTPDevice.objects.get(user=reviewer)
    response = client.post(
        reverse("two_factor_setup"), {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert "evil" not in response.url
    codes = client.get(reverse("recovery_codes"), {"next": "https://evil.example/"})
    assert "evil" not in codes.content.decode()


# The tests' own shortcut


def test_force_login_gives_a_signer_a_verified_session_and_a_drafter_a_plain_one(reviewer, drafter):
    signer = signed_in(reviewer)
    device = TOTPDevice.objects.get(user=reviewer, confirmed=True)
    assert signer.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert DEVICE_ID_SESSION_KEY not in signed_in(drafter).session
    assert not TOTPDevice.objects.filter(user=drafter).exists()


def test_a_person_without_a_role_needs_nothing_more(db):
    user = get_user_model().objects.create_user("visitor", password="demo-password")
    Person.objects.create(name="Visitor", user=user)
    client = Client()
    assert sign_in(client, "visitor").url == "/"
    assert client.get("/").status_code == 200


# The demo runs without a phone


@override_settings(DEBUG=True)
def test_demo_signers_get_an_app_whose_code_the_demo_command_prints():
    out = StringIO()
    call_command("create_demo_users", stdout=out)
    assert ".venv/bin/python manage.py demo_code <username>" in out.getvalue()
    officer = get_user_model().objects.get(username="staffordshire.officer")
    assert not two_factor.has_two_factor(officer)
    signer = get_user_model().objects.get(username="staffordshire.monitoring-officer")
    assert two_factor.has_two_factor(signer)
    assert two_factor.has_two_factor(get_user_model().objects.get(username="admin"))

    client = Client()
    sign_in(client, "staffordshire.monitoring-officer")
    for _ in range(2):  # a second code straight after the first is still accepted
        code = StringIO()
        call_command(
            "demo_code", "staffordshire.monitoring-officer", stdout=code, stderr=StringIO()
        )
        client.logout()
        sign_in(client, "staffordshire.monitoring-officer")
        response = client.post(reverse("verify_code"), {"code": code.getvalue().strip()})
        assert response.status_code == 302, response.content.decode()
        assert client.get(WORKSPACE).status_code == 200


def test_the_demo_code_is_only_given_with_debug_on(reviewer):
    enrolled(reviewer)
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("demo_code", "monitoring", stdout=StringIO())
