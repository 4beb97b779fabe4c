"""Server time and queries of the public pages with 100,000 published decisions on PostgreSQL.

    .venv/bin/python bench/register.py [--decisions N] [--reuse] [--drop]

Builds its own database, bench_register on the local server (BENCH_POSTGRES_URL names another
server), migrates it, loads the seed records and generates a register around them: 30 offices
in all, providers and partners, plan priorities, 20,000 contracts and N published decisions
(the five seed copies among them; the rest go to the 27 offices it adds). Each generated copy
is the seed copy SCP/D/202425/003 with its titles, reference, summary, sections, contract and
contributions rewritten from a commissioning vocabulary, so the search words have a realistic
spread: "diversion" is in about 1% of the records, "victims" in about 20%. Rows are written
with COPY, and the register's search table (filled in one statement, its trigger held meanwhile)
and the full-text indexes are built once at the end; a few minutes in all.

It then serves the public pages through Django's test client in this process, as production
does (DEBUG off; static files by plain storage, since a checkout has no collectstatic
manifest), and prints each page's median and p95 time and its queries, beside a trivial view
measured the same way: the floor that middleware and the test client cost. The connection is
kept between requests with DATABASE_CONN_MAX_AGE=60, as deploy/env.example sets it for
production; what a new connection costs is printed on its own line. PDFs are stored in a
temporary folder. Times are wall-clock: on a shared machine compare them with the floor and
the load average printed with them.

Besides the register, a filtered page and two word searches it measures what users do that
used to grow with the register (issue 21): a search by reference (five generated Kent
references, some typed in another spelling, and WPCC4-0014), a search for "2016" (in 13% of
the records, all of them old), the register with the filters' options worked out afresh, a
filter by the rarest provider, the last numbered page and the deepest page (the oldest
decisions, reached by the "Next" links' keys).

--decisions 300000 builds a bigger register (about three times as long). BENCH_DATABASE
names another database than bench_register, so that two checkouts can keep one each.
--reuse keeps a database that already holds N decisions; --drop drops it at the end. Exits 1
if a page's query count differs between two decision pages or between the register's first
and fiftieth page, since queries must not grow with the register. The last line is the
figures as name=value pairs, for scripts.
"""

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
SERVER_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/")
# BENCH_DATABASE names another database, so that two checkouts can each keep their own.
DATABASE = os.environ.get("BENCH_DATABASE", "bench_register")
SEED_COPY = "SCP/D/202425/003"
NARROW_WORD = "diversion"  # in about 1% of the generated records
BROAD_WORD = "victims"  # in about 20%
# In the oldest records only: a decision's text names years up to three before it was made, and
# the generated register starts in April 2016, so "2016" is in none decided after 2019. A
# search walking the register from the newest copy meets its first match far down.
OLD_WORD = "2016"
NARROW_SHARE, BROAD_SHARE = 0.01, 0.20
BATCH = 5000
CONTRACTS = 20_000
RUNS, SLOW_RUNS, WARM_UP = 50, 20, 3
# Milliseconds, from the issue: "register and search median under 50 ms, decision page under
# 30 ms, cached PDF under 10 ms, first render of a five-page record under 1.5 s".
TARGETS = {
    "register": 50,
    "register_count": 50,
    "filtered": 50,
    "search": 50,
    "search_broad": 50,
    "search_reference": 50,
    "search_old": 50,
    "filter_options_cold": 50,
    "rare_provider": 50,
    "deepest_page": 50,
    "decision": 30,
    "pdf_cached": 10,
}
PDF_RENDER_TARGET = 1500


# The database -----------------------------------------------------------------------------------


def _server():
    import psycopg

    return psycopg.connect(SERVER_URL.rstrip("/") + "/postgres", autocommit=True)


def database_exists() -> bool:
    with _server() as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
        return found.fetchone() is not None


def current_copies() -> int | None:
    """How many current copies the bench database holds; None if it has none or no tables."""
    import psycopg

    try:
        with psycopg.connect(SERVER_URL.rstrip("/") + "/" + DATABASE) as connection:
            row = connection.execute(
                "SELECT count(*) FROM decisions_publishedcopy WHERE is_current"
            ).fetchone()
            return row[0]
    except psycopg.Error:
        return None


def create_database() -> None:
    with _server() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')


def drop_database() -> None:
    with _server() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def setup_django(media_root: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")
    os.environ["DATABASE_URL"] = SERVER_URL.rstrip("/") + "/" + DATABASE
    # Measured as production serves: DEBUG off, over plain HTTP from the test client.
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-register-only-never-used-to-serve")
    os.environ.setdefault("AUDIT_HMAC_KEYS", "bench:bench-register-only-never-used-to-seal-a-trail")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["MEDIA_ROOT"] = str(media_root)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # As deploy/env.example sets it: each app process keeps its connection between requests.
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")

    import django

    django.setup()


# Generating the register ----------------------------------------------------------------------

# The 27 offices added to the seed's three: (area, reference prefix, brand colour).
OFFICES = [
    ("Avon and Somerset", "ASP", "#003b5c"),
    ("Bedfordshire", "BED", "#00565b"),
    ("Cambridgeshire", "CAM", "#1d3557"),
    ("Cheshire", "CHE", "#4a2c6b"),
    ("Cleveland", "CLE", "#2b4162"),
    ("Cumbria", "CUM", "#005a32"),
    ("Derbyshire", "DER", "#283c63"),
    ("Devon and Cornwall", "DCP", "#0b3d91"),
    ("Dorset", "DOR", "#31446b"),
    ("Durham", "DUR", "#5b2333"),
    ("Dyfed-Powys", "DPP", "#1f4e3d"),
    ("Essex", "ESX", "#6a1b4d"),
    ("Gloucestershire", "GLO", "#12355b"),
    ("Gwent", "GWE", "#3d2c5b"),
    ("Hampshire", "HAM", "#153b50"),
    ("Hertfordshire", "HER", "#2f3e46"),
    ("Humberside", "HUM", "#0d3b66"),
    ("Kent", "KEN", "#3c1642"),
    ("Lancashire", "LAN", "#22333b"),
    ("Lincolnshire", "LIN", "#264653"),
    ("Norfolk", "NOR", "#1b4332"),
    ("North Wales", "NWA", "#3a0ca3"),
    ("North Yorkshire", "NYO", "#14213d"),
    ("Northamptonshire", "NTH", "#463f3a"),
    ("Northumbria", "NUM", "#2d3142"),
    ("Nottinghamshire", "NOT", "#004e64"),
    ("South Wales", "SWA", "#5e2750"),
]


def office_slug(area: str) -> str:
    return area.lower().replace(" ", "-")


# Topics: (service names, what the work is about). No word here stems to "victim" or
# "divers", so that the two search words are only where the generator puts them.
TOPICS = [
    (
        ["Domestic Abuse Outreach Service", "Independent Domestic Abuse Advisers", "Refuge"],
        "domestic abuse",
    ),
    (
        ["Serious Violence Prevention Programme", "Violence Reduction Unit", "Knife Crime Project"],
        "serious violence",
    ),
    (["Mental Health Street Triage", "Mental Health Crisis Support"], "mental health"),
    (
        ["Youth Intervention Service", "Youth Sports Mentoring", "Early Help for Young People"],
        "youth",
    ),
    (["Drug and Alcohol Treatment Service", "Substance Misuse Recovery Service"], "drugs"),
    (["Sexual Assault Referral Centre", "Rape Crisis Counselling"], "sexual violence"),
    (
        ["Integrated Offender Management", "Women's Centre", "Housing for Prison Leavers"],
        "reoffending",
    ),
    (
        ["Community Safety Partnership Grant", "Antisocial Behaviour Case Review"],
        "antisocial behaviour",
    ),
    (["Rural Crime Team", "Wildlife and Rural Crime Prevention"], "rural crime"),
    (["Road Safety Camera Partnership", "Speed Awareness Courses"], "road safety"),
    (["Cyber Crime Prevention Service", "Fraud Prevention Programme"], "fraud"),
    (["Modern Slavery Partnership", "Human Trafficking Support"], "modern slavery"),
    (["Custody Suite Replacement", "Police Headquarters Refurbishment"], "the estate"),
    (["Body Worn Video Replacement", "Fleet Replacement Programme", "Mobile Data Devices"], "ICT"),
    (["Restorative Justice Service"], "restorative justice"),
    (
        ["Safer Streets Fund", "Neighbourhood Watch Grant", "Town Centre CCTV Upgrade"],
        "neighbourhoods",
    ),
    (["Custody Healthcare Contract"], "custody healthcare"),
    (["Hate Crime Reporting Centre"], "hate crime"),
    (["Child Criminal Exploitation Service", "County Lines Rescue and Response"], "exploitation"),
]
NARROW_TOPIC = (["Drugs Diversion Scheme", "Out of Court Diversion Programme"], "drugs diversion")
KINDS = [
    "Contract Extension",
    "Contract Award",
    "Direct Award",
    "Grant Award",
    "Funding Agreement",
    "Variation to Contract",
    "Procurement Approval",
    "Collaboration Agreement",
    "Recommissioning",
    "Budget Approval",
]
# Decision statuses and how often each is published.
OUTCOMES = (["approved", "approved_with_conditions", "rejected"], [85, 10, 5])
PROCUREMENT_ROUTES = ["open", "competitive_flexible", "framework", "direct_award", "grant"]
PLACES = [
    "Northgate", "Riverside", "Horizon", "Beacon", "Meadow", "Harbour", "Summit", "Oakwood",
    "Phoenix", "Lighthouse", "Bridge", "Compass Point", "Fairway", "Hillside", "Evergreen",
    "Crossroads", "Haven", "Pathway", "Keystone", "Waymark",
]  # fmt: skip
PROVIDER_KINDS = [
    "Recovery Trust", "Support Services", "Community Interest Company", "Foundation",
    "Partnership", "Advice Centre", "Youth Trust", "Housing Association", "Health CIC",
    "Counselling Service", "Outreach", "Training Ltd", "Solutions Ltd", "Family Centre",
    "Mentoring Network", "Charitable Trust", "Care Services", "Project", "Alliance", "Hub",
]  # fmt: skip
FIRST_NAMES = [
    "Alex", "Sam", "Priya", "Tom", "Rachel", "David", "Helen", "Amir", "Claire", "Mark",
    "Sarah", "James", "Nadia", "Paul", "Joanne", "Gareth", "Fiona", "Kwame", "Lucy", "Ian",
]  # fmt: skip
SURNAMES = [
    "Patel", "Jones", "Hughes", "Okafor", "Morgan", "Clarke", "Evans", "Shah", "Walsh", "Price",
    "Bennett", "Khan", "Turner", "Davies", "Reid", "Lloyd", "Foster", "Ahmed", "Moss", "Hart",
]  # fmt: skip
MONTHS = ["April", "June", "July", "September", "October", "January"]
LEVELS = ["low", "medium", "moderate", "high"]
BOARDS = [
    "Police and Crime Panel",
    "Strategic Commissioning Board",
    "Community Safety Partnership",
    "Joint Audit Committee",
    "Local Criminal Justice Board",
]
BACKGROUND = [
    "The {service} has been delivered across {area} by {provider} since {month} {year}.",
    "This note seeks approval for a {kind} of {months} months at a cost of £{amount}.",
    "Funding comes from the Commissioner's commissioning budget for {fy}, with a contribution "
    "from {partner}.",
    "Performance against the contract's outcomes is reviewed at quarterly contract management "
    "meetings with {provider}.",
    "Referrals rose by {pct} per cent over the last year and the provider has met its key "
    "performance indicators.",
    "The Police and Crime Plan commits the Commissioner to reducing harm from {topic} and to "
    "commissioning services that work.",
    "The contract contains an option to extend for up to {months} months, subject to "
    "satisfactory performance.",
    "Commissioning officers will monitor spend monthly and report to the {board}.",
    "The service works closely with {partner} to support people at risk of harm in {area}.",
    "Demand for support with {topic} has grown, and waiting times have lengthened since {year}.",
    "The {service} is jointly funded, and each partner's share reflects its use of the service.",
    "{provider} will report quarterly on outcomes, including how many people engage with the "
    "service and complete their support.",
    "The work contributes to the priorities on {topic} agreed by the {board}.",
    "Local evaluation found that the service reduced repeat demand on the force by {pct} per cent.",
    "The Home Office grant for {topic} ends on 31 March, and this funding keeps the service "
    "running while a longer-term arrangement is agreed.",
]
OPTIONS = [
    "Option A: do nothing and let the contract end, leaving no service in {area}.",
    "Option B: take up the extension with {provider} for {months} months.",
    "Option C: go out to tender now; a new service could not start for at least {months} months.",
    "The preferred option is the {kind}, which keeps the service running at the lowest cost.",
    "Bringing the service in house was considered and rejected as more costly.",
]
OPTION_ROWS = [
    ("Option A", "Do nothing: let the current contract end and the service stop."),
    ("Option B", "Take up the {kind} with {provider} for a further {months} months."),
    ("Option C", "Go out to tender now, accepting a gap in the service in {area}."),
]
CONSULTATION = [
    "Partners including {partner} have been consulted and support the proposal.",
    "The proposal was discussed at the {board} in {month} {year}.",
    "People who use the service were asked for their views through {provider}'s feedback forms.",
    "The force's lead for {topic} has been consulted and supports the {kind}.",
]
LEGAL = [
    "Legal advice confirms that the proposal complies with the office's contract standing orders.",
    "The Commissioner may make grants under section 9 of the Anti-social Behaviour, Crime and "
    "Policing Act 2014.",
    "A further procurement will be run in {year} under the Procurement Act 2023.",
    "The {kind} is permitted by the framework's terms and needs no further advertisement.",
]
RISKS = [
    "The risk of a gap in provision is assessed as {level} and is recorded on the office's "
    "risk register.",
    "Should {provider} fail to deliver, the contract allows termination on three months' notice.",
    "Funding beyond {fy} is not yet confirmed, and the contract is written to allow for that.",
]
EQUALITY = [
    "An equality impact assessment has been completed and no adverse impact was identified.",
    "The service is open to everyone in {area} and makes reasonable adjustments where needed.",
    "Data sharing between the parties is covered by a data sharing agreement.",
]
RECOMMENDATIONS = [
    "Approve the {kind} for the {service} with {provider} for {months} months from "
    "{start}, at a cost of £{amount}.",
    "Note the contributions of the partners set out in this note.",
    "Delegate authority to the Chief Executive to agree the final terms with {provider}.",
]
BROAD = [
    "The service supports victims of {topic} in {area}, offering practical and emotional help.",
    "Victims and their families will keep receiving support throughout the criminal justice "
    "process.",
]
NARROW = [
    "The diversion scheme offers people found in possession of drugs an education course "
    "instead of a formal sanction.",
    "Referrals to the diversion programme come from officers across {area}.",
]
SECTION_TEXT = {
    "background": (BACKGROUND, 3, 6),
    "options": (OPTIONS, 1, 2),
    "consultation": (CONSULTATION, 1, 2),
    "legal": (LEGAL, 1, 1),
    "risks": (RISKS, 1, 2),
    "equality": (EQUALITY, 1, 1),
    "background_papers": (None, 0, 0),
}


class RegisterGenerator:
    """Writes the generated register with bulk inserts, batch by batch.

    Decisions get only the fields the public pages could read through a copy; everything the
    public sees (sections, contracts and contributions) is in the copy's frozen content, as
    publication.public_content() would have made it.
    """

    def __init__(self, decisions: int, rng: random.Random):
        from decisions.models import PublishedCopy

        self.total = decisions
        self.rng = rng
        self.base = PublishedCopy.objects.get(reference=SEED_COPY).content
        self.today = datetime.date.today()
        self.contract_content: dict[int, tuple[dict, dict, Decimal]] = {}

    def run(self) -> dict[str, int]:
        from commissioning.models import Office
        from decisions.models import PublishedCopy

        started = time.perf_counter()
        self._offices()
        self._organisations()
        self._contracts()
        print(
            f"offices, organisations and {len(self.contracts):,} contracts in "
            f"{time.perf_counter() - started:.1f} s"
        )
        started = time.perf_counter()
        generated = self.total - PublishedCopy.objects.filter(is_current=True).count()
        self._decisions(max(generated, 0))
        print(f"{generated:,} decisions and copies in {time.perf_counter() - started:.1f} s")
        return {
            "offices": Office.objects.count(),
            "contracts": len(self.contracts),
            "copies": PublishedCopy.objects.filter(is_current=True).count(),
        }

    # Reference rows, a few hundred in all, one by one.

    def _offices(self) -> None:
        from commissioning.models import FinancialYear, Office, Organisation, PlanPriority
        from decisions.models import DecisionTemplate

        for start_year in range(2015, self.today.year + 1):
            FinancialYear.objects.get_or_create(start_year=start_year)
        self.years = {fy.start_year: fy for fy in FinancialYear.objects.all()}
        for area, prefix, colour in OFFICES:
            organisation, _ = Organisation.objects.get_or_create(
                name=f"Office of the Police and Crime Commissioner for {area}",
                defaults={"short_name": area, "kind": Organisation.Kind.POLICING_BODY},
            )
            office, _ = Office.objects.get_or_create(
                slug=office_slug(area),
                defaults={
                    "organisation": organisation,
                    "name": organisation.name,
                    "short_name": area,
                    "decision_maker_title": f"Police and Crime Commissioner for {area}",
                    "decision_making_policy": "Decision-Making and Accountability Framework",
                    "reference_pattern": f"{prefix}/{{fy}}/{{seq:4}}",
                    "brand_colour": colour,
                },
            )
            DecisionTemplate.objects.get_or_create(
                office=office, name="Decision Record", defaults={"heading": "Decision record"}
            )
            for position, (_, topic) in enumerate(self.rng.sample(TOPICS, 5), start=1):
                PlanPriority.objects.get_or_create(
                    office=office,
                    position=position,
                    defaults={
                        "plan_title": "Police and Crime Plan",
                        "text": f"Reduce the harm caused by {topic} in {area}, working with "
                        "partners to prevent crime and keep people safe.",
                    },
                )
        # Generated decisions go to the new offices: the seed offices' reference schemes need
        # terms and initials, and their seed references must stay unique.
        self.offices = list(
            Office.objects.filter(slug__in=[office_slug(area) for area, _, _ in OFFICES])
            .select_related("organisation")
            .order_by("pk")
        )
        self.templates = {t.office_id: t for t in DecisionTemplate.objects.filter(is_default=True)}
        self.priorities: dict[int, list] = {}
        for priority in PlanPriority.objects.order_by("position"):
            self.priorities.setdefault(priority.office_id, []).append(priority)

    def _organisations(self) -> None:
        from commissioning.models import Organisation

        names = {f"{place} {kind}" for place in PLACES for kind in PROVIDER_KINDS}
        wanted = self.rng.sample(sorted(names), 300)
        partners = [f"{area} County Council" for area, _, _ in OFFICES]
        partners += [f"NHS {area} Integrated Care Board" for area, _, _ in OFFICES]
        partners += [f"{area} Constabulary" for area, _, _ in OFFICES]
        existing = set(Organisation.objects.values_list("name", flat=True))
        Organisation.objects.bulk_create(
            [
                Organisation(name=name, kind=Organisation.Kind.PROVIDER)
                for name in wanted
                if name not in existing
            ]
            + [
                Organisation(name=name, kind=Organisation.Kind.COUNCIL)
                for name in partners
                if name not in existing
            ]
        )
        self.providers = list(Organisation.objects.filter(name__in=wanted))
        self.partners = list(Organisation.objects.filter(name__in=partners)) + [
            office.organisation for office in self.offices
        ]

    def _contracts(self) -> None:
        from contracts.models import Contract, ContractParty
        from contracts.phasing import term_end

        rng = self.rng
        contracts, topics = [], []
        for number in range(1, CONTRACTS + 1):
            office = rng.choice(self.offices)
            topic = NARROW_TOPIC if rng.random() < NARROW_SHARE else rng.choice(TOPICS)
            starts_on = datetime.date(rng.randint(2015, self.today.year), rng.choice([4, 7, 10]), 1)
            months = rng.choice([12, 12, 24, 36])
            contracts.append(
                Contract(
                    title=f"{rng.choice(topic[0])} ({office.short_name})",
                    reference=f"C{number:05d}",
                    description=f"Services for {topic[1]} in {office.short_name}.",
                    lead_commissioner=office.organisation,
                    provider=rng.choice(self.providers),
                    procurement_route=rng.choice(PROCUREMENT_ROUTES),
                    starts_on=starts_on,
                    initial_term_months=months,
                    ends_on=term_end(starts_on, months),
                )
            )
            topics.append(topic)
        Contract.objects.bulk_create(contracts, batch_size=BATCH)
        parties = []
        for contract in contracts:
            organisations = {contract.lead_commissioner_id: "lead"}
            for partner in rng.sample(self.partners, rng.choice([0, 1, 1, 2, 3])):
                organisations.setdefault(partner.pk, "partner")
            for organisation_id, role in organisations.items():
                parties.append(
                    ContractParty(
                        contract=contract,
                        organisation_id=organisation_id,
                        role=role,
                        joined_on=contract.starts_on,
                    )
                )
        ContractParty.objects.bulk_create(parties, batch_size=BATCH)
        self.contracts = contracts
        self.contract_topics = {c.pk: topic for c, topic in zip(contracts, topics, strict=True)}
        self.contract_parties: dict[int, list] = {}
        for party in parties:
            self.contract_parties.setdefault(party.contract_id, []).append(party)
        self.by_lead: dict[int, list] = {}
        for contract in contracts:
            self.by_lead.setdefault(contract.lead_commissioner_id, []).append(contract)

    # Decisions and their copies, the bulk of the data.

    def _decisions(self, count: int) -> None:
        from django.db import connection, transaction

        from commissioning.financial_years import FinancialYearSpan
        from decisions.models import PublishedCopy, RegisterSearchRow

        rng = self.rng
        first = datetime.date(2016, 4, 1)
        span = (self.today - first).days
        # Decided in date order, so ids rise with dates as they do in a real register.
        days = sorted(first + datetime.timedelta(days=rng.randrange(span)) for _ in range(count))
        sequences: dict[tuple[int, int], int] = {}
        # The full-text indexes (the copies' and the register's search table's) are built once
        # at the end: updating them row by row would take longer than everything else. They
        # are rebuilt from their own definitions, as migrated. So is the search table: its
        # trigger is held while the copies are written, and the table filled in one statement.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
                "AND indexdef LIKE %s",
                [[PublishedCopy._meta.db_table, RegisterSearchRow._meta.db_table], "%USING gin%"],
            )
            gin_indexes = cursor.fetchall()
            for name, _ in gin_indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
            cursor.execute(
                "ALTER TABLE decisions_publishedcopy DISABLE TRIGGER register_search_row_on_insert"
            )
        for start in range(0, count, BATCH):
            rows = []
            for decided_on in days[start : start + BATCH]:
                office = rng.choice(self.offices)
                fy = FinancialYearSpan.containing(decided_on).start_year
                sequence = sequences[office.pk, fy] = sequences.get((office.pk, fy), 0) + 1
                rows.append((office, decided_on, fy, sequence))
            with transaction.atomic():
                self._batch(rows)
            done = start + len(rows)
            if sys.stdout.isatty():
                print(f"  {done:,} of {count:,} decisions", end="\r", flush=True)
            elif done % 25_000 < BATCH or done == count:
                print(f"  {done:,} of {count:,} decisions", flush=True)
        if sys.stdout.isatty():
            print()
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO decisions_registersearchrow (copy_id, published_on, search_vector) "
                "SELECT id, published_on, search_vector FROM decisions_publishedcopy "
                "WHERE is_current AND removed_on IS NULL ON CONFLICT (copy_id) DO NOTHING"
            )
            cursor.execute(
                "ALTER TABLE decisions_publishedcopy ENABLE TRIGGER register_search_row_on_insert"
            )
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for _, definition in gin_indexes:
                cursor.execute(definition)
        print(f"search table and full-text indexes built in {time.perf_counter() - started:.1f} s")

    def _batch(self, rows) -> None:
        import json

        from commissioning.references import ReferenceParts, reference_key
        from decisions.frozen import FrozenEncoder
        from decisions.models import Decision, PublishedCopy
        from decisions.publication import reference_slug, search_text

        rng = self.rng
        decisions, copies = CopyRows(Decision), CopyRows(PublishedCopy)
        providers = CopyRows(PublishedCopy.providers.through)
        partners = CopyRows(PublishedCopy.partners.through)
        priorities = CopyRows(PublishedCopy.priorities.through)
        contracts = CopyRows(Decision.contracts.through)
        decision_ids = decisions.reserve_ids(len(rows))
        copy_ids = copies.reserve_ids(len(rows))
        for (office, decided_on, fy, sequence), decision_id, copy_id in zip(
            rows, decision_ids, copy_ids, strict=True
        ):
            reference = office.reference_scheme.format(
                ReferenceParts(sequence=sequence, financial_year=f"{fy}{(fy + 1) % 100:02d}")
            )
            status = rng.choices(*OUTCOMES)[0]
            published_on = min(decided_on + datetime.timedelta(days=rng.randint(0, 14)), self.today)
            contract = None
            if rng.random() < 0.8 and self.by_lead.get(office.organisation_id):
                contract = rng.choice(self.by_lead[office.organisation_id])
            content, text, title, summary, priority_ids = self._content(
                office, reference, status, decided_on, published_on, fy, contract
            )
            if copy_id == copy_ids[0]:
                # The generated search text must be what publication would have indexed.
                self._check_search_text(text, search_text(content))
            is_key = content["decision"]["is_key_decision"]
            decisions.add(
                id=decision_id,
                office_id=office.pk,
                template_id=self.templates[office.pk].pk,
                reference=reference,
                reference_key=reference_key(reference),
                reference_period=office.period_of_reference(reference, decided_on),
                title=title,
                status=status,
                decided_on=decided_on,
                drafted_on=decided_on - datetime.timedelta(days=rng.randint(1, 30)),
                published_on=published_on,
                is_key_decision=is_key,
            )
            copies.add(
                id=copy_id,
                decision_id=decision_id,
                office_id=office.pk,
                reference=reference,
                slug=reference_slug(reference),
                title=title,
                summary_text=summary,
                decided_on=decided_on,
                published_on=published_on,
                published_at=datetime.datetime.combine(
                    published_on, datetime.time(10, 0), tzinfo=datetime.UTC
                ),
                financial_year_id=self.years[fy].pk,
                is_key_decision=is_key,
                status=status,
                content=json.dumps(content, cls=FrozenEncoder),
                search_text=text,
            )
            for priority_id in priority_ids:
                priorities.add(publishedcopy_id=copy_id, planpriority_id=priority_id)
            if contract is not None:
                providers.add(publishedcopy_id=copy_id, organisation_id=contract.provider_id)
                for party in self.contract_parties[contract.pk]:
                    partners.add(publishedcopy_id=copy_id, organisation_id=party.organisation_id)
                contracts.add(decision_id=decision_id, contract_id=contract.pk)
        for table in (decisions, copies, providers, partners, priorities, contracts):
            table.write()

    @staticmethod
    def _check_search_text(generated: str, expected: str) -> None:
        if generated != expected:
            import difflib

            diff = difflib.unified_diff(
                generated.splitlines(), expected.splitlines(), lineterm="", n=0
            )
            raise SystemExit(
                "The generated search text no longer matches decisions.publication.search_text:\n"
                + "\n".join(diff)
            )

    def _content(self, office, reference, status, decided_on, published_on, fy, contract):
        """The copy's frozen content and its search text: the seed copy's, with everything a
        reader or a search would notice rewritten. Shares the seed's unchanged parts (the
        content is only serialised, never changed)."""
        from django.utils.text import slugify

        from decisions.models import Decision

        rng, base = self.rng, self.base
        if contract is not None:
            topic = self.contract_topics[contract.pk]
            provider_name = self._name(contract.provider_id)
        else:
            topic = NARROW_TOPIC if rng.random() < NARROW_SHARE else rng.choice(TOPICS)
            provider_name = rng.choice(self.providers).name
        narrow = topic is NARROW_TOPIC
        broad = rng.random() < BROAD_SHARE
        service = rng.choice(topic[0])
        kind = rng.choice(KINDS)
        title = f"{kind} – {service}"
        fy_label = f"{fy}/{(fy + 1) % 100:02d}"
        words = {
            "service": service,
            "area": office.short_name,
            "provider": provider_name,
            "partner": rng.choice(self.partners).name,
            "month": rng.choice(MONTHS),
            "year": decided_on.year - rng.randint(0, 3),
            "kind": kind.lower(),
            "months": rng.choice([6, 9, 12, 24]),
            "amount": f"{rng.randint(5, 900) * 1000:,}",
            "fy": fy_label,
            "pct": rng.randint(3, 40),
            "topic": topic[1],
            "board": rng.choice(BOARDS),
            "level": rng.choice(LEVELS),
            "start": f"{decided_on + datetime.timedelta(days=30):%-d %B %Y}",
        }

        def paragraphs(sentences, low, high, extra=()):
            chosen = []
            for _ in range(rng.randint(low, high)):
                count = min(rng.randint(2, 4), len(sentences))
                chosen.append(" ".join(s.format(**words) for s in rng.sample(sentences, count)))
            if extra:
                chosen.insert(0, " ".join(s.format(**words) for s in extra))
            return chosen

        special = [*(NARROW if narrow else ()), *(BROAD if broad else ())]
        summary = paragraphs(BACKGROUND, 1, 2, special)
        sections, section_text = [], []
        for view in base["sections"]:
            section = view["section"]
            sentences, low, high = SECTION_TEXT.get(section["key"], (BACKGROUND, 1, 2))
            body = paragraphs(sentences, low, high) if sentences else []
            if section["key"] == "background" and special:
                body.append(" ".join(s.format(**words) for s in special))
            html = "".join(f"<p>{text}</p>" for text in body)
            options = []
            if section["key"] == "options":
                options = [
                    {"label": label, "description": text.format(**words), "was_preferred": i == 1}
                    for i, (label, text) in enumerate(OPTION_ROWS[: rng.randint(2, 3)])
                ]
            sections.append(
                {
                    **view,
                    "section": {**section, "body": html},
                    "options": options,
                    "is_empty": not (html or options),
                }
            )
            section_text += [section["heading"], "\n\n".join(body)]
            section_text += [option["description"] for option in options]
        recommendations = [
            {"number": number, "text": text.format(**words)}
            for number, text in enumerate(RECOMMENDATIONS[: rng.randint(1, 3)], start=1)
        ]
        office_priorities = self.priorities[office.pk]
        chosen_priorities = rng.sample(office_priorities, rng.choice([1, 1, 2]))
        contracts, tables, committed, contract_text = [], [], None, []
        if contract is not None:
            contract_dict, table, total = self._contract(contract, fy_label)
            contracts, tables, committed = [contract_dict], [table], total
            contract_text = [contract_dict["title"], provider_name] + [
                p["name"] for p in contract_dict["partners"]
            ]
        is_key = rng.random() < 0.3
        status_label = Decision.Status(status).label
        maker = office.decision_maker_title
        sign_offs = [
            *base["sign_offs"][:-1],
            {
                **base["sign_offs"][-1],
                "sign_off": {
                    **base["sign_offs"][-1]["sign_off"],
                    "label": f"Approval by the {maker}",
                    "signed_title": maker,
                    "signed_on": decided_on,
                },
            },
        ]
        summary_html = "".join(f"<p>{text}</p>" for text in summary)
        content = {
            **base,
            "decision": {
                **base["decision"],
                "title": title,
                "reference": reference,
                "summary": summary_html,
                "status": str(status),
                "get_status_display": status_label,
                "decided_on": decided_on,
                "drafted_on": decided_on,
                "received_on": decided_on,
                "required_by": decided_on,
                "effective_from": decided_on + datetime.timedelta(days=30),
                "is_key_decision": is_key,
                "is_urgent": False,
                "urgency_reason": "",
                "empowered_to_decide": maker,
            },
            "office": {
                "name": office.name,
                "short_name": office.short_name,
                "slug": office.slug,
                "decision_maker_title": maker,
                "decision_making_policy": office.decision_making_policy,
                "brand_colour": office.brand_colour,
                "website": office.website,
            },
            "heading": f"Request for decision by the {maker}",
            "reference": reference,
            "status": status_label,
            "document_title": f"{reference} – {title}",
            "lead_officers": [{"name": f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"}],
            "priorities": [{"plan_title": p.plan_title, "text": p.text} for p in chosen_priorities],
            "contracts": contracts,
            "tables": tables,
            "committed": committed,
            "sections": sections,
            "recommendations": recommendations,
            "conditions": base["conditions"]
            if status == Decision.Status.APPROVED_WITH_CONDITIONS
            else [],
            "sign_offs": sign_offs,
            "first_published_on": published_on,
            "corrections": [],
            "links": [],
        }
        # decisions.publication.search_text, built from the parts as generated (parsing the
        # HTML again for every copy would take most of the generation time).
        text = [
            reference,
            " ".join(filter(None, slugify(reference).split("-"))),
            "".join(ch for ch in reference if ch.isalnum()),
            title,
            office.name,
            "\n\n".join(summary),
            *section_text,
            *(r["text"] for r in recommendations),
            *contract_text,
            *(p.text for p in chosen_priorities),
        ]
        copy_text = "\n".join(part for part in text if part)
        priority_ids = [p.pk for p in chosen_priorities]
        return content, copy_text, title, "\n\n".join(summary), priority_ids

    def _name(self, organisation_id: int) -> str:
        if not hasattr(self, "_names"):
            from commissioning.models import Organisation

            self._names = dict(Organisation.objects.values_list("pk", "name"))
        return self._names[organisation_id]

    def _contract(self, contract, fy_label: str):
        """A contract as a published decision shows it, with its contribution table; built
        once per contract and shared by the decisions that name it."""
        if contract.pk in self.contract_content:
            return self.contract_content[contract.pk]
        rng = self.rng
        parties = self.contract_parties[contract.pk]
        rows, partner_rows = [], []
        for party in parties:
            amount = Decimal(rng.randint(2_000, 250_000))
            volume = rng.randint(20, 3000)
            projected = rng.randint(20, 3000)
            name = self._name(party.organisation_id)
            rows.append(
                {
                    "id": len(rows) + 1,
                    "contributor": name,
                    "contributor_short": name.removeprefix(
                        "Office of the Police and Crime Commissioner for "
                    ),
                    "financial_year": fy_label,
                    "starts_on": contract.starts_on,
                    "ends_on": contract.ends_on,
                    "term_part": "initial",
                    "amount": amount,
                    "funding_source": "Office budget (precept and core grant)",
                    "contracted_volume": volume,
                    "projected_volume": projected,
                }
            )
            partner_rows.append(_money_row(name, amount, volume, projected))
        total = sum((row["amount"] for row in rows), Decimal(0))
        volume = sum(row["contracted_volume"] for row in rows)
        projected = sum(row["projected_volume"] for row in rows)
        lead = self._name(contract.lead_commissioner_id)
        contract_dict = {
            "id": contract.pk,
            "title": contract.title,
            "reference": contract.reference,
            "description": contract.description,
            "provider": {"name": self._name(contract.provider_id)},
            "lead_commissioner": {"name": lead},
            "partners": [
                {
                    "name": self._name(p.organisation_id),
                    "role": p.role,
                    "joined_on": p.joined_on,
                }
                for p in parties
            ],
            "procurement_route": contract.get_procurement_route_display(),
            "starts_on": contract.starts_on,
            "ends_on": contract.ends_on,
            "initial_term_months": contract.initial_term_months,
            "volume_unit": contract.volume_unit,
            "events": [
                {
                    "kind": "award",
                    "get_kind_display": "Award",
                    "effective_on": contract.starts_on,
                    "months": contract.initial_term_months,
                    "new_end_date": None,
                    "description": f"Awarded for {contract.initial_term_months} months.",
                }
            ],
            "contributions": rows,
        }
        table = {
            "table": {
                "title": f"Contributions for {fy_label}",
                "note": "",
                "contract_id": contract.pk,
            },
            "by_partner": True,
            "partner_rows": partner_rows,
            "year_rows": [],
            "totals": {**_money_row(None, total, volume, projected), "contributor": None},
            "amount_heading": f"{fy_label} Contract Value",
            "extension_heading": "",
            "show_extension": False,
            "volume_unit": contract.volume_unit,
        }
        built = (contract_dict, table, total)
        self.contract_content[contract.pk] = built
        return built


class CopyRows:
    """Rows for one table, written with PostgreSQL's COPY: bulk_create spends most of its time
    quoting 25 KB of JSON and text per copy into SQL. Columns not given get the model's
    defaults, as bulk_create would give them; ids are reserved from the table's sequence."""

    def __init__(self, model):
        from django.utils import timezone

        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        now = timezone.now()
        self.defaults = {
            f.attname: now
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else f.get_default()
            for f in self.fields
        }
        self.rows: list[list] = []
        self.with_ids = False

    def reserve_ids(self, count: int) -> range:
        from django.db import connection

        self.with_ids = True
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(seq::regclass, nextval(seq::regclass) + %s - 1) "
                "FROM pg_get_serial_sequence(%s, 'id') AS seq",
                [count, self.model._meta.db_table],
            )
            last = cursor.fetchone()[0]
        return range(last - count + 1, last + 1)

    def add(self, id=None, **values) -> None:
        row = [values[f.attname] if f.attname in values else self.defaults[f.attname]
               for f in self.fields]  # fmt: skip
        self.rows.append([id, *row] if self.with_ids else row)

    def write(self) -> None:
        from django.db import connection

        if not self.rows:
            return
        columns = (["id"] if self.with_ids else []) + [f.column for f in self.fields]
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        sql = f"COPY {connection.ops.quote_name(self.model._meta.db_table)} ({names}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in self.rows:
                copy.write_row(row)
        self.rows = []


def _money_row(name, amount: Decimal, volume: int, projected: int) -> dict:
    cent = Decimal("0.01")
    return {
        "contributor": {"display_name": name, "name": name} if name else None,
        "amount": amount,
        "initial": amount,
        "extension": Decimal(0),
        "contracted_volume": volume,
        "projected_volume": projected,
        "contracted_unit_cost": (amount / volume).quantize(cent),
        "projected_unit_cost": (amount / projected).quantize(cent),
    }


def generate(decisions: int) -> float:
    """Migrates the empty database, loads the seed records and generates the rest; returns
    the seconds it took."""
    from django.core.management import call_command
    from django.db import connection

    from decisions.seed.loader import load_seed_records

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    load_seed_records()
    print(f"migrated and seeded in {time.perf_counter() - started:.1f} s")
    counts = RegisterGenerator(decisions, random.Random(2026)).run()
    print(f"built in {time.perf_counter() - started:.1f} s: {counts}")
    vacuum = time.perf_counter()
    # What autovacuum would have done by the time a real register had grown this big: fresh
    # statistics for the planner and a visibility map for index-only counts.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE in {time.perf_counter() - vacuum:.1f} s")
    return time.perf_counter() - started


# Measuring --------------------------------------------------------------------------------------


def _fetch(client, url: str):
    response = client.get(url)
    # Read the whole body: a streamed response (the PDF) does its work as it is read.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}: {body[:300]!r}")
    return body


def measure(client, urls: list[str], runs: int, before=None) -> dict:
    """Milliseconds for `runs` requests, going round `urls`, after a warm-up of the first;
    `before` (untimed) runs before each request."""
    for _ in range(WARM_UP):
        _fetch(client, urls[0])
    times = []
    for run in range(runs):
        url = urls[run % len(urls)]
        if before is not None:
            before()
        started = time.perf_counter()
        _fetch(client, url)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "median": statistics.median(times),
        "p95": statistics.quantiles(times, n=20, method="inclusive")[18],
        "min": min(times),
    }


def queries_for(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        _fetch(client, url)
    return len(queries)


def scalar(sql: str, params=()):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    uname = os.uname()
    return (
        f"machine: {uname.sysname} {uname.release} {uname.machine}, {os.cpu_count()} CPUs"
        f"{f' ({model})' if model else ''}, Python {platform.python_version()}, PostgreSQL "
        f"{scalar('SHOW server_version')} (shared_buffers {scalar('SHOW shared_buffers')}, "
        f"work_mem {scalar('SHOW work_mem')}); load average "
        + " ".join(f"{load:.1f}" for load in os.getloadavg())
    )


def pdf_pages(data: bytes) -> int | str:
    try:
        from io import BytesIO

        from pypdf import PdfReader
    except ImportError:
        return "?"
    return len(PdfReader(BytesIO(data)).pages)


def run_benchmark(decisions: int, generated_in: float | None) -> int:
    """Prints the table, the machine and the figures; returns the exit status."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings

    from bench.floor_urls import FLOOR_PATH
    from commissioning.financial_years import FinancialYearSpan
    from commissioning.models import FinancialYear
    from decisions.models import PublishedCopy
    from decisions.public import register
    from decisions.publication import store_pdf

    copies = PublishedCopy.objects.public()
    total = copies.count()
    # A reused database may name PDFs stored in an earlier run's temporary folder.
    PublishedCopy.objects.exclude(pdf="").update(pdf="", pdf_sha256="", pdf_size=None)

    later = min(50, -(-total // register.PAGE_SIZE))  # page 50, or the last page if fewer
    rng = random.Random(7)
    ids = list(copies.filter(office__slug="kent").values_list("pk", flat=True))
    sample = rng.sample(ids, min(RUNS, len(ids)))
    slugs = list(PublishedCopy.objects.filter(pk__in=sample).values_list("slug", flat=True))
    rng.shuffle(slugs)
    # Kent's key decisions in the last full financial year.
    year = FinancialYear.objects.get(
        start_year=FinancialYearSpan.containing(datetime.date.today()).start_year - 1
    )
    filter_url = f"/decisions/?office=kent&year={year.start_year}&key=yes"
    pdf_copy = PublishedCopy.objects.get(slug=slugs[0])
    seed_copy = PublishedCopy.objects.get(reference=SEED_COPY, is_current=True)

    matches = {}
    for word in (NARROW_WORD, BROAD_WORD):
        matches[word] = scalar(
            "SELECT count(*) FROM decisions_publishedcopy WHERE is_current AND "
            "to_tsvector('english', COALESCE(search_text, '')) @@ "
            "websearch_to_tsquery('english', %s)",
            [word],
        )
    filter_rows = copies.filter(
        office__slug="kent", financial_year=year, is_key_decision=True
    ).count()
    # References typed as people type them: one in another spelling (lower case, the
    # sequence without its leading zeros), one as printed.
    kent = list(PublishedCopy.objects.filter(pk__in=sample[:5]).values_list("reference", flat=True))
    typed_references = [
        reference.lower().replace("/0", "/", 1) if i % 2 else reference
        for i, reference in enumerate(kent)
    ] + ["WPCC4-0014"]
    old_matches = scalar(
        "SELECT count(*) FROM decisions_publishedcopy WHERE is_current AND "
        "to_tsvector('english', COALESCE(search_text, '')) @@ "
        "websearch_to_tsquery('english', %s)",
        [OLD_WORD],
    )
    # The provider of fewest public decisions (at least one).
    from django.db.models import Count

    rare = (
        PublishedCopy.providers.through.objects.filter(publishedcopy__in=copies.values("pk"))
        .values("organisation_id")
        .annotate(copies=Count("*"))
        .order_by("copies", "organisation_id")
        .values_list("organisation_id", "copies")
        .first()
    )
    # The deepest page a reader can reach by links: the oldest decisions. Numbered pages stop
    # at register.MAX_PAGE; beyond them (where the code has them) pages are keyed by the last
    # decision shown, and the oldest page starts after the 21st oldest.
    last_numbered = min(register.MAX_PAGE, -(-total // register.PAGE_SIZE))
    try:
        from decisions.public import paging
    except ImportError:
        paging = None
    if paging is not None and total > register.MAX_PAGE * register.PAGE_SIZE:
        oldest = copies.order_by("published_on", "pk")[register.PAGE_SIZE]
        deepest_url = f"/decisions/?after={paging.key_of(oldest)}"
    else:
        deepest_url = f"/decisions/?page={last_numbered}"

    pages = [
        ("floor", "trivial view", [FLOOR_PATH], RUNS),
        ("register", "/decisions/ (its total cached)", ["/decisions/"], RUNS),
        ("register_count", "/decisions/, counting its total", ["/decisions/"], RUNS),
        ("register_page50", f"/decisions/?page={later}", [f"/decisions/?page={later}"], RUNS),
        ("filtered", f"{filter_url} ({filter_rows} rows)", [filter_url], RUNS),
        (
            "search",
            f"?q={NARROW_WORD} ({matches[NARROW_WORD] / total:.1%} of rows)",
            [f"/decisions/?q={NARROW_WORD}"],
            RUNS,
        ),
        (
            "search_broad",
            f"?q={BROAD_WORD} ({matches[BROAD_WORD] / total:.1%} of rows)",
            [f"/decisions/?q={BROAD_WORD}"],
            RUNS,
        ),
        (
            "search_reference",
            f"?q=<reference> ({len(typed_references)} different: KEN/…, WPCC4-0014)",
            [f"/decisions/?q={quote(typed)}" for typed in typed_references],
            RUNS,
        ),
        (
            "search_old",
            f"?q={OLD_WORD} ({old_matches / total:.1%} of rows, all old)",
            [f"/decisions/?q={OLD_WORD}"],
            RUNS,
        ),
        (
            "filter_options_cold",
            "/decisions/, the filters' options worked out afresh",
            ["/decisions/"],
            SLOW_RUNS,
        ),
        (
            "rare_provider",
            f"?provider=<the rarest> ({rare[1] if rare else 0} rows)",
            [f"/decisions/?provider={rare[0] if rare else ''}"],
            RUNS,
        ),
        (
            "last_numbered",
            f"/decisions/?page={last_numbered}",
            [f"/decisions/?page={last_numbered}"],
            RUNS,
        ),
        ("deepest_page", f"{deepest_url} (the oldest)", [deepest_url], RUNS),
        (
            "decision",
            f"/decisions/<slug>/ ({len(slugs)} different)",
            [f"/decisions/{slug}/" for slug in slugs],
            RUNS,
        ),
        ("feed", "/decisions/feed/", ["/decisions/feed/"], SLOW_RUNS),
        ("pdf_cached", pdf_copy.get_pdf_url(), [pdf_copy.get_pdf_url()], RUNS),
    ]
    results, figures = {}, {"decisions": total}
    plain_storage = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(ROOT_URLCONF="bench.floor_urls", STORAGES=plain_storage):
        client = Client()
        # The pages first, before WeasyPrint's import and a render fill the process's heap.
        for name, _, urls, runs in pages:
            if name == "pdf_cached":
                started = time.perf_counter()
                import weasyprint  # noqa: F401  (the renderer imports it lazily)

                weasyprint_ms = (time.perf_counter() - started) * 1000
                started = time.perf_counter()
                pdf = _fetch(client, pdf_copy.get_pdf_url())
                first_render_ms = (time.perf_counter() - started) * 1000
                first_pages = pdf_pages(pdf)
            # The register's total is kept for a minute (and until something is published):
            # also measured as the first visitor after that pays for it.
            forget_total = {
                "register_count": lambda: cache.delete(register._cache_key("register-count")),
                # As a fresh worker, or the first visitor after a publication, pays for them.
                # The options and the digest the front pages are keyed on expire together.
                "filter_options_cold": lambda: cache.delete_many(
                    [
                        register._cache_key("register-filter-choices"),
                        register._cache_key("register-filter-digest"),
                    ]
                ),
            }.get(name)
            results[name] = measure(client, urls, runs, before=forget_total)
            if forget_total is not None:
                forget_total()
            results[name]["queries"] = queries_for(client, urls[0])
        other_decision = queries_for(client, f"/decisions/{slugs[1]}/")

        renders = []
        for _ in range(3):
            started = time.perf_counter()
            stored = store_pdf(seed_copy.pk, force=True)
            renders.append((time.perf_counter() - started) * 1000)
        with stored.pdf.open("rb") as handle:
            seed_pages = pdf_pages(handle.read())

    connects = []
    for _ in range(5):
        connection.close()
        started = time.perf_counter()
        connection.ensure_connection()
        connects.append((time.perf_counter() - started) * 1000)
    connect_ms = statistics.median(connects)

    header = f"{'page':<16} {'what':<52} {'median':>7} {'p95':>7} {'min':>7} {'queries':>7}  target"
    print()
    print(header)
    print("-" * len(header))
    for name, what, _, _ in pages:
        result = results[name]
        target = TARGETS.get(name)
        verdict = ""
        if target:
            verdict = f"< {target} ms {'ok' if result['median'] < target else 'MISSED'}"
        print(
            f"{name:<16} {what[:52]:<52} {result['median']:>7.1f} {result['p95']:>7.1f} "
            f"{result['min']:>7.1f} {result['queries']:>7}  {verdict}"
        )
    print("(milliseconds of server time through the test client; floor = middleware alone)")
    print()
    render_ms = statistics.median(renders)
    print(f"import weasyprint: {weasyprint_ms:.0f} ms (once per process, before the first PDF)")
    print(
        f"first PDF request, rendering and storing {pdf_copy.reference} ({first_pages} pages): "
        f"{first_render_ms:.0f} ms"
    )
    print(
        f"store_pdf({SEED_COPY}, force=True), {seed_pages} pages: median {render_ms:.0f} ms of "
        f"3 ({', '.join(f'{t:.0f}' for t in renders)}); target < {PDF_RENDER_TARGET} ms "
        f"{'ok' if render_ms < PDF_RENDER_TARGET else 'MISSED'}"
    )
    print(f"a new database connection: {connect_ms:.1f} ms (paid per request with CONN_MAX_AGE 0)")
    size = scalar("SELECT pg_database_size(current_database())")
    print(
        f"database {DATABASE}: {size / 1024**2:,.0f} MiB"
        + (f"; generated in {generated_in:.0f} s" if generated_in is not None else "; reused")
    )
    print(machine())

    status = 0
    checks = [
        (f"register page 1 and page {later}", results["register"]["queries"],
         results["register_page50"]["queries"]),
        ("two decision pages", results["decision"]["queries"], other_decision),
    ]  # fmt: skip
    for what, first, second in checks:
        if first != second:
            print(f"QUERIES DIFFER between {what}: {first} and {second}")
            status = 1

    for name in ("floor", "register", "register_count", "filtered", "search", "search_broad",
                 "search_reference", "search_old", "rare_provider", "last_numbered",
                 "deepest_page", "decision", "feed", "pdf_cached"):  # fmt: skip
        figures[f"{name}_median_ms"] = f"{results[name]['median']:.1f}"
        figures[f"{name}_p95_ms"] = f"{results[name]['p95']:.1f}"
        figures[f"{name}_queries"] = results[name]["queries"]
    figures["filter_options_cold_ms"] = f"{results['filter_options_cold']['median']:.1f}"
    figures["pdf_first_render_ms"] = f"{first_render_ms:.0f}"
    figures["pdf_record_render_ms"] = f"{render_ms:.0f}"
    figures["pdf_record_pages"] = seed_pages
    figures["db_connect_ms"] = f"{connect_ms:.1f}"
    figures["db_size_mb"] = f"{size / 1024**2:.0f}"
    if generated_in is not None:
        figures["generate_s"] = f"{generated_in:.0f}"
    figures["queries_constant"] = "yes" if status == 0 else "no"
    # The stored PDFs go with the temporary folder: leave no names pointing into it.
    PublishedCopy.objects.exclude(pdf="").update(pdf="", pdf_sha256="", pdf_size=None)
    connection.close()
    print(" ".join(f"{name}={value}" for name, value in figures.items()))
    return status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--decisions", type=int, default=100_000, help="published decisions (default 100000)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database if it holds that many already"
    )
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    args = parser.parse_args()
    if args.decisions < 100:
        parser.error("--decisions must be at least 100")

    reuse = args.reuse and database_exists() and current_copies() == args.decisions
    if not reuse:
        if args.reuse:
            print(f"{DATABASE} does not hold {args.decisions:,} decisions: generating them")
        create_database()
    with tempfile.TemporaryDirectory(prefix="register-bench-") as media:
        setup_django(Path(media))
        if reuse:
            from django.core.management import call_command

            # A reused database catches up with migrations added since it was generated.
            call_command("migrate", verbosity=0, interactive=False)
        generated_in = None if reuse else generate(args.decisions)
        status = run_benchmark(args.decisions, generated_in)
    if args.drop:
        from django.db import connections

        connections.close_all()
        drop_database()
        print(f"dropped {DATABASE}", file=sys.stderr)
    sys.exit(status)


if __name__ == "__main__":
    main()
