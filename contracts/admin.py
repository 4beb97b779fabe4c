from django.contrib import admin
from django.utils.html import format_html

from commissioning.money import format_pounds
from contracts.forms import ContributionForm
from contracts.models import (
    Contract,
    ContractEvent,
    ContractParty,
    ContractYearValue,
    Contribution,
    ExpiryDigest,
)


class ContractPartyInline(admin.TabularInline):
    model = ContractParty
    extra = 0
    autocomplete_fields = ["organisation"]


class ContractEventInline(admin.TabularInline):
    model = ContractEvent
    extra = 0
    autocomplete_fields = ["decision"]


class ContractYearValueInline(admin.TabularInline):
    model = ContractYearValue
    extra = 0


class ContributionInline(admin.TabularInline):
    model = Contribution
    extra = 0
    autocomplete_fields = ["contributor", "decision"]
    fields = ContributionForm.Meta.fields


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "lead_commissioner",
        "provider",
        "starts_on",
        "current_end",
        "options_remaining",
    ]
    list_filter = ["procurement_route", "stage", "lead_commissioner"]
    search_fields = ["title", "reference", "provider__name", "lead_commissioner__name"]
    autocomplete_fields = ["lead_commissioner", "provider", "predecessor"]
    inlines = [
        ContractPartyInline,
        ContractEventInline,
        ContractYearValueInline,
        ContributionInline,
    ]
    readonly_fields = ["current_end", "options_remaining"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("lead_commissioner", "provider")
            .prefetch_related("events")
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_end_date()

    @admin.display(description="Current end", ordering="ends_on")
    def current_end(self, contract):
        return contract.ends_on

    @admin.display(description="Extension options remaining")
    def options_remaining(self, contract):
        return contract.timeline().extension_options_remaining


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = [
        "contract",
        "contributor",
        "financial_year",
        "term_part",
        "amount_display",
        "contracted_volume",
        "contracted_unit_cost",
        "projected_volume",
        "projected_unit_cost",
        "commitment",
    ]
    list_filter = ["financial_year", "term_part", "commitment", "funding_source"]
    search_fields = ["contract__title", "contributor__name"]
    autocomplete_fields = ["contract", "contributor", "decision"]
    list_select_related = ["contract", "contributor", "financial_year"]

    @admin.display(description="Amount", ordering="amount")
    def amount_display(self, contribution):
        return format_html("{}", format_pounds(contribution.amount))


@admin.register(ExpiryDigest)
class ExpiryDigestAdmin(admin.ModelAdmin):
    list_display = ["office", "sent_on", "contract_count", "recipients"]
    list_filter = ["office"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
