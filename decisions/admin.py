from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from commissioning.models import SetupChange
from commissioning.money import format_pounds
from decisions import transitions
from decisions.following import admin as following_admin  # noqa: F401 (registers Alert)
from decisions.models import (
    Appendix,
    ApprovalRoute,
    AuditEvent,
    Condition,
    ContributionTable,
    Cover,
    Decision,
    DecisionLink,
    DecisionTemplate,
    Delegation,
    Fund,
    ImportBatch,
    ImportItem,
    LeadOfficer,
    MoneyLine,
    NoticeChange,
    OfficerPresent,
    Option,
    PrintedFigure,
    ProposedDecision,
    PublicationDetermination,
    PublishedCopy,
    Recommendation,
    ReferenceCounter,
    Revision,
    Risk,
    RouteStep,
    Section,
    SignOff,
    TemplateSection,
    Transcription,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


class ReadOnlyInline:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SignOffInline(ReadOnlyInline, admin.StackedInline):
    """Signatures are made on the sign-off pages by the people who sign: the admin shows them,
    and cannot forge, alter or remove one."""

    model = SignOff
    extra = 0


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


class MoneyLineInline(ReadOnlyInline, admin.TabularInline):
    """Shown, never changed here: money lines change through the note's money page, which
    checks funds' limits and writes the audit trail."""

    model = MoneyLine
    fk_name = "decision"


class PrintedFigureInline(ReadOnlyInline, admin.TabularInline):
    model = PrintedFigure


class TranscriptionInline(ReadOnlyInline, admin.StackedInline):
    """Shown, never changed here: a transcription changes on its own pages, audited."""

    model = Transcription


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
        MoneyLineInline,
        PrintedFigureInline,
        TranscriptionInline,
        SignOffInline,
        OfficerPresentInline,
        AppendixInline,
        ConditionInline,
        DecisionLinkInline,
        PublicationDeterminationInline,
    ]

    def has_change_permission(self, request, obj=None):
        # Once submitted, a note changes only through its sign-off route and amendments.
        if obj is not None and not transitions.allows("edit", obj):
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description="Office", ordering="office__short_name")
    def office_name(self, decision):
        return decision.office.short_name

    @admin.display(description="Total committed")
    def total_committed(self, decision):
        return format_pounds(decision.total_committed())


class ImportItemInline(ReadOnlyInline, admin.TabularInline):
    model = ImportItem
    fk_name = "batch"
    fields = ["position", "name", "state", "message", "decision"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Read only: imports are started and followed on the office's import pages."""

    list_display = ["name", "office", "kind", "started_at"]
    list_filter = ["office", "kind"]
    inlines = [ImportItemInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    """Read only: a fund is set up by its decision, on the note's money page."""

    list_display = ["name", "office", "total", "award_limit", "decision"]
    list_filter = ["office"]
    search_fields = ["name"]
    list_select_related = ["office", "decision"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    """Saved versions of notes are history: they can be read here, never changed."""

    list_display = ["decision", "version", "saved_by", "saved_at"]
    list_select_related = ["decision", "saved_by"]
    search_fields = ["decision__reference", "decision__title"]


class RouteStepFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        steps = sorted(
            (
                form.save(commit=False)
                for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ),
            key=lambda step: step.position,
        )
        try:
            ApprovalRoute.check_steps(steps, self.instance.way)
        except ValidationError as error:
            raise ValidationError(error.messages) from None


class RouteStepInline(admin.StackedInline):
    model = RouteStep
    formset = RouteStepFormSet
    extra = 0


@admin.register(ApprovalRoute)
class ApprovalRouteAdmin(admin.ModelAdmin):
    """Each office's sign-off route: its steps, in order, ending in the decision."""

    list_display = ["name", "office", "way", "is_default", "min_amount", "max_amount"]
    list_filter = ["office", "way"]
    inlines = [RouteStepInline]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    """Each office's scheme of delegation: who may decide what under delegated authority."""

    list_display = ["delegate", "delegate_title", "office", "up_to", "starts_on", "ends_on"]
    list_filter = ["office"]
    list_select_related = ["delegate", "office"]
    search_fields = ["delegate__name", "delegate_title", "scope", "instrument"]
    autocomplete_fields = ["delegate"]


@admin.register(Cover)
class CoverAdmin(ReadOnlyAdmin):
    """Cover for signers away is named and ended on the workspace's cover page, where each
    change is locked and audited: read here only."""

    list_display = ["absent", "role", "deputy", "starts_on", "ends_on", "ended_at", "office"]
    list_filter = ["office", "role"]
    list_select_related = ["absent", "deputy", "office"]
    search_fields = ["absent__name", "deputy__name"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit trail is append-only: it can be read and searched here, never changed."""

    list_display = ["sequence", "at", "decision", "action", "actor_name", "actor_role"]
    list_filter = ["action", "decision__office"]
    list_select_related = ["decision"]
    search_fields = ["decision__reference", "decision__title", "actor_name", "comment"]
    date_hierarchy = "at"


@admin.register(SetupChange)
class SetupChangeAdmin(ReadOnlyAdmin):
    """Changes made on the set-up pages: read here, never changed."""

    list_display = ["at", "office", "what", "actor_name"]
    list_filter = ["office"]


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(ReadOnlyAdmin):
    """Where each office's numbering has reached; numbers are taken only by the sign-off."""

    list_display = ["office", "period", "last_sequence"]


@admin.register(PublishedCopy)
class PublishedCopyAdmin(ReadOnlyAdmin):
    """What was published, as it was published: corrected only by publishing a correction from
    the note's publication page, never edited here."""

    list_display = ["reference", "office", "published_on", "is_current", "pdf_size"]
    list_filter = ["office", "is_current"]
    list_select_related = ["office"]
    search_fields = ["reference", "title"]
    exclude = ["content", "search_text"]
    date_hierarchy = "published_on"


class NoticeChangeInline(ReadOnlyInline, admin.TabularInline):
    model = NoticeChange
    fields = ["kind", "on", "old_due_on", "new_due_on", "reason", "by"]


@admin.register(ProposedDecision)
class ProposedDecisionAdmin(ReadOnlyAdmin):
    """Read only: notices are published, changed and withdrawn in the workspace's forward plan,
    where each change is kept in its history and the audit trail."""

    list_display = ["title", "office", "due_on", "status", "is_key_decision", "first_published_on"]
    list_filter = ["office", "status", "is_key_decision"]
    search_fields = ["title", "summary"]
    inlines = [NoticeChangeInline]


@admin.register(NoticeChange)
class NoticeChangeAdmin(ReadOnlyAdmin):
    list_display = ["notice", "kind", "on", "old_due_on", "new_due_on"]
    list_filter = ["kind"]
