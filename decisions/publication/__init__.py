"""Publication: what of a decided note the public may see, and the frozen copy they see.

The Monitoring Officer (or the role the office names) records the publication determination:
the record, the assessment and the details each published, part redacted or withheld, the
sections withheld and the exemptions relied on, a deferral and a review date. Publishing then
freezes the public version of the record into a `PublishedCopy` (decisions.public_copy). Every
public page, feed, export and PDF reads that copy and nothing else, so what was withheld at
publication cannot reach the public later by any route: it was never in the copy.

Withholding, from the widest to the narrowest:
- the determination's record "No": nothing is published;
- its assessment "No": every section of the report, the rationale and signers' comments are
  replaced by a notice;
- its details "No": the money tables, contracts and appendices are left out, with a notice;
- a confidential section: its heading stays, its text is replaced by the notice;
- a marked passage inside rich text (`<span data-exemption="s43">`): replaced by the notice.
A Part 1 / Part 2 split is the same thing: Part 2's sections are confidential sections.

The rooms: who may publish (permissions), determining and publishing (publishing), taking down
(takedown) and the stored PDF (files).
"""

from decisions.exemptions import redaction_notice
from decisions.public_copy import marked_exemptions, newly_withheld, public_content, search_text
from decisions.publication.files import ensure_pdf, store_pdf
from decisions.publication.permissions import may_publish, publisher_title, status_of
from decisions.publication.publishing import (
    content_digest,
    determine,
    not_publishable,
    publication_day,
    publish,
    publish_due,
    publish_existing,
    reference_slug,
)
from decisions.publication.takedown import Scope, take_down
from decisions.transitions import PUBLISHABLE

__all__ = [
    "PUBLISHABLE",
    "Scope",
    "content_digest",
    "determine",
    "ensure_pdf",
    "marked_exemptions",
    "may_publish",
    "newly_withheld",
    "not_publishable",
    "public_content",
    "publication_day",
    "publish",
    "publish_due",
    "publish_existing",
    "publisher_title",
    "redaction_notice",
    "reference_slug",
    "search_text",
    "status_of",
    "store_pdf",
    "take_down",
]
