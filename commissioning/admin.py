from django.contrib import admin

from commissioning.models import (
    ApprovalThreshold,
    FinancialYear,
    FundingSource,
    Office,
    OfficeTerm,
    Organisation,
    Person,
    PlanPriority,
    ResponsibilityArea,
    RoleAssignment,
)

admin.site.site_header = "OPCC decisions administration"
admin.site.site_title = "OPCC decisions"


@admin.register(ResponsibilityArea)
class ResponsibilityAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(FundingSource)
class FundingSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "office", "kind", "in_use"]
    list_filter = ["office", "kind"]
    search_fields = ["name"]
    autocomplete_fields = ["granted_by"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "org_id"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


class OfficeTermInline(admin.TabularInline):
    model = OfficeTerm
    extra = 0
    autocomplete_fields = ["holder"]


class ApprovalThresholdInline(admin.TabularInline):
    model = ApprovalThreshold
    extra = 0


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "decision_maker_title", "reference_pattern", "sequence_resets"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    filter_horizontal = ["areas"]
    inlines = [OfficeTermInline, ApprovalThresholdInline, RoleAssignmentInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "user"]
    search_fields = ["name", "email"]
    inlines = [RoleAssignmentInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["person", "office", "role", "title", "starts_on", "ends_on"]
    list_filter = ["office", "role"]
    search_fields = ["person__name", "title"]
    autocomplete_fields = ["person"]


@admin.register(PlanPriority)
class PlanPriorityAdmin(admin.ModelAdmin):
    list_display = ["__str__", "office", "plan_title", "position"]
    list_filter = ["office"]


@admin.register(FinancialYear)
class FinancialYearAdmin(admin.ModelAdmin):
    list_display = ["label", "starts_on", "ends_on"]
