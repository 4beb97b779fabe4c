"""Nothing lost: every office's records go to one archive and come back into an empty database
exactly, with the audit trail still verifying; a damaged or altered archive, or a database
that already holds records, is refused and nothing is written."""

import hashlib
import json
import re
import zipfile
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from decisions import drafting
from decisions.archive import archived_models
from decisions.models import (
    Appendix,
    AuditEvent,
    Decision,
    DecisionTemplate,
    PublishedCopy,
    Section,
)
from decisions.publication import store_pdf
from tests.factories import decision, docx_bytes, officer_of

PADS_NOTE = "SCP/D/202425/003"


@pytest.fixture
def records(staffordshire, tmp_path):
    """The seed records, plus what they lack: a note being drafted (so the audit trail has
    events by a person, at times with microseconds), an appendix file, and a published PDF."""
    officer = officer_of(staffordshire, "staffs.keeper")
    template = DecisionTemplate.objects.get(office=staffordshire, is_default=True)
    note = drafting.start_note(staffordshire, template, "Archive me – Regional PADS", officer)
    section = note.sections.order_by("position").first()

    def write(current):
        Section.objects.filter(pk=section.pk).update(body="<p>Kept exactly.</p>")

    drafting.save_parts(
        note, base_version=note.version, user=officer, parts=[f"section:{section.key}"], apply=write
    )
    Appendix.objects.create(
        decision=note, title="The contract", file=ContentFile(docx_bytes(), name="contract.docx")
    )
    copy = store_pdf(PublishedCopy.objects.get(reference=PADS_NOTE, is_current=True).pk)
    return {"note": note, "copy": copy}


def counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in archived_models()}


def export(tmp_path) -> str:
    path = str(tmp_path / "records.zip")
    call_command("export_records", path, stdout=StringIO(), stderr=StringIO())
    return path


def empty_the_database(settings, tmp_path):
    """A new, migrated database and empty file storage, as a restore starts from."""
    connection.check_constraints()  # PostgreSQL refuses to truncate with checks pending
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    assert not Decision.objects.exists() and not get_user_model().objects.exists()


def restore(path) -> str:
    out = StringIO()
    call_command("import_records", path, stdout=out)
    return out.getvalue()


def rewritten(path, tmp_path, change) -> str:
    """A copy of the archive with `change(name, data) -> data` applied to its members."""
    altered = str(tmp_path / "altered.zip")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(altered, "w") as target:
        for name in source.namelist():
            target.writestr(name, change(name, source.read(name)))
    return altered


def assert_nothing_imported():
    assert all(count == 0 for count in counts().values()), counts()


def test_the_records_go_out_and_come_back_exactly(records, settings, tmp_path):
    note, copy = records["note"], records["copy"]
    before = counts()
    events = list(AuditEvent.objects.values_list("sequence", "hash", "at", "actor_id"))
    assert len(events) >= 2 and any(at.microsecond for _, _, at, _ in events)
    content = copy.content
    with copy.pdf.open("rb") as stored:
        pdf = stored.read()
    appendix = note.appendices.get()
    path = export(tmp_path)

    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["format_version"] == 1 and manifest["app_version"]
        assert manifest["counts"]["decisions.auditevent"] == len(events)
        assert manifest["members"][f"files/{copy.pdf.name}"]["sha256"] == copy.pdf_sha256
        data = archive.read("data.jsonl")
        assert manifest["members"]["data.jsonl"]["sha256"] == hashlib.sha256(data).hexdigest()

    empty_the_database(settings, tmp_path)
    assert "The audit trail verifies" in restore(path)

    assert counts() == before
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert f"{len(events)} events, unbroken" in out.getvalue()
    assert list(AuditEvent.objects.values_list("sequence", "hash", "at", "actor_id")) == events

    # The seed figures, exact.
    totals = decision(PADS_NOTE).contribution_tables.get().totals()
    assert (totals.amount, totals.contracted_unit_cost) == (Decimal("177669"), Decimal("47.63"))
    # The published copy: its frozen content with its types, and its PDF byte for byte.
    restored = PublishedCopy.objects.get(pk=copy.pk)
    assert restored.content == content
    assert isinstance(restored.content["decision"]["decided_on"], type(copy.decided_on))
    assert restored.pdf.name == copy.pdf.name and restored.pdf_sha256 == copy.pdf_sha256
    with restored.pdf.open("rb") as stored:
        assert stored.read() == pdf
    assert settings.MEDIA_ROOT.name == "restored-media"  # read from the new storage
    with Appendix.objects.get(pk=appendix.pk).file.open("rb") as stored:
        assert stored.read() == docx_bytes()
    assert Section.objects.get(decision=note, body="<p>Kept exactly.</p>")

    # People sign in again with their passwords; new rows take new ids.
    officer = get_user_model().objects.get(username="staffs.keeper")
    assert officer.check_password("demo-password") and officer.person.name
    again = drafting.start_note(
        note.office, note.template, "After the restore", officer_of(note.office, "new.officer")
    )
    assert again.pk > note.pk
    assert AuditEvent.objects.latest("sequence").sequence == len(events) + 1
    call_command("verify_audit", stdout=StringIO())


def test_an_archive_with_one_byte_changed_in_its_data_is_refused(records, settings, tmp_path):
    path = export(tmp_path)

    def flip(name, data):
        if name != "data.jsonl":
            return data
        at = data.index(b"Kept exactly.")
        return data[:at] + b"L" + data[at + 1 :]

    altered = rewritten(path, tmp_path, flip)
    empty_the_database(settings, tmp_path)
    refusal = r"data\.jsonl in the archive does not match the SHA-256"
    with pytest.raises(CommandError, match=refusal):
        restore(altered)
    assert_nothing_imported()
    restore(path)  # the archive as written still restores
    assert Decision.objects.exists()


def test_an_archive_with_one_byte_changed_in_a_pdf_is_refused(records, settings, tmp_path):
    path = export(tmp_path)
    pdf = f"files/{records['copy'].pdf.name}"

    def flip(name, data):
        return data[:-10] + bytes([data[-10] ^ 1]) + data[-9:] if name == pdf else data

    altered = rewritten(path, tmp_path, flip)
    empty_the_database(settings, tmp_path)
    refusal = f"{re.escape(pdf)} in the archive does not match the SHA-256"
    with pytest.raises(CommandError, match=refusal):
        restore(altered)
    assert_nothing_imported()
    assert not (tmp_path / "restored-media").exists()


def test_an_altered_audit_trail_is_refused_even_with_a_manifest_to_match(
    records, settings, tmp_path
):
    """The manifest finds damage; the trail's own hash chain finds an edit made by someone who
    also rewrote the manifest."""
    path = export(tmp_path)

    def edit(name, data):
        if name == "data.jsonl":
            lines = data.decode().splitlines()
            for index, line in enumerate(lines):
                row = json.loads(line)
                if row["model"] == "decisions.auditevent" and row["fields"]["changes"]:
                    row["fields"]["changes"] = ["Changed nothing of interest"]
                    lines[index] = json.dumps(row, ensure_ascii=False)
                    break
            return ("\n".join(lines) + "\n").encode()
        return data

    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        data = edit("data.jsonl", archive.read("data.jsonl"))
    manifest["members"]["data.jsonl"] = {
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
    }
    forged = rewritten(
        path,
        tmp_path,
        lambda name, d: {"manifest.json": json.dumps(manifest).encode(), "data.jsonl": data}.get(
            name, d
        ),
    )
    empty_the_database(settings, tmp_path)
    with pytest.raises(CommandError, match="The audit trail in the archive does not verify"):
        restore(forged)
    assert_nothing_imported()
    assert not any((tmp_path / "restored-media").rglob("*.*"))


def test_importing_into_a_database_that_holds_records_is_refused(records, tmp_path):
    path = export(tmp_path)
    before = counts()
    with pytest.raises(CommandError, match="The database is not empty: it already holds"):
        restore(path)
    assert counts() == before


def test_a_stored_pdf_that_no_longer_matches_its_hash_is_not_exported(records, tmp_path):
    copy = records["copy"]
    with copy.pdf.open("wb") as stored:
        stored.write(b"%PDF-1.7 not the published record")
    refusal = f"The stored file {re.escape(copy.pdf.name)} .* does not match"
    with pytest.raises(CommandError, match=refusal):
        export(tmp_path)
    assert not (tmp_path / "records.zip").exists()


def test_the_commands_say_that_two_factor_is_set_up_again_after_a_restore():
    from decisions.management.commands import export_records, import_records

    for command in (export_records.Command(), import_records.Command()):
        assert "sets up two-factor again" in command.help


def test_a_missing_file_or_one_that_is_not_an_archive_is_refused(tmp_path):
    with pytest.raises(CommandError, match="There is no archive file at"):
        restore(str(tmp_path / "nowhere.zip"))
    not_a_zip = tmp_path / "records.zip"
    not_a_zip.write_bytes(b"%PDF-1.7 a PDF, not an archive")
    with pytest.raises(CommandError, match="is not a records archive"):
        restore(str(not_a_zip))


def test_an_appendix_file_a_copy_published_goes_out_and_comes_back(
    staffordshire, settings, tmp_path
):
    """The frozen appendix files are named in the copies' content, not by a file field: the
    archive carries them all the same, and the restored page serves them."""
    from django.test import Client
    from django.urls import reverse

    from commissioning.models import Role
    from decisions import publication

    note = decision(PADS_NOTE)
    Appendix.objects.create(
        decision=note,
        position=9,
        title="Performance report",
        file=ContentFile(b"%PDF-1.7\n% report\n%%EOF\n", name="report.pdf"),
    )
    monitoring = officer_of(staffordshire, "staffs.mo", Role.MONITORING_OFFICER)
    copy = publication.publish(note, monitoring, correction_note="Adds the report.")
    stored, sha256 = copy.content["appendices"][-1]["download"]["stored"], None
    path = export(tmp_path)
    with zipfile.ZipFile(path) as archive:
        sha256 = json.loads(archive.read("manifest.json"))["members"][f"files/{stored}"]["sha256"]
    assert sha256 == hashlib.sha256(b"%PDF-1.7\n% report\n%%EOF\n").hexdigest()

    empty_the_database(settings, tmp_path)
    restore(path)

    number = len(copy.content["appendices"])
    url = reverse("public:copy_appendix", args=[copy.slug, copy.pk, number])
    response = Client().get(url)
    assert b"".join(response.streaming_content) == b"%PDF-1.7\n% report\n%%EOF\n"
