"""What publishing now would put before the public, part by part, for the page that asks the
publisher to confirm: read from the same public version publishing freezes
(decisions.public_copy.public_content), so the summary cannot differ from what is published."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.defaultfilters import filesizeformat

from decisions.models import Decision
from decisions.public_copy import public_content
from decisions.publication.publishing import publication_day


@dataclass
class PublicSummary:
    appears_on: datetime.date
    is_deferred: bool
    reference: str
    title: str
    published_sections: list[str] = field(default_factory=list)
    withheld_sections: list[tuple[str, str]] = field(default_factory=list)
    withheld_parts: list[str] = field(default_factory=list)
    money_total: Decimal | None = None
    money_withheld: bool = False
    appendices: list[str] = field(default_factory=list)
    appendices_withheld: bool = False
    signers: list[str] = field(default_factory=list)
    has_redactions: bool = False


def _appendix(appendix: dict) -> str:
    """An appendix as the publisher checks it: its title, and the file anyone may download."""
    download = appendix.get("download")
    if not download:
        return appendix["title"]
    return (
        f"{appendix['title']}: the file {download['name']} ({download['kind_label']}, "
        f"{filesizeformat(download['size'])}), downloadable from the public page"
    )


def public_summary(decision: Decision, today: datetime.date) -> PublicSummary:
    content = public_content(decision)
    appears_on = publication_day(decision, today)
    summary = PublicSummary(
        appears_on=appears_on,
        is_deferred=appears_on > today,
        reference=content["reference"],
        title=content["decision"]["title"],
        withheld_parts=list(content["withheld_parts"]),
        appendices=[_appendix(appendix) for appendix in content["appendices"]],
        appendices_withheld=bool(content["withheld_appendices"]),
        signers=[view["name"] for view in content["sign_offs"] if view["name"]],
        has_redactions=bool(content["has_redactions"]),
    )
    for view in content["sections"]:
        if view["is_empty"]:
            continue
        heading = view["section"]["heading"]
        if view["redaction"]:
            summary.withheld_sections.append((heading, view["redaction"]))
        else:
            summary.published_sections.append(heading)
    money = content.get("money")
    if money is None:
        summary.money_withheld = True  # the details are withheld, and the money with them
    elif money["lines"]:
        summary.money_total = money["total"]
    return summary
