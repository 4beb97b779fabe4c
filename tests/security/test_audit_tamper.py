"""The audit trail against someone who can write to the database but does not hold the audit
key: every edit, cut or rebuild below is made with plain SQL, as such a person would, and
`verify_audit` finds each one."""

import datetime
import hashlib
import json
import logging
import zipfile
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from decisions import archive, audit, publication
from decisions.models import (
    AuditEvent,
    AuditHead,
    Decision,
    PublicationDetermination,
    PublishedCopy,
    SignOff,
)
from decisions.signoff import workflow
from tests.factories import decision, determination_data, ready_note, signing_team, walk_to_decision

PADS = "SCP/D/202425/003"
EVENTS = AuditEvent._meta.db_table


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def verify_audit(*args) -> str:
    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def head() -> str:
    return verify_audit().split("Head: ")[1].strip()


def refused(*args) -> str:
    with pytest.raises(CommandError, match="The audit trail does not verify") as caught:
        verify_audit(*args)
    return str(caught.value)


@pytest.fixture
def team(staffordshire):
    return signing_team(staffordshire)


@pytest.fixture
def published(staffordshire, team):
    """A Staffordshire note taken through its whole route, decided by the Commissioner,
    determined and published by the Monitoring Officer."""
    note = walk_to_decision(ready_note(staffordshire, team["officer"]), team)
    note = workflow.decide(
        note,
        team["commissioner"],
        step_id=note.current_step_id,
        outcome=Decision.Status.APPROVED,
        confirmed=True,
        rationale="Value for money is demonstrated.",
    )
    publication.determine(note, team["monitoring_officer"], **determination_data())
    publication.publish(note, team["monitoring_officer"])
    return note


def unkeyed_hash(values: dict) -> str:
    """What someone without the key can compute: the chain's old, plain SHA-256."""
    event = AuditEvent(**values)
    event.key_id = ""
    return audit.content_hash(event)


def test_the_whole_route_verifies_and_prints_its_head(published):
    out = verify_audit()
    assert "The audit trail verifies" in out and "the records match it" in out
    count = AuditEvent.objects.count()
    last = AuditEvent.objects.latest("sequence")
    assert f"{count} events" in out
    assert f"Head: {last.sequence}:{last.hash}" in out
    assert last.key_id == "development"
    assert len(published.sign_offs.all()) == 6  # a declaration, four steps and the decision
    sealed = AuditEvent.objects.filter(decision=published).exclude(sealed={})
    assert {key for event in sealed for key in event.sealed} == {
        "signature",
        "determination",
        "copy",
    }


def test_an_edited_event_rehashed_without_the_key_is_found(published):
    event = published.audit_events.filter(action=AuditEvent.Action.SIGNED).first()
    # The attacker rewrites the comment and recomputes this event's hash and every later one,
    # as the old unkeyed chain allowed.
    rows = list(AuditEvent.objects.filter(sequence__gte=event.sequence).order_by("sequence"))
    previous = AuditEvent.objects.get(sequence=event.sequence - 1).hash
    for row in rows:
        values = {f.attname: getattr(row, f.attname) for f in AuditEvent._meta.concrete_fields}
        if row.pk == event.pk:
            values["comment"] = "No concerns at all."
        values["previous_hash"] = previous
        # Either sealed with a guessed key id or left unkeyed: neither verifies.
        values["hash"] = previous = unkeyed_hash(values)
        sql(
            f"UPDATE {EVENTS} SET comment = %s, previous_hash = %s, hash = %s WHERE id = %s",
            [values["comment"], values["previous_hash"], values["hash"], row.pk],
        )
    sql("UPDATE decisions_audithead SET hash = %s", [previous])

    assert f"Event #{event.sequence}: was altered after it was written" in refused()

    # Marked as written before the key, it is refused too.
    sql(f"UPDATE {EVENTS} SET key_id = '' WHERE sequence >= %s", [event.sequence])
    assert f"Event #{event.sequence}: is not sealed with the audit key" in refused()


def test_the_last_event_deleted_and_the_head_moved_back_is_found_against_a_checkpoint(
    published,
):
    checkpoint = head()
    last = AuditEvent.objects.latest("sequence")
    before = AuditEvent.objects.get(sequence=last.sequence - 1)
    sql(f"DELETE FROM {EVENTS} WHERE id = %s", [last.pk])
    sql("UPDATE decisions_audithead SET sequence = %s, hash = %s", [before.sequence, before.hash])
    # The published copy the last event sealed is what gives it away without a checkpoint.
    assert "has been" in refused() or "not in the audit trail" in refused()

    message = refused("--against", checkpoint)
    assert f"the trail ends at #{before.sequence}, but a checkpoint recorded #{last.sequence}" in (
        message
    )


def test_a_cut_that_leaves_the_records_consistent_is_found_only_against_a_checkpoint(
    staffordshire, team
):
    note = ready_note(staffordshire, team["officer"])
    checkpoint = head()
    last = AuditEvent.objects.latest("sequence")  # the edit: it seals nothing
    before = AuditEvent.objects.get(sequence=last.sequence - 1)
    sql(f"DELETE FROM {EVENTS} WHERE id = %s", [last.pk])
    sql("UPDATE decisions_audithead SET sequence = %s, hash = %s", [before.sequence, before.hash])

    assert "The audit trail verifies" in verify_audit()  # holds, as far as it goes
    assert "events were deleted from its end" in refused("--against", checkpoint)
    assert note.pk


def test_the_trail_and_head_deleted_together_are_found(published):
    checkpoint = head()
    sql(f"DELETE FROM {EVENTS}")
    sql("DELETE FROM decisions_audithead")

    assert "has no event in the audit trail" in refused()
    assert "the whole trail was deleted or rebuilt" in refused("--against", checkpoint)


def test_a_changed_status_is_found(published):
    Decision.objects.filter(pk=published.pk).update(status=Decision.Status.REJECTED)
    message = refused()
    assert "left SCP/D/" in message and "approved, but the database now says rejected" in message


def test_a_changed_status_is_found_after_a_later_event_too(published, team):
    Decision.objects.filter(pk=published.pk).update(status=Decision.Status.REJECTED)
    publication.publish(published, team["monitoring_officer"], correction_note="Typo.")
    assert "its status was changed outside the workflow in between" in refused()


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        ("signed_name", "Someone Else", "its name has been changed"),
        ("signed_title", "Deputy Chief Executive", "its title has been changed"),
        ("role", "treasurer", "its role has been changed"),
        ("statement", "I did not read it.", "its statement has been changed"),
        ("signed_at", datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC), "its time"),
    ],
)
def test_a_changed_signature_is_found(published, column, value, said):
    signed = published.sign_offs.get(kind=SignOff.Kind.DECISION)
    SignOff.objects.filter(pk=signed.pk).update(**{column: value})
    message = refused()
    assert "the signature" in message and said in message


def test_a_signature_added_or_deleted_in_the_database_is_found(published):
    signed = published.sign_offs.get(kind=SignOff.Kind.DECISION)
    forged = SignOff.objects.get(pk=signed.pk)
    forged.pk, forged.position = None, 99
    forged.save()
    assert "is not in the audit trail: it was added to the database directly" in refused()
    SignOff.objects.filter(pk__in=[forged.pk, signed.pk]).delete()
    assert "which has since been deleted from the database" in refused()


def test_a_seed_signature_is_sealed_too():
    signed = decision(PADS).sign_offs.order_by("position").last()
    SignOff.objects.filter(pk=signed.pk).update(comment="Changed years later.")
    assert "its comment has been changed" in refused()


@pytest.mark.parametrize(
    "change",
    [
        {"record": PublicationDetermination.Extent.WITHHOLD},
        {"reasons": "Nothing withheld."},
        {"exemptions": ["s43"]},
        {"deferred_until": datetime.date(2030, 1, 1)},
    ],
)
def test_a_changed_determination_is_found(published, change):
    PublicationDetermination.objects.filter(decision=published).update(**change)
    assert "the publication determination of" in refused()


def test_a_section_withheld_behind_the_determination_is_found(published):
    published.sections.filter(pk=published.sections.first().pk).update(
        is_confidential=True, exemption="s43"
    )
    assert "its withheld sections has been changed" in refused()


def test_a_changed_published_copy_is_found(published):
    copy = published.published_copies.get()
    content = copy.content
    content["decision"]["summary"] = "<p>Something else was decided.</p>"
    PublishedCopy.objects.filter(pk=copy.pk).update(content=content)
    assert "its content has been changed" in refused()


def test_a_changed_seed_copy_is_found():
    copy = PublishedCopy.objects.get(reference=PADS, is_current=True)
    PublishedCopy.objects.filter(pk=copy.pk).update(published_on=datetime.date(2030, 1, 1))
    assert "its publication date has been changed" in refused()


# Keys -------------------------------------------------------------------------------------------


def test_rotation_old_events_verify_with_the_old_key_and_new_ones_take_the_new(
    published, settings, team
):
    old = AuditEvent.objects.latest("sequence")
    settings.AUDIT_HMAC_KEYS = [("2027", "n" * 40), ("development", settings.AUDIT_HMAC_KEYS[0][1])]
    publication.publish(published, team["monitoring_officer"], correction_note="A typo.")
    new = AuditEvent.objects.latest("sequence")
    assert (old.key_id, new.key_id) == ("development", "2027")
    assert "The audit trail verifies" in verify_audit()

    settings.AUDIT_HMAC_KEYS = [("2027", "n" * 40)]  # the old key dropped too soon
    assert "which is not in AUDIT_HMAC_KEYS" in refused()

    settings.AUDIT_HMAC_KEYS = [("2027", "x" * 40), ("development", "d" * 40)]  # wrong secrets
    assert f"Event #{1}: was altered" in refused()


def test_a_trail_from_before_the_key_verifies_only_up_to_its_cut_over(published, settings):
    events = list(AuditEvent.objects.order_by("sequence"))
    cut = events[len(events) // 2]
    # As the trail stood before the upgrade: the first events unkeyed, sealing nothing.
    previous = audit.GENESIS
    for event in events[: events.index(cut) + 1]:
        values = {f.attname: getattr(event, f.attname) for f in AuditEvent._meta.concrete_fields}
        values |= {"previous_hash": previous, "key_id": "", "sealed": {}}
        values["hash"] = previous = unkeyed_hash(values)
        sql(
            f"UPDATE {EVENTS} SET previous_hash = %s, hash = %s, key_id = '', sealed = %s "
            "WHERE id = %s",
            [values["previous_hash"], values["hash"], "{}", event.pk],
        )
    # Events after it were sealed by the upgraded product, chained on from the legacy head.
    for event in events[events.index(cut) + 1 :]:
        event.previous_hash = previous
        event.hash = previous = audit.content_hash(event)
        sql(
            f"UPDATE {EVENTS} SET previous_hash = %s, hash = %s WHERE id = %s",
            [event.previous_hash, event.hash, event.pk],
        )
    sql("UPDATE decisions_audithead SET hash = %s", [previous])
    assert "is not sealed with the audit key" in refused()

    out = verify_audit("--cut-over")
    line = out.split("AUDIT_LEGACY_HEAD=")[1].strip()
    assert line == f"{cut.sequence}:{AuditEvent.objects.get(pk=cut.pk).hash}"
    settings.AUDIT_LEGACY_HEAD = line
    assert "The audit trail verifies" in verify_audit()

    # A legacy event rewritten afterwards no longer reaches the pinned head.
    sql(f"UPDATE {EVENTS} SET comment = 'rewritten' WHERE id = %s", [events[1].pk])
    assert "was altered" in refused()


# Checkpoints ------------------------------------------------------------------------------------


def test_a_checkpoint_goes_to_the_log_and_the_monitoring_officers(published, caplog, settings):
    settings.AUDIT_CHECKPOINT_EMAIL = []
    with caplog.at_level(logging.WARNING, logger="decisions.audit"):
        call_command("verify_audit", "--checkpoint", verbosity=0, stdout=(out := StringIO()))
    last = AuditEvent.objects.latest("sequence")
    assert out.getvalue() == ""  # cron mails only trouble
    assert f"Audit trail checkpoint {last.sequence}:{last.hash}" in caplog.text
    (message,) = mail.outbox
    assert f"{last.sequence}:{last.hash}" in message.body
    assert message.subject.startswith(f"Audit trail checkpoint {last.sequence}")
    assert message.to and all("@" in address for address in message.to)

    mail.outbox.clear()
    settings.AUDIT_CHECKPOINT_EMAIL = ["audit@example.org"]
    call_command("verify_audit", "--checkpoint", verbosity=0)
    assert mail.outbox[0].to == ["audit@example.org"]


def test_no_checkpoint_is_taken_of_a_broken_trail(published):
    Decision.objects.filter(pk=published.pk).update(status=Decision.Status.WITHDRAWN)
    with pytest.raises(CommandError):
        call_command("verify_audit", "--checkpoint", verbosity=0)
    assert not mail.outbox


def test_a_checkpoint_written_wrongly_is_refused_plainly(published):
    with pytest.raises(CommandError, match="must be written SEQUENCE:HASH"):
        verify_audit("--against", "twelve")


# The archive ------------------------------------------------------------------------------------


def test_an_archive_edited_and_rehashed_without_the_key_is_refused_before_anything_is_written(
    published, settings, tmp_path, monkeypatch
):
    path = tmp_path / "records.zip"
    call_command("export_records", str(path), stdout=StringIO(), stderr=StringIO())
    with zipfile.ZipFile(path) as source:
        manifest = json.loads(source.read("manifest.json"))
        lines = source.read("data.jsonl").decode().splitlines()
    # Rewrite a signature's comment in its event, recompute the whole chain the only way
    # possible without the key, and the manifest to match.
    users = {}
    previous = audit.GENESIS
    for index, line in enumerate(lines):
        row = json.loads(line)
        if row["model"] == "auth.user":
            users[row["fields"]["username"]] = row["pk"]
        if row["model"] != "decisions.auditevent":
            continue
        fields = row["fields"]
        if fields["action"] == "signed" and "robust" in fields["comment"]:
            fields["comment"] = "No business case was seen."
        values = {
            "sequence": fields["sequence"],
            "decision_id": fields["decision"],
            "actor_id": users.get((fields["actor"] or [None])[0]),
            "at": datetime.datetime.fromisoformat(fields["at"]),
            "previous_hash": previous,
            **{
                name: fields[name]
                for name in (
                    "actor_name",
                    "actor_role",
                    "action",
                    "from_status",
                    "to_status",
                    "step_label",
                    "comment",
                    "changes",
                )
            },
        }
        fields["previous_hash"] = previous
        fields["hash"] = previous = unkeyed_hash(values)
        lines[index] = json.dumps(row, ensure_ascii=False)
    data = ("\n".join(lines) + "\n").encode()
    manifest["members"]["data.jsonl"] = {
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
    }
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(forged, "w") as target:
        for name in source.namelist():
            replaced = {"manifest.json": json.dumps(manifest).encode(), "data.jsonl": data}
            target.writestr(name, replaced.get(name, source.read(name)))

    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"

    def never(*args, **kwargs):
        raise AssertionError("rows were about to be written")

    monkeypatch.setattr(archive.restore, "_restore", never)
    with pytest.raises(CommandError, match="The audit trail in the archive does not verify"):
        call_command("import_records", str(forged), stdout=StringIO())
    assert not Decision.objects.exists() and not AuditHead.objects.exists()
