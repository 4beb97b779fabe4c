"""The import worker: reads waiting items of past-record imports into draft transcriptions.

Run it once to read everything waiting, or with --loop to keep reading as uploads arrive (as
`make run` does, and as a production service should; see README, "Importing past records").
Several workers may run at once: each item is claimed by one.
"""

import time

from django.core.management.base import BaseCommand

from decisions.transcription.imports import run_waiting


class Command(BaseCommand):
    help = "Reads waiting past records and decisions-log rows into draft transcriptions."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, looking for new items."
        )
        parser.add_argument(
            "--every", type=float, default=2.0, help="Seconds between looks, with --loop."
        )

    def handle(self, *args, loop=False, every=2.0, **options):
        while True:
            read = run_waiting()
            if read:
                self.stdout.write(f"Read {read} item{'s' * (read != 1)}.")
            if not loop:
                return
            time.sleep(every)
