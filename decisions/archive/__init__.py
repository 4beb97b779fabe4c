"""Every office's records in one archive file, and back: for backups, and for moving the product
to a new server or database.

The archive is a zip holding
- manifest.json: the format and app versions, when it was made, how many rows of each model it
  holds and the SHA-256 and size of every other member;
- data.jsonl: the rows, in Django's JSON Lines serialisation, one row a line, primary keys kept
  (the audit trail's hash chain covers the ids of notes and people, so it verifies only if they
  are the same after a restore);
- files/<name>: every stored file the rows name (appendices, published PDFs), under its storage
  name.

What it holds: every row of the commissioning, contracts and decisions apps, and the user
accounts those rows name (with their password hashes, so people sign in again as before) with
their groups. What it leaves out, on purpose:
- two-factor devices (django-otp): their secrets would let anyone holding the archive pass the
  second factor. After a restore, everyone who signs or publishes sets up two-factor again;
- sessions, sign-in throttling records and the admin's change log: they are not records.

The manifest's hashes find a damaged or altered archive; they do not prove who made it (anyone
who can edit the archive can edit the manifest too). `import_records` also checks the audit
trail's own chain, keyed with AUDIT_HMAC_KEYS, before it writes anything, and the restored rows
against the trail before it commits: an archive edited and re-hashed without the key is refused
either way. Restoring needs the keys that sealed the trail.
"""

from decisions.archive.common import ArchiveError, Summary, archived_models, record_models
from decisions.archive.export import export_records
from decisions.archive.restore import import_records

__all__ = [
    "ArchiveError",
    "Summary",
    "archived_models",
    "export_records",
    "import_records",
    "record_models",
]
