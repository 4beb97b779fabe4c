from django.contrib import admin

from commissioning.money import format_pounds
from decisions.models import (
    Appendix,
    Condition,
    ContributionTable,
    Decision,
    DecisionLink,
    DecisionTemplate,
    LeadOfficer,
    OfficerPresent,
    Option,
    PublicationDetermination,
    Recommendation,
    Revision,
    Risk,
    Section,
    SignOff,
    TemplateSection,
)


class TemplateSectionInline(admin.TabularInline):
    model = TemplateSection
    extra = 0
    prepopulated_fields = {"key": ["heading"]}


@admin.register(DecisionTemplate)
class DecisionTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "is_default"]
    list_filter = ["office"]
    inlines = [TemplateSectionInline]


class LeadOfficerInline(admin.TabularInline):
    model = LeadOfficer
    extra = 0
    autocomplete_fields = ["person"]


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0


class RiskInline(admin.TabularInline):
    model = Risk
    extra = 0


class SignOffInline(admin.StackedInline):
    model = SignOff
    extra = 0
    autocomplete_fields = ["person"]


class OfficerPresentInline(admin.TabularInline):
    model = OfficerPresent
    extra = 0
    autocomplete_fields = ["person"]


class AppendixInline(admin.StackedInline):
    model = Appendix
    extra = 0


class ConditionInline(admin.TabularInline):
    model = Condition
    extra = 0


class ContributionTableInline(admin.StackedInline):
    model = ContributionTable
    extra = 0
    autocomplete_fields = ["contract", "contributor"]


class DecisionLinkInline(admin.TabularInline):
    model = DecisionLink
    fk_name = "from_decision"
    extra = 0
    autocomplete_fields = ["to_decision"]


class PublicationDeterminationInline(admin.StackedInline):
    model = PublicationDetermination
    extra = 0
    autocomplete_fields = ["determined_by"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "office_name", "status", "decided_on", "confidentiality"]
    list_filter = ["office", "status", "confidentiality", "is_key_decision"]
    search_fields = ["reference", "title", "summary"]
    date_hierarchy = "decided_on"
    list_select_related = ["office"]
    readonly_fields = ["status", "version", "created_at", "updated_at", "total_committed"]
    filter_horizontal = ["areas", "priorities", "contracts"]
    inlines = [
        LeadOfficerInline,
        SectionInline,
        RecommendationInline,
        OptionInline,
        RiskInline,
        ContributionTableInline,
        SignOffInline,
        OfficerPresentInline,
        AppendixInline,
        ConditionInline,
        DecisionLinkInline,
        PublicationDeterminationInline,
    ]

    @admin.display(description="Office", ordering="office__short_name")
    def office_name(self, decision):
        return decision.office.short_name

    @admin.display(description="Total committed")
    def total_committed(self, decision):
        return format_pounds(decision.total_committed())


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """Saved versions of notes are history: they can be read here, never changed."""

    list_display = ["decision", "version", "saved_by", "saved_at"]
    list_select_related = ["decision", "saved_by"]
    search_fields = ["decision__reference", "decision__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
