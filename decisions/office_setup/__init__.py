"""Setting up an office on the product's own pages: creating it, its details, reference scheme,
thresholds, ways of deciding, scheme of delegation and forms (its people are in
decisions.office_setup.invitations). Who may do it is `may_set_up`; every change goes through
one of these functions, under a lock on the office, and is recorded as a SetupChange (who,
when, each value before and after; decisions.office_setup.recording) in the same
transaction."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from commissioning.models import (
    ApprovalThreshold,
    FundingSource,
    Office,
    Organisation,
    Person,
    Role,
    RoleAssignment,
    SetupChange,
)
from commissioning.money import format_pounds
from decisions.models import (
    HEADER_FACTS,
    ApprovalRoute,
    Decision,
    DecisionTemplate,
    Delegation,
    SignOff,
)
from decisions.office_setup.recording import (
    Field,
    change_fields,
    changes_since,
    fresh,
    record_change,
    shown_values,
)

# The sections a new office's form starts with; the administrator changes them to its own.
STARTER_SECTIONS = [
    ("background", "Background"),
    ("proposal", "The proposal"),
    ("options", "Options considered"),
    ("financial", "Financial implications"),
    ("legal", "Legal implications"),
    ("risks", "Risks"),
    ("equality", "Equality implications"),
]


def may_set_up(user, office: Office | None = None) -> bool:
    """Staff, and the office's administrators; any office administrator may create another
    office (a body taking over another's functions sets up its successor)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_staff:
        return True
    administrators = RoleAssignment.objects.current().filter(
        person__user=user, role=Role.OFFICE_ADMINISTRATOR
    )
    if office is not None:
        administrators = administrators.filter(office=office)
    return administrators.exists()


def offices_set_up_by(user) -> list[Office]:
    if user.is_staff:
        return list(Office.objects.order_by("name"))
    return list(
        Office.objects.filter(
            role_assignments__in=RoleAssignment.objects.current().filter(
                person__user=user, role=Role.OFFICE_ADMINISTRATOR
            )
        )
        .distinct()
        .order_by("name")
    )


DETAILS = [
    Field("name", "Name"),
    Field("short_name", "Short name"),
    Field("body", "Kind of body"),
    Field("decision_maker_title", "Decision-maker's title"),
    Field("brand_colour", "Colour"),
    Field("website", "Website"),
    Field("contact_email", "Contact e-mail address"),
    Field("data_licence", "Open data licence"),
    Field("uses_key_decisions", "Marks key decisions"),
    Field("uses_call_in", "Decisions may be called in"),
    Field("applies_notice_rule", "28 clear days' notice of key decisions"),
    Field("publication_role", "Who determines publication"),
    Field("oversight_role", "Who sees what waits too long"),
]
SCHEME = [
    Field("reference_pattern", "Reference pattern"),
    Field("sequence_resets", "Numbers restart"),
]


def create_office(actor: AbstractBaseUser, values: dict, areas) -> Office:
    """A new office with a form and a route to start from, its creator as its administrator."""
    with transaction.atomic():
        organisation, _ = Organisation.objects.get_or_create(
            name=values["name"],
            defaults={
                "short_name": values["short_name"],
                "kind": Organisation.Kind.COUNCIL
                if values["body"] in (Office.Body.MAYOR, Office.Body.COUNCIL)
                else Organisation.Kind.POLICING_BODY,
                "website": values.get("website", ""),
            },
        )
        office = Office(organisation=organisation, slug=_free_slug(values["short_name"]), **values)
        office.full_clean()
        office.save()
        office.areas.set(areas)
        person = Person.objects.filter(user=actor).first() or Person.objects.create(
            name=actor.get_full_name() or actor.get_username(), email=actor.email, user=actor
        )
        RoleAssignment.objects.create(person=person, office=office, role=Role.OFFICE_ADMINISTRATOR)
        template = DecisionTemplate.objects.create(
            office=office, name="Decision note", heading="Decision note", is_default=True
        )
        for position, (key, heading) in enumerate(STARTER_SECTIONS, start=1):
            template.sections.create(key=key, heading=heading, position=position)
        route = ApprovalRoute.objects.create(
            office=office, name=f"Decision by the {office.decision_maker_title}", is_default=True
        )
        route.steps.create(
            position=1,
            role=Role.DECISION_MAKER,
            kind=SignOff.Kind.DECISION,
            label=f"Decision of the {office.decision_maker_title}",
            statement="I have considered the report and make the decision recorded here.",
        )
        record_change(
            office,
            actor,
            "Office created",
            [[field.label, "", field.shown(office)] for field in DETAILS],
        )
    return office


def _free_slug(short_name: str) -> str:
    base = slugify(short_name)[:50] or "office"
    slug, number = base, 2
    while Office.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def change_details(office: Office, actor, values: dict, areas) -> SetupChange | None:
    with transaction.atomic():

        def apply(locked: Office):
            for name, value in values.items():
                setattr(locked, name, value)

        change = change_fields(office, actor, "Office details", DETAILS, apply)
        before = sorted(office.areas.values_list("name", flat=True))
        office.areas.set(areas)
        after = sorted(area.name for area in areas)
        if before != after:
            area_change = ["Responsible for", ", ".join(before), ", ".join(after)]
            if change is None:
                change = record_change(office, actor, "Office details", [area_change])
            else:
                change.changes.append(area_change)
                change.save(update_fields=["changes"])
        return change


def change_scheme(office: Office, actor, pattern: str, resets: str) -> SetupChange | None:
    """A new reference scheme applies from the next reference: nothing allocated is renumbered,
    and each numbering period keeps its own counter (decisions.signoff.numbering)."""
    with transaction.atomic():

        def apply(locked: Office):
            locked.reference_pattern, locked.sequence_resets = pattern, resets

        return change_fields(office, actor, "Reference scheme", SCHEME, apply)


THRESHOLD_LABELS = {
    ApprovalThreshold.Kind.DIRECT_APPROVAL: "Direct approval below",
    ApprovalThreshold.Kind.KEY_DECISION: "Key decision at or above",
}


def change_thresholds(office: Office, actor, wanted: dict) -> SetupChange | None:
    """`wanted`: kind → (amount or None to remove, authority)."""
    with transaction.atomic():
        Office.objects.select_for_update().get(pk=office.pk)
        existing = {t.kind: t for t in office.thresholds.all()}
        changes = []
        for kind, (amount, authority) in wanted.items():
            current = existing.get(kind)
            before = (
                f"{format_pounds(current.amount)} ({current.authority})" if current else "(none)"
            )
            if amount is None:
                if current is not None:
                    current.delete()
            elif current is None:
                ApprovalThreshold.objects.create(
                    office=office, kind=kind, amount=amount, authority=authority
                )
            else:
                current.amount, current.authority = amount, authority
                current.save()
            after = f"{format_pounds(amount)} ({authority})" if amount is not None else "(none)"
            if before != after:
                changes.append([THRESHOLD_LABELS[kind], before, after])
        return record_change(office, actor, "Thresholds", changes)


# Ways of deciding -------------------------------------------------------------------------------

ROUTE = [
    Field("name", "Name"),
    Field("way", "Who decides"),
    Field("min_amount", "Open from"),
    Field("max_amount", "Open up to"),
    Field("is_default", "The usual way"),
    Field("declaration_label", "Drafter's declaration"),
]


class RouteInUse(ValueError):
    """The route's steps cannot change: notes have been submitted on it."""


def _steps_summary(steps) -> str:
    return "; ".join(f"{step.position}. {step.label} ({Role(step.role).label})" for step in steps)


def route_in_use(route: ApprovalRoute) -> int:
    """How many notes were submitted on the route (or chose it): its steps are then fixed, since
    signatures point at them."""
    return Decision.objects.filter(Q(route=route) | Q(chosen_route=route)).count()


def save_route(
    office: Office, actor, route: ApprovalRoute | None, values: dict, steps: list | None
) -> ApprovalRoute:
    """Creates or changes a way of deciding. `steps` (unsaved RouteSteps in order, or None to
    keep them) replace the route's steps; a route notes have used keeps its steps. Steps the
    sign-off could not follow raise ValidationError (ApprovalRoute.check_steps) before anything
    is written."""
    with transaction.atomic():
        Office.objects.select_for_update().get(pk=office.pk)
        creating = route is None
        route = fresh(ApprovalRoute, office, route)
        # A route whose steps stay must still suit the way it is now for.
        kept = list(route.steps.all()) if steps is None and not creating else steps or []
        ApprovalRoute.check_steps(kept, values.get("way", route.way))
        before = shown_values(route, ROUTE)
        before_steps = "" if creating else _steps_summary(route.steps.all())
        for name, value in values.items():
            setattr(route, name, value)
        if route.is_default:
            office.routes.exclude(pk=route.pk).update(is_default=False)
        route.full_clean()
        route.save()
        if steps is not None:
            if not creating and route_in_use(route):
                raise RouteInUse(
                    "Notes have been submitted on this way of deciding, so its steps stay as "
                    "they are. Add a new way with the steps you want instead."
                )
            route.steps.all().delete()
            for position, step in enumerate(steps, start=1):
                step.route, step.position = route, position
                step.save()
        changes = changes_since(before, route, ROUTE)
        after_steps = _steps_summary(route.steps.all())
        if after_steps != before_steps:
            changes.append(["Steps", before_steps, after_steps])
        what = f"Way of deciding {'added' if creating else 'changed'}: {route.name}"
        record_change(office, actor, what, changes)
    return route


# The scheme of delegation -------------------------------------------------------------------------

DELEGATION = [
    Field("delegated_by", "Delegated by"),
    Field("delegate", "Delegate"),
    Field("delegate_title", "Delegate's post"),
    Field("scope", "What is delegated"),
    Field("up_to", "Up to"),
    Field("instrument", "Where it is written"),
    Field("starts_on", "From"),
    Field("ends_on", "Until"),
]


def delegation_in_use(delegation: Delegation) -> bool:
    """Notes have been drafted under it: what it says is then fixed (their records print it)
    and only its end may change."""
    return delegation.decisions.exists()


def save_delegation(office: Office, actor, delegation: Delegation | None, values: dict):
    with transaction.atomic():
        Office.objects.select_for_update().get(pk=office.pk)
        creating = delegation is None
        delegation = fresh(Delegation, office, delegation)
        before = shown_values(delegation, DELEGATION)
        if not creating and delegation_in_use(delegation):
            values = {"ends_on": values["ends_on"]}
        for name, value in values.items():
            setattr(delegation, name, value)
        delegation.full_clean()
        delegation.save()
        changes = changes_since(before, delegation, DELEGATION)
        verb = "added" if creating else "changed"
        record_change(office, actor, f"Delegation {verb}: {delegation.delegate_title}", changes)
    return delegation


# Funding sources ----------------------------------------------------------------------------------

FUNDING_SOURCE = [
    Field("name", "Name"),
    Field("kind", "Kind"),
    Field("granted_by", "Granted by"),
    Field("in_use", "Offered for new money", show=lambda value: "Yes" if value else "No"),
]


def save_funding_source(office: Office, actor, source: FundingSource | None, values: dict):
    """Adds or changes one of the office's funding sources. A source lines already name keeps
    its name and kind, as their records print them: only whether it is offered changes."""
    with transaction.atomic():
        Office.objects.select_for_update().get(pk=office.pk)
        creating = source is None
        source = fresh(FundingSource, office, source)
        before = shown_values(source, FUNDING_SOURCE)
        if not creating and funding_source_in_use(source):
            values = {"in_use": values["in_use"]}
        for name, value in values.items():
            setattr(source, name, value)
        source.full_clean()
        source.save()
        changes = changes_since(before, source, FUNDING_SOURCE)
        verb = "added" if creating else "changed"
        record_change(office, actor, f"Funding source {verb}: {source.name}", changes)
    return source


def funding_source_in_use(source: FundingSource) -> bool:
    return source.lines.exists() or source.funds.exists()


# Forms --------------------------------------------------------------------------------------------

FORM = [
    Field("name", "Name"),
    Field("heading", "Heading"),
    Field(
        "header_facts",
        "Facts at the head",
        show=lambda keys: ", ".join(HEADER_FACTS[key] for key in keys),
    ),
    Field("recommendations", "Recommendations"),
    Field("approval_first", "Approval before the report"),
    Field("has_parts", "Part 1 and Part 2"),
    Field("is_default", "The usual form"),
]


def _sections_summary(sections) -> str:
    return "; ".join(
        f"{section.heading}{' (Part 2)' if section.in_part_two else ''}" for section in sections
    )


def save_form(
    office: Office, actor, template: DecisionTemplate | None, values: dict, sections: list
) -> DecisionTemplate:
    """Creates or changes a form. Its sections (unsaved TemplateSections in order) replace the
    old ones: notes already started keep the sections they were started with. Sections a
    record could not follow raise ValidationError (DecisionTemplate.check_sections) before
    anything is written."""
    DecisionTemplate.check_sections(
        sections,
        has_parts=values.get("has_parts", False),
        recommendations=values.get("recommendations", DecisionTemplate.Recommendations.LIST),
    )
    with transaction.atomic():
        Office.objects.select_for_update().get(pk=office.pk)
        creating = template is None
        template = fresh(DecisionTemplate, office, template)
        before = shown_values(template, FORM)
        before_sections = "" if creating else _sections_summary(template.sections.all())
        for name, value in values.items():
            setattr(template, name, value)
        if template.is_default:
            office.templates.exclude(pk=template.pk).update(is_default=False)
        template.full_clean()
        template.save()
        template.sections.all().delete()
        for position, section in enumerate(sections, start=1):
            section.template, section.position = template, position
            section.save()
        changes = changes_since(before, template, FORM)
        after_sections = _sections_summary(template.sections.all())
        if after_sections != before_sections:
            changes.append(["Sections", before_sections, after_sections])
        verb = "added" if creating else "changed"
        record_change(office, actor, f"Form {verb}: {template.name}", changes)
    return template
