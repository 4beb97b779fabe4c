"""The register's search table: a narrow row for each copy on the register, with its text
vector, so that sorting every match of a search by date reads few pages.

A word whose matches are all old ("2016" at 300,000 decisions: 40,000 matches, none among the
newest copies) has every match sorted by date to find its newest twenty. Read from the
published copies, each match is a read of a wide row (about ten fill a page of that table, each
holding its frozen record); here well over a hundred fill a page, the vector being kept apart
(TOAST) since the search needs only the index.

On PostgreSQL the table is kept by the database: a trigger on the published copies (decisions
migration 0026) writes a row for each copy that is current and not taken down, and deletes it
when the copy is replaced or taken down, whatever wrote the copy. On SQLite the table stays
empty: the register there searches the copies' text itself (`decisions.public.register`).
"""

from django.db import models
from django.utils import timezone

# The same words as the copies' own search (decisions.public.register.SEARCH_MATCHES).
MATCHES = '"decisions_registersearchrow"."search_vector" @@ websearch_to_tsquery(\'english\', %s)'


class RegisterSearchRowQuerySet(models.QuerySet):
    def public_matches(self, words: str, or_copies: list[int] = (), today=None):
        """The rows of copies the public may see today whose text has the words (or whose copy
        is one of `or_copies`: a reference's). The trigger keeps only current copies not taken
        down; the day a deferred copy becomes public is asked here, as
        `PublishedCopy.objects.public()` asks it."""
        today = today or timezone.localdate()
        rows = self.filter(published_on__lte=today)
        if not or_copies:
            return rows.extra(where=[MATCHES], params=[words])
        return rows.extra(
            where=[f'({MATCHES} OR "decisions_registersearchrow"."copy_id" = ANY(%s::bigint[]))'],
            params=[words, list(or_copies)],
        )


class RegisterSearchRow(models.Model):
    """A copy on the register, as its search sorts it. Written only by the database's trigger;
    nothing in the application writes one."""

    copy = models.OneToOneField(
        "decisions.PublishedCopy",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    published_on = models.DateField()

    objects = RegisterSearchRowQuerySet.as_manager()

    def __str__(self):
        return f"Search row of copy {self.copy_id}"
