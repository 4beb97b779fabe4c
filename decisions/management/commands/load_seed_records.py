from django.core.management.base import BaseCommand

from decisions.seed.loader import load_seed_records


class Command(BaseCommand):
    help = (
        "Loads the five published seed decision records with their offices, people, contracts "
        "and contributions. Safe to run again: a second run changes nothing."
    )

    def handle(self, *args, **options):
        counts = load_seed_records()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Seed records loaded: {summary}."))
