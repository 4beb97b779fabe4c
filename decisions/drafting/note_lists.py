"""The lists on a note as their pages edit them: each list's formset, its names, the field that
numbers its rows in the order shown, and the part of the note a stale save is checked on."""

from dataclasses import dataclass

from decisions.drafting.list_forms import (
    MAX_ROWS,
    ContributionTableFormSet,
    DecisionLinkFormSet,
    OfficerPresentFormSet,
    OptionFormSet,
    RecommendationFormSet,
    RiskFormSet,
)


@dataclass(frozen=True)
class NoteList:
    part: str  # its address on the note's pages, and its formset's prefix
    formset_class: type
    title: str  # "Options considered"
    row_name: str  # one row, as the page names it: "Option"
    order_field: str | None  # the field saved as 1, 2, 3… in the order shown; None: unordered
    snapshot_part: str  # its key in drafting.snapshot
    introduction: str = ""

    def formset(self, decision, data=None):
        return self.formset_class(data, instance=decision, prefix=self.part)

    def posted_in(self, data) -> bool:
        """Whether a post carries this list's rows (its formset's management form)."""
        return f"{self.part}-TOTAL_FORMS" in data

    @property
    def rows_name(self) -> str:
        return self.formset_class.rows_name

    @property
    def max_rows(self) -> int:
        return MAX_ROWS

    @property
    def guidance(self) -> str:
        """What the page says about the list before its rows."""
        if self.introduction:
            order = self.introduction
        elif self.order_field == "number":
            order = "The record numbers them in the order shown."
        elif self.order_field:
            order = "The record prints them in the order shown."
        else:
            order = ""
        return (
            f"{order} A blank row is left out when you save. A note can list up to "
            f"{self.max_rows} {self.rows_name}."
        ).strip()


LISTS = {
    note_list.part: note_list
    for note_list in (
        NoteList(
            "recommendations",
            RecommendationFormSet,
            "Recommendations",
            "Recommendation",
            "number",
            "recommendations",
        ),
        NoteList("options", OptionFormSet, "Options considered", "Option", "position", "options"),
        NoteList("risks", RiskFormSet, "Risks", "Risk", "position", "risks"),
        NoteList(
            "officers-present",
            OfficerPresentFormSet,
            "Officers present",
            "Officer",
            "position",
            "officers_present",
        ),
        NoteList(
            "related",
            DecisionLinkFormSet,
            "Related decisions",
            "Related decision",
            None,
            "links_out",
        ),
        NoteList(
            "tables",
            ContributionTableFormSet,
            "Printed money tables",
            "Table",
            "position",
            "contribution_tables",
            introduction="The record prints these tables in the order shown. Nothing is typed "
            "into them: each prints the contract's contribution rows for its years, with the "
            "totals and unit costs the product works out.",
        ),
    )
}

# The lists an office's form may give a section of their own (Staffordshire's has both): the
# list is printed inside that section (decisions.record), listed there on the note's page, and
# edited with the section's text on the section's page.
LISTS_IN_SECTIONS = ("options", "risks")


def list_in_section(key: str) -> NoteList | None:
    """The list that belongs to the section with this key, if any."""
    return LISTS[key] if key in LISTS_IN_SECTIONS else None
