from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from commissioning.models import Person, RoleAssignment
from contracts.models import ExpiryDigest


@pytest.fixture
def staffordshire_officer(staffordshire):
    user = get_user_model().objects.create_user(
        "s.officer", "officer@staffordshire.example.org", "x"
    )
    person = Person.objects.create(name="Sam Officer", user=user)
    RoleAssignment.objects.create(person=person, office=staffordshire, role="drafting_officer")
    return user


def run_digests(date: str) -> str:
    out = StringIO()
    call_command("send_expiry_digests", "--date", date, stdout=out)
    return out.getvalue()


def test_an_office_is_told_its_contract_ends_with_no_extension_left(staffordshire_officer):
    output = run_digests("2025-02-27")
    assert "Staffordshire: 1 contract(s) to officer@staffordshire.example.org" in output
    (message,) = mail.outbox
    assert message.subject == "1 contract ending within 9 months – Staffordshire"
    assert "Regional Pre-Arrest Drugs Diversion Scheme (PADS)" in message.body
    assert "Ends on 31 March 2025. No extension option remains" in message.body
    html = message.alternatives[0][0]
    assert "<strong>No extension option remains</strong>" in html


def test_running_twice_in_a_day_sends_one_digest(staffordshire_officer):
    run_digests("2025-02-27")
    output = run_digests("2025-02-27")
    assert len(mail.outbox) == 1
    assert "Staffordshire: nothing to send" in output
    assert ExpiryDigest.objects.get().contract_count == 1


def test_the_next_day_sends_again(staffordshire_officer):
    run_digests("2025-02-27")
    run_digests("2025-02-28")
    assert len(mail.outbox) == 2


def test_nothing_is_sent_when_nothing_is_ending(staffordshire_officer):
    assert "Staffordshire: nothing to send" in run_digests("2023-01-01")
    assert mail.outbox == []


def test_a_failed_send_releases_the_claim(staffordshire_officer, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with pytest.raises(ConnectionRefusedError):
        run_digests("2025-02-27")
    assert not ExpiryDigest.objects.exists()
    monkeypatch.undo()
    run_digests("2025-02-27")
    assert len(mail.outbox) == 1


def test_the_window_can_be_chosen(staffordshire_officer):
    out = StringIO()
    call_command("send_expiry_digests", "--date", "2025-01-01", "--months", "2", stdout=out)
    assert mail.outbox == []
    call_command("send_expiry_digests", "--date", "2025-01-01", "--months", "3", stdout=out)
    assert len(mail.outbox) == 1


def test_a_quiet_run_sends_the_digest_and_prints_nothing_for_cron_to_mail(staffordshire_officer):
    out = StringIO()
    call_command("send_expiry_digests", "--date", "2025-02-27", verbosity=0, stdout=out)
    assert len(mail.outbox) == 1
    assert out.getvalue() == ""
