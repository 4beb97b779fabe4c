"""How long importing an office's past records takes: a decisions log of N rows, and Word
documents read into draft transcriptions.

    .venv/bin/python bench/past_records.py [--rows 200 1000] [--documents 20]

Runs on a throwaway SQLite database in a temporary folder (migrated, seed records loaded), so
it never touches a real one. Each figure is the wall time of the upload (parsing the log into
a batch) and of the worker reading every item, in one process on this machine.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(database_dir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")
    os.environ.setdefault("DEBUG", "true")
    os.environ["DATABASE_URL"] = f"sqlite:///{database_dir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(database_dir / "media")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()

    from django.core.management import call_command

    from decisions.seed.loader import load_seed_records

    call_command("migrate", verbosity=0, interactive=False)
    load_seed_records()


def log(rows: int, start: int) -> bytes:
    lines = ["Reference,Date,Title,Decision-maker,Link"]
    for n in range(start, start + rows):
        lines.append(f"OPCC/LOG/{n},{(n % 28) + 1}/06/2019,Decision {n},The Commissioner,")
    return ("\n".join(lines) + "\n").encode()


def document(n: int) -> bytes:
    import docx

    record = docx.Document()
    record.add_paragraph(f"Decision Number: SCP/D/201819/{n:03}")
    record.add_paragraph(f"Title: Past decision {n}")
    for heading in ("Background", "Financial implications"):
        record.add_heading(f"1. {heading}", level=2)
        record.add_paragraph("The cost is £12,750 for the year, met from the budget. " * 20)
    record.add_paragraph("Date of decision: 14 November 2018")
    out = io.BytesIO()
    record.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--documents", type=int, default=20)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="import-bench-") as folder:
        setup_django(Path(folder))
        from django.contrib.auth import get_user_model
        from django.core.files.uploadedfile import SimpleUploadedFile

        from commissioning.models import Office
        from decisions.transcription import imports

        office = Office.objects.get(slug="staffordshire")
        user = get_user_model().objects.create_user("bench.importer")
        start = 1
        for rows in args.rows:
            began = time.perf_counter()
            imports.start_log(office, user, SimpleUploadedFile("log.csv", log(rows, start)))
            uploaded = time.perf_counter() - began
            read = imports.run_waiting()
            total = time.perf_counter() - began
            print(
                f"decisions log, {rows:>5} rows: upload {uploaded * 1000:7.0f} ms, all read in "
                f"{total:6.2f} s ({total / read * 1000:5.1f} ms a row)"
            )
            start += rows
        files = [
            SimpleUploadedFile(f"record-{n}.docx", document(n))
            for n in range(1, args.documents + 1)
        ]
        began = time.perf_counter()
        imports.start_documents(office, user, files)
        read = imports.run_waiting()
        total = time.perf_counter() - began
        print(
            f"Word records, {read:>5} files: all read in {total:6.2f} s "
            f"({total / read * 1000:5.1f} ms a file)"
        )


if __name__ == "__main__":
    main()
