"""The cover page: who signs for whom while a signer is away, naming cover and ending it early.
The rules and changes are decisions.signoff.cover's."""

from crispy_forms_gds.layout import Field, Fieldset, Size, Submit
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from commissioning.access import current_office
from commissioning.forms import DateField, form_helper
from commissioning.models import Person, Role
from decisions.models import Cover
from decisions.signoff import cover as covers


class CoverForm(forms.Form):
    absent = forms.ModelChoiceField(
        label="Who is away?",
        queryset=Person.objects.none(),
        empty_label="Choose the signer who is away",
        error_messages={"required": "Choose who is away"},
    )
    role = forms.ChoiceField(
        label="Which of their roles is covered?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the role to cover"},
    )
    deputy = forms.ModelChoiceField(
        label="Who signs for them?",
        help_text="Someone who holds the role too, or stands in for it. They sign in their own "
        "name, and the record says they signed for the person away.",
        queryset=Person.objects.none(),
        empty_label="Choose who signs",
        error_messages={"required": "Choose who signs for them"},
    )
    starts_on = DateField(label="First day away", help_text="For example, 14 12 2026")
    ends_on = DateField(label="Last day away", help_text="For example, 2 1 2027")
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=200,
        help_text="For colleagues, e.g. ‘Annual leave’. Never printed on a record.",
    )

    def __init__(self, *args, office, me: Person | None, for_anyone: bool, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["absent"].queryset = covers.signers_in(office)
        if not for_anyone:
            del self.fields["absent"]  # a signer names cover for themselves
        roles = covers.SIGNING_ROLES if for_anyone else covers.roles_to_cover(office, me, today)
        self.fields["role"].choices = [(role, Role(role).label) for role in roles]
        if len(roles) == 1:
            self.fields["role"].initial = roles[0]
        self.fields["deputy"].queryset = covers.possible_deputies(office)
        who = [Field.select("absent")] if for_anyone else []
        self.helper = form_helper(
            Fieldset(
                *who,
                Field.radios("role", legend_size=Size.SMALL, small=True),
                Field.select("deputy"),
                Field("starts_on"),
                Field("ends_on"),
                Field.text("reason"),
                legend="Name cover",
                legend_size=Size.MEDIUM,
            ),
            Submit("submit", "Name cover"),
        )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cover_page(request):
    office = current_office(request)
    me = covers.person_of(request.user)
    today = timezone.localdate()
    for_anyone = covers.may_name_for(request.user, office)
    my_roles = covers.roles_to_cover(office, me, today) if me else []
    may_name = for_anyone or bool(my_roles)
    form = None
    if may_name:
        form = CoverForm(request.POST or None, office=office, me=me, for_anyone=for_anyone)
        if request.method == "POST" and form.is_valid():
            values = {"absent": me, **form.cleaned_data}
            try:
                cover = covers.name_cover(office, request.user, **values)
            except covers.CoverError as refusal:
                form.add_error(refusal.field, str(refusal))
            else:
                messages.success(
                    request,
                    f"{cover.deputy.name} signs for {cover.absent.name} "
                    f"({cover.get_role_display()}), {cover.period}. Steps waiting for "
                    f"{cover.absent.name} in that period go to them.",
                )
                return redirect("decisions:cover")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "decisions/cover/cover.html",
        {
            "office": office,
            "form": form,
            "for_anyone": for_anyone,
            "covers": covers.current_and_coming(office, today),
            "today": today,
            "me": me,
        },
    )


@login_required
@require_POST
def end_cover(request, pk):
    office = current_office(request)
    cover = get_object_or_404(Cover, pk=pk, office=office)
    try:
        cover = covers.end_cover(cover, request.user)
    except covers.CoverError as refusal:
        raise PermissionDenied(str(refusal)) from None
    messages.success(
        request, f"Cover ended: steps for {cover.absent.name} are theirs again from now."
    )
    return redirect("decisions:cover")
