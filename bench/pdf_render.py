"""How long the decision record PDFs take to render, and how big they are.

    .venv/bin/python bench/pdf_render.py [--runs 5] [--out /tmp/records]

Runs from a checkout with nothing set up: it builds a throwaway SQLite database in a temporary
folder, migrates it and loads the seed records, so it never touches a real database. Each seed
decision is rendered as the internal record, the published version and a draft; the first
render also pays for importing WeasyPrint, which is reported on its own line.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(database_dir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")
    os.environ.setdefault("DEBUG", "true")
    # Always a throwaway database: the benchmark writes seed rows.
    os.environ["DATABASE_URL"] = f"sqlite:///{database_dir / 'bench.sqlite3'}"
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()

    from django.core.management import call_command

    from decisions.seed.loader import load_seed_records

    call_command("migrate", verbosity=0, interactive=False)
    load_seed_records()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="renders per version (default 5)")
    parser.add_argument("--out", type=Path, help="also write each PDF to this folder")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as folder:
        started = time.perf_counter()
        setup_django(Path(folder))
        print(f"database ready in {time.perf_counter() - started:.2f} s")

        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from decisions.models import Decision
        from decisions.pdf import render_record_html, render_record_pdf
        from decisions.seed.loader import seed_decisions

        started = time.perf_counter()
        import weasyprint  # noqa: F401  (timed on its own: the renderer imports it lazily)

        print(f"import weasyprint: {time.perf_counter() - started:.2f} s\n")

        try:
            from pypdf import PdfReader
        except ImportError:
            PdfReader = None

        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
        versions = {
            "internal": {"draft": False, "public": False},
            "public": {"draft": False, "public": True},
            "draft": {"draft": True, "public": False},
        }
        header = (
            f"{'decision':<18} {'version':<9} {'html ms':>8} {'pdf ms':>8} {'min ms':>8} "
            f"{'max ms':>8} {'pages':>5} {'KiB':>7} {'queries':>7}"
        )
        print(header)
        print("-" * len(header))
        all_times = []
        for seed in seed_decisions():
            decision = Decision.objects.get(reference=seed["reference"])
            for name, flags in versions.items():
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    render_record_html(decision, **flags)
                html_ms = (time.perf_counter() - started) * 1000
                times, pdf = [], b""
                for _ in range(args.runs):
                    started = time.perf_counter()
                    pdf = render_record_pdf(decision, **flags)
                    times.append((time.perf_counter() - started) * 1000)
                all_times.extend(times)
                pages = len(PdfReader(_bytes_io(pdf)).pages) if PdfReader else "?"
                print(
                    f"{decision.reference:<18} {name:<9} {html_ms:>8.0f} "
                    f"{statistics.median(times):>8.0f} {min(times):>8.0f} {max(times):>8.0f} "
                    f"{pages:>5} {len(pdf) / 1024:>7.0f} {len(queries):>7}"
                )
                if args.out:
                    slug = decision.reference.replace("/", "-")
                    (args.out / f"{slug}-{name}.pdf").write_bytes(pdf)
        print(
            f"\n{len(all_times)} renders: median {statistics.median(all_times):.0f} ms, "
            f"max {max(all_times):.0f} ms (pdf ms is the median of {args.runs})"
        )
        if args.out:
            print(f"PDFs written to {args.out}")


def _bytes_io(data: bytes):
    from io import BytesIO

    return BytesIO(data)


if __name__ == "__main__":
    main()
