"""The set-up pages: an office administrator creates an office and sets its details, reference
scheme and thresholds, in the product's own pages rather than the Django admin."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from commissioning.access import offices_of
from commissioning.models import Office, SetupChange
from commissioning.references import ReferencePatternError, ReferenceScheme
from decisions import office_setup
from decisions.office_setup.forms import OfficeDetailsForm, SchemeForm, ThresholdsForm
from decisions.signoff.numbering import NumberingError, preview


def office_to_set_up(request, slug) -> Office:
    """The office, for someone who may set it up; 404 for another office's people, as for its
    notes, and 403 for the office's own people who do not administer it."""
    office = get_object_or_404(Office, slug=slug)
    if office_setup.may_set_up(request.user, office):
        return office
    if office in offices_of(request.user):
        raise PermissionDenied("Only the office's administrators can change its set-up.")
    raise Http404


@login_required
@require_safe
def index(request):
    if not office_setup.may_set_up(request.user):
        raise PermissionDenied("Only office administrators can set up offices.")
    return render(
        request,
        "office_setup/index.html",
        {"offices": office_setup.offices_set_up_by(request.user)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def create(request):
    if not office_setup.may_set_up(request.user):
        raise PermissionDenied("Only office administrators can set up offices.")
    form = OfficeDetailsForm(request.POST or None, button="Create the office")
    if request.method == "POST" and form.is_valid():
        office = office_setup.create_office(request.user, form.values(), form.cleaned_data["areas"])
        messages.success(
            request,
            f"{office.name} is set up, with a form and a sign-off route to start from. "
            "Next, set its reference scheme.",
        )
        return redirect("office_setup:office", slug=office.slug)
    return render(
        request,
        "office_setup/form.html",
        {"form": form, "heading": "Create an office", "back": "office_setup:index"},
    )


@login_required
@require_safe
def office(request, slug):
    office = office_to_set_up(request, slug)
    return render(
        request,
        "office_setup/office.html",
        {
            "office": office,
            "thresholds": list(office.thresholds.all()),
            "routes": list(office.routes.prefetch_related("steps")),
            "templates": list(office.templates.prefetch_related("sections")),
            "changes": SetupChange.objects.filter(office=office)[:50],
            "preview": _preview(office),
        },
    )


def _preview(office: Office) -> dict:
    """{"references": the next three references, or "message": why there are none}."""
    try:
        ReferenceScheme(office.reference_pattern)
        return {"references": preview(office, timezone.localdate()), "message": ""}
    except (NumberingError, ReferencePatternError) as error:
        return {"references": [], "message": str(error)}


def _done(request, office, change, what: str):
    messages.success(request, f"Saved {what}." if change else f"Nothing changed in {what}.")
    return redirect("office_setup:office", slug=office.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def details(request, slug):
    office = office_to_set_up(request, slug)
    form = OfficeDetailsForm(
        request.POST or None,
        instance=copy.copy(office),
        initial={"areas": list(office.areas.all())},
        button="Save the details",
    )
    if request.method == "POST" and form.is_valid():
        change = office_setup.change_details(
            office, request.user, form.values(), form.cleaned_data["areas"]
        )
        return _done(request, office, change, "the office's details")
    return render(
        request,
        "office_setup/form.html",
        {"form": form, "office": office, "heading": "The office's details"},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def scheme(request, slug):
    office = office_to_set_up(request, slug)
    form = SchemeForm(request.POST or None, instance=copy.copy(office))
    if request.method == "POST" and form.is_valid():
        change = office_setup.change_scheme(
            office,
            request.user,
            form.cleaned_data["reference_pattern"],
            form.cleaned_data["sequence_resets"],
        )
        return _done(request, office, change, "the reference scheme")
    shown = form.instance if form.is_bound else office
    return render(
        request,
        "office_setup/scheme.html",
        {"form": form, "office": office, "heading": "Reference scheme", "preview": _preview(shown)},
    )


@login_required
@require_safe
def scheme_preview(request, slug):
    """The next three references a scheme as typed would give, for the scheme page's live
    preview (see _preview); nothing is saved or taken."""
    office = copy.copy(office_to_set_up(request, slug))
    office.reference_pattern = request.GET.get("reference_pattern", "")[:60]
    resets = request.GET.get("sequence_resets", office.sequence_resets)
    if resets in Office.SequenceResets.values:
        office.sequence_resets = resets
    return JsonResponse(_preview(office))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def thresholds(request, slug):
    office = office_to_set_up(request, slug)
    form = ThresholdsForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        change = office_setup.change_thresholds(office, request.user, form.wanted())
        return _done(request, office, change, "the thresholds")
    return render(
        request,
        "office_setup/form.html",
        {"form": form, "office": office, "heading": "Thresholds"},
    )
