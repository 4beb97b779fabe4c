"""The set-up pages for an office's forms for decision notes: their sections, headings,
guidance and order, and how the record is laid out. Saved by decisions.office_setup."""

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from commissioning.forms import form_helper
from decisions import office_setup
from decisions.models import HEADER_FACTS, DecisionTemplate, TemplateSection
from decisions.office_setup.views import office_to_set_up

MAX_SECTIONS = 40


class OfficeFormForm(forms.ModelForm):
    class Meta:
        model = DecisionTemplate
        fields = [
            "name",
            "heading",
            "header_facts",
            "recommendations",
            "approval_first",
            "has_parts",
            "is_default",
        ]
        labels = {
            "name": "Name",
            "heading": "Title line the record prints (optional)",
            "recommendations": "How are the recommendations set out?",
            "approval_first": "The approval block comes before the report",
            "has_parts": "The report is in two parts: Part 1 (published) and Part 2 (exempt)",
            "is_default": "This is the office's usual form",
        }
        help_texts = {
            "heading": "e.g. ‘Request for decision’. Empty: the form's name.",
            "recommendations": "As a section, the form needs a section whose key is "
            "‘recommendations’.",
            "approval_first": "",
            "has_parts": "",
            "is_default": "",
        }
        widgets = {"recommendations": forms.RadioSelect}
        error_messages = {"name": {"required": "Enter a name for the form"}}

    header_facts = forms.MultipleChoiceField(
        label="Facts printed at the head of the record (optional)",
        help_text="Each prints only on a note that states it.",
        choices=list(HEADER_FACTS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.initial["is_default"] = False
        self.helper = form_helper(
            Field.text("name"),
            Field.text("heading"),
            Field.checkboxes("header_facts", legend_size=Size.SMALL, small=True),
            Field.radios("recommendations", legend_size=Size.SMALL, small=True),
            Field.checkbox("approval_first", small=True),
            Field.checkbox("has_parts", small=True),
            Field.checkbox("is_default", small=True),
        )

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SectionRowForm(forms.ModelForm):
    class Meta:
        model = TemplateSection
        fields = ["heading", "key", "guidance", "numbered", "number", "in_part_two"]
        labels = {
            "heading": "Heading",
            "key": "Key (optional)",
            "guidance": "Guidance for the drafter (optional)",
            "numbered": "Printed with a number",
            "number": "Number, if not the next one (optional)",
            "in_part_two": "In Part 2 (never published)",
        }
        help_texts = {
            "key": "A short name that stays when the heading changes, e.g. ‘background’. "
            "Empty: made from the heading. ‘recommendations’ marks the recommendations section.",
        }
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"heading": {"required": "Enter the section's heading"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].required = False
        self.fields["numbered"].initial = True
        self.helper = form_helper(
            Field.text("heading"),
            Field.text("key", field_width=20),
            Field.textarea("guidance", rows=2),
            Field.checkbox("numbered", small=True),
            Field.text("number", field_width=4),
            Field.checkbox("in_part_two", small=True),
        )


class BaseSectionFormSet(forms.BaseFormSet):
    def __init__(self, *args, has_parts=False, recommendations="list", **kwargs):
        super().__init__(*args, **kwargs)
        self.has_parts = has_parts
        self.recommendations_style = recommendations

    def kept(self):
        """The rows to save, in order: every row the page offered that is not ticked for
        removal, and each blank row that was filled in."""
        return [
            form
            for index, form in enumerate(self.forms)
            if (index < self.initial_form_count() or form.has_changed())
            and not self._should_delete_form(form)
            and form.is_valid()
        ]

    def clean(self):
        if any(self.errors):
            return
        keys = set()
        for form in self.kept():
            key = self.key_of(form)
            if key in keys:
                form.add_error("key", f"Another section already has the key ‘{key}’")
            keys.add(key)
        if any(self.errors):
            return
        DecisionTemplate.check_sections(
            self.sections(),
            has_parts=self.has_parts,
            recommendations=self.recommendations_style,
        )

    @staticmethod
    def key_of(form) -> str:
        return form.cleaned_data["key"] or slugify(form.cleaned_data["heading"])[:60]

    def sections(self) -> list[TemplateSection]:
        return [
            TemplateSection(
                **{name: form.cleaned_data[name] for name in SectionRowForm.Meta.fields}
                | {"key": self.key_of(form)}
            )
            for form in self.kept()
        ]


SectionFormSet = forms.formset_factory(
    SectionRowForm,
    formset=BaseSectionFormSet,
    extra=2,
    can_delete=True,
    max_num=MAX_SECTIONS,
    absolute_max=MAX_SECTIONS,
)


@login_required
@require_http_methods(["GET", "HEAD"])
def office_forms(request, slug):
    office = office_to_set_up(request, slug)
    return render(
        request,
        "office_setup/office_forms.html",
        {"office": office, "templates": office.templates.prefetch_related("sections")},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def office_form(request, slug, pk=None):
    office = office_to_set_up(request, slug)
    existing = get_object_or_404(DecisionTemplate, office=office, pk=pk) if pk else None
    data = request.POST or None
    form = OfficeFormForm(data, instance=existing)
    initial = [
        {name: getattr(section, name) for name in SectionRowForm.Meta.fields}
        for section in (existing.sections.all() if existing else [])
    ]
    layout = {
        "has_parts": bool(data.get("has_parts")) if data else bool(existing and existing.has_parts),
        "recommendations": (data.get("recommendations") if data else None)
        or (existing.recommendations if existing else "list"),
    }
    sections = SectionFormSet(data, initial=initial, prefix="sections", **layout)
    if request.method == "POST" and form.is_valid() and sections.is_valid():
        saved = office_setup.save_form(
            office, request.user, existing, form.values(), sections.sections()
        )
        messages.success(request, f"Saved the form ‘{saved.name}’. New notes use it as it is now.")
        return redirect("office_setup:forms", slug=office.slug)
    return render(
        request,
        "office_setup/office_form.html",
        {
            "office": office,
            "form": form,
            "sections": sections,
            "formset": sections,  # for the page title's "Error:"
            "heading": existing.name if existing else "Add a form",
        },
    )
