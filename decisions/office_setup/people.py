"""The set-up pages for an office's people: who holds which role, inviting someone new,
giving a role and ending one. The changes are made by decisions.office_setup."""

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from commissioning.forms import form_helper
from commissioning.models import Role, RoleAssignment
from decisions.office_setup import invitations
from decisions.office_setup.views import office_to_set_up


class InviteForm(forms.Form):
    name = forms.CharField(
        label="Full name", max_length=120, error_messages={"required": "Enter their full name"}
    )
    email = forms.EmailField(
        label="E-mail address",
        error_messages={
            "required": "Enter their e-mail address",
            "invalid": "Enter an e-mail address such as name@example.gov.uk",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their role"},
    )
    title = forms.CharField(
        label="Title on records (optional)",
        required=False,
        max_length=200,
        help_text="e.g. ‘Deputy Mayor for Policing and Crime’. Blank uses the role's name.",
    )
    stands_in = forms.BooleanField(
        label="They stand in only",
        required=False,
        help_text="They sign in this role only when named to cover for someone who holds it and "
        "is away, as a deputy Monitoring Officer or deputy Section 151 officer does.",
    )

    def __init__(self, *args, button="Send the invitation", with_person=True, **kwargs):
        super().__init__(*args, **kwargs)
        fields = [
            Field.radios("role", legend_size=Size.SMALL, small=True),
            Field.text("title"),
            Field.checkbox("stands_in", small=True),
        ]
        if with_person:
            fields = [
                Field.text("name"),
                Field.text("email", field_width=20),
                *fields,
            ]
            self.fields["email"].widget.attrs.update(spellcheck="false", autocomplete="off")
        else:
            del self.fields["name"], self.fields["email"]
        self.helper = form_helper(*fields, Submit("submit", button))


@login_required
@require_http_methods(["GET", "HEAD"])
def people(request, slug):
    office = office_to_set_up(request, slug)
    today = timezone.localdate()
    assignments = (
        RoleAssignment.objects.filter(office=office)
        .select_related("person__user")
        .order_by("person__name", "role")
    )
    return render(
        request,
        "office_setup/people.html",
        {
            "office": office,
            "current": [a for a in assignments if a.ends_on is None or a.ends_on >= today],
            "ended": [a for a in assignments if a.ends_on is not None and a.ends_on < today],
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invite(request, slug):
    office = office_to_set_up(request, slug)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = invitations.invite(office, request.user, **form.cleaned_data)
        except invitations.AlreadyInvited as refusal:
            form.add_error("email", str(refusal))
        else:
            messages.success(
                request,
                f"{person.name} is invited: an e-mail to {person.email} asks them to choose "
                "a password.",
            )
            return redirect("office_setup:people", slug=office.slug)
    return render(
        request,
        "office_setup/form.html",
        {"form": form, "office": office, "heading": "Invite someone"},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def give_role(request, slug, pk):
    office = office_to_set_up(request, slug)
    assignment = get_object_or_404(RoleAssignment, office=office, pk=pk)
    person = assignment.person
    form = InviteForm(request.POST or None, with_person=False, button="Give the role")
    if request.method == "POST" and form.is_valid():
        try:
            invitations.give_role(
                office,
                request.user,
                person,
                role=form.cleaned_data["role"],
                title=form.cleaned_data["title"],
                stands_in=form.cleaned_data["stands_in"],
            )
        except invitations.AlreadyHeld as refusal:
            form.add_error("role", str(refusal))
        else:
            messages.success(request, f"Gave {person.name} the role.")
            return redirect("office_setup:people", slug=office.slug)
    return render(
        request,
        "office_setup/form.html",
        {"form": form, "office": office, "heading": f"Give {person.name} another role"},
    )


@login_required
@require_POST
def end_role(request, slug, pk):
    office = office_to_set_up(request, slug)
    assignment = get_object_or_404(RoleAssignment, office=office, pk=pk)
    if invitations.end_role(office, request.user, assignment, timezone.localdate()):
        messages.success(
            request,
            f"{assignment.person.name} no longer holds the role {assignment.display_title}.",
        )
    return redirect("office_setup:people", slug=office.slug)
