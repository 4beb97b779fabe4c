"""An office's forms for decision notes: which sections, in which order, under which headings."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from commissioning.models import (
    Office,
)

# Facts a form may print at the head of its record, beside those every record carries. A fact
# left blank on a note prints nothing.
HEADER_FACTS = {
    "report_by": "Report by",
    "enquiries_to": "Enquiries to",
    "subject": "Subject",
    "area_affected": "Area affected",
    "classification": "Classification",
}


class DecisionTemplate(models.Model):
    """An office's form for decision notes: which sections, in which order, under which
    headings, with what guidance for the drafting officer."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="templates")
    name = models.CharField(max_length=120, help_text="e.g. 'Decision Note'.")
    heading = models.CharField(
        max_length=200, blank=True, help_text="The form's title line, e.g. 'Request for decision'."
    )
    is_default = models.BooleanField(default=True)

    class Recommendations(models.TextChoices):
        LIST = "list", "A numbered list before the report"
        SECTION = "section", "A section of the report, written like the others"

    recommendations = models.CharField(
        max_length=10,
        choices=Recommendations,
        default=Recommendations.LIST,
        help_text="How the form sets out the recommendations. As a section, the form needs a "
        "section whose key is 'recommendations'.",
    )
    approval_first = models.BooleanField(
        default=False,
        verbose_name="approval block before the report",
        help_text="The decision and its signatures are printed before the report, as forms "
        "that open with the approval do.",
    )
    header_facts = models.JSONField(
        default=list,
        blank=True,
        help_text="Which of the optional facts (report by, enquiries to, subject, area "
        "affected, classification) the record prints at its head, in that order.",
    )
    has_parts = models.BooleanField(
        default=False,
        verbose_name="Part 1 and Part 2",
        help_text="The report is in two parts: Part 1 is published; Part 2 holds the exempt "
        "information and is never published.",
    )

    class Meta:
        ordering = ["office", "name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="unique_template_name"),
            models.UniqueConstraint(
                fields=["office"],
                condition=Q(is_default=True),
                name="one_default_template_per_office",
            ),
        ]

    def __str__(self):
        return f"{self.office.short_name}: {self.name}"

    @staticmethod
    def check_sections(sections: list["TemplateSection"], *, has_parts: bool, recommendations: str):
        """What a record needs of its form's sections: at least one; a section keyed
        'recommendations' where the recommendations are a section; on a form in two parts a
        section in Part 2, and on a form in one part none."""
        if not sections:
            raise ValidationError("A form needs at least one section")
        keys = [section.key for section in sections]
        if len(keys) != len(set(keys)):
            raise ValidationError("Each section needs a key of its own")
        if recommendations == DecisionTemplate.Recommendations.SECTION and (
            "recommendations" not in keys
        ):
            raise ValidationError(
                "Recommendations set out as a section need a section whose key is ‘recommendations’"
            )
        in_part_two = any(section.in_part_two for section in sections)
        if has_parts and not in_part_two:
            raise ValidationError("A form in two parts needs a section in Part 2")
        if in_part_two and not has_parts:
            raise ValidationError(
                "Only a form in two parts has a Part 2: tick that for the form, or untick "
                "‘In Part 2’ for its sections"
            )

    @property
    def header_fact_labels(self) -> list[tuple[str, str]]:
        """(field, label) for each optional fact the form prints, in the catalogue's order."""
        return [(key, label) for key, label in HEADER_FACTS.items() if key in self.header_facts]


class TemplateSection(models.Model):
    template = models.ForeignKey(
        DecisionTemplate, on_delete=models.CASCADE, related_name="sections"
    )
    key = models.SlugField(max_length=60, help_text="A stable name, e.g. 'background'.")
    heading = models.CharField(max_length=300)
    guidance = models.TextField(blank=True, help_text="Shown to the drafter under the heading.")
    position = models.PositiveSmallIntegerField()
    numbered = models.BooleanField(default=True, help_text="Printed with a section number.")
    in_part_two = models.BooleanField(
        default=False,
        verbose_name="in Part 2",
        help_text="On a form in two parts: the section is in Part 2, exempt information that "
        "is never published.",
    )
    number = models.CharField(
        max_length=10,
        blank=True,
        help_text="The number the form prints, where it is not simply the next one: "
        "Staffordshire's form goes from 3 to 6 because 4 and 5 are sign-off blocks. Blank "
        "numbers the section in order.",
    )

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="unique_template_key"),
        ]

    def __str__(self):
        return self.heading
