"""The public forward plan: notices of proposed decisions by due date, each notice's page with
its history, an Atom feed and an iCalendar feed of due dates.

Only notices an officer published (`ProposedDecision.objects.public()`); a notice links to its
decision only once the decision's published copy is public (`PublishedCopy.objects.public()`),
so a withheld, confidential or not yet due decision is never pointed at."""

import datetime
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.views.decorators.http import require_safe

from commissioning.models import Office
from decisions.models import ProposedDecision, PublishedCopy

CACHE_SECONDS = 300
PAGE_SIZE = 50
# The feeds carry the notices changed most recently, and the calendar those due from a year
# back: bounded, however long the plan grows.
FEED_ITEMS = 50
CALENDAR_ITEMS = 500
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y"]


class ForwardPlanFilterForm(forms.Form):
    """The forward plan's filters, from the query string; every one optional."""

    office = forms.ChoiceField(
        label="Office",
        required=False,
        error_messages={"invalid_choice": "Choose an office from the list."},
    )
    key = forms.ChoiceField(
        label="Key decision",
        required=False,
        choices=[("", "Key or not"), ("yes", "Key decisions only")],
        error_messages={"invalid_choice": "Choose whether to show key decisions only."},
    )
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "Not yet decided"),
            ("decided", "Decided"),
            ("withdrawn", "Withdrawn"),
            ("all", "All notices"),
        ],
        error_messages={"invalid_choice": "Choose which notices to show."},
    )
    due_from = forms.DateField(
        label="Due from",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="For example, 27/3/2027",
        error_messages={"invalid": "Enter a date such as 27/3/2027."},
    )
    due_to = forms.DateField(
        label="Due to",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="For example, 30/4/2027",
        error_messages={"invalid": "Enter a date such as 30/4/2027."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].choices = [("", "All offices")] + [
            (office.slug, office.name) for office in Office.objects.order_by("name")
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("due_from"), cleaned.get("due_to")
        if start and end and end < start:
            self.add_error("due_to", "The ‘due to’ date must be on or after the ‘due from’ date.")
        return cleaned

    @property
    def active(self) -> list[tuple[str, str]]:
        if not self.is_valid():
            return []
        chosen = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if not value:
                continue
            if isinstance(value, datetime.date):
                chosen.append((name, f"{value:%-d %B %Y}"))
            else:
                chosen.append((name, str(dict(field.choices)[value])))
        return chosen


def _decided():
    return Exists(PublishedCopy.objects.public().filter(decision_id=OuterRef("decision_id")))


def notices_for(form: ForwardPlanFilterForm):
    """The public notices the filters choose, soonest due first."""
    notices = (
        ProposedDecision.objects.public()
        .select_related("office")
        .annotate(is_decided=_decided())
        .order_by("due_on", "pk")
    )
    if not form.is_valid():
        return notices.none()
    data = form.cleaned_data
    if data["office"]:
        notices = notices.filter(office__slug=data["office"])
    if data["key"] == "yes":
        notices = notices.filter(is_key_decision=True)
    if data["due_from"]:
        notices = notices.filter(due_on__gte=data["due_from"])
    if data["due_to"]:
        notices = notices.filter(due_on__lte=data["due_to"])
    show = data["show"]
    if show == "decided":
        notices = notices.filter(is_decided=True)
    elif show == "withdrawn":
        notices = notices.filter(status=ProposedDecision.Status.WITHDRAWN)
    elif show != "all":
        notices = notices.filter(status=ProposedDecision.Status.PUBLISHED, is_decided=False)
    return notices


def _cached(response, seconds: int = CACHE_SECONDS):
    response["Cache-Control"] = f"public, max-age={seconds}"
    return response


def _without(request, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    query.pop("page", None)
    return f"?{query.urlencode()}" if query else "?"


@require_safe
def forward_plan(request):
    form = ForwardPlanFilterForm(request.GET)
    page = Paginator(notices_for(form), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    chosen = [
        (form.fields[name].label, value, _without(request, name)) for name, value in form.active
    ]
    context = {
        "form": form,
        "page": page,
        "chosen": chosen,
        "query": query.urlencode(),
        "clear_url": reverse("public:forward_plan"),
    }
    return _cached(render(request, "forward_plan/public_list.html", context))


def public_status(notice: ProposedDecision, copy) -> str:
    if notice.status == ProposedDecision.Status.WITHDRAWN:
        return "Withdrawn"
    if copy is not None:
        return "Decided"
    return "Pending: not yet decided"


@require_safe
def notice_page(request, pk):
    notice = ProposedDecision.objects.public().select_related("office").filter(pk=pk).first()
    if notice is None:
        raise Http404("No published notice has that address.")
    copy = notice.published_copy()
    context = {
        "notice": notice,
        "copy": copy,
        "status_text": public_status(notice, copy),
        "changes": notice.changes.all(),
    }
    return _cached(render(request, "forward_plan/public_notice.html", context))


# Feeds -------------------------------------------------------------------------------------------


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def notice_entry_id(notice: ProposedDecision) -> str:
    """A permanent tag URI (RFC 4151) for the notice: its first-published day and number."""
    return f"tag:{_host()},{notice.first_published_on:%Y-%m-%d}:forward-plan/{notice.pk}"


def _feed_notices():
    return (
        ProposedDecision.objects.public()
        .select_related("office")
        .annotate(last_change=Max("changes__at"))
        .order_by("-last_change", "-pk")[:FEED_ITEMS]
    )


class ForwardPlanFeed(Feed):
    """Notices as they are published and change: an entry is updated when its due date moves
    or it is withdrawn."""

    feed_type = Atom1Feed
    title = "Forward plan: proposed commissioning decisions"
    subtitle = (
        "Notices of decisions that Police and Crime Commissioners, and the mayors and councils "
        "that hold their functions, propose to make."
    )
    author_name = "Commissioning decisions"

    def link(self):
        return reverse("public:forward_plan")

    def items(self):
        return _feed_notices()

    def item_title(self, item):
        state = " (withdrawn)" if item.status == ProposedDecision.Status.WITHDRAWN else ""
        return f"{item.title}: due {item.due_on:%-d %B %Y}{state}"

    def item_description(self, item):
        key = "Key decision. " if item.is_key_decision else ""
        return escape(f"{key}{item.summary} Decision-maker: {item.decision_maker}.")

    def item_link(self, item):
        return item.get_absolute_url()

    item_guid_is_permalink = False

    def item_guid(self, item):
        return notice_entry_id(item)

    def item_pubdate(self, item):
        return timezone.make_aware(
            datetime.datetime.combine(item.first_published_on, datetime.time())
        )

    def item_updateddate(self, item):
        return max(item.last_change or item.updated_at, self.item_pubdate(item))

    def item_author_name(self, item):
        return item.office.name

    def item_categories(self, item):
        return [item.office.short_name]


# iCalendar (RFC 5545), written here: a handful of properties needs no library.


def _ical_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded, each continuation starting with a space."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        # Never split a UTF-8 character.
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end].decode())
        start, limit = end, 74
    return "\r\n ".join(parts)


def calendar_text(notices, site: str) -> str:
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Commissioning decisions//Forward plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Forward plan of proposed decisions",
    ]
    for notice in notices:
        withdrawn = notice.status == ProposedDecision.Status.WITHDRAWN
        description = f"{notice.summary}\nDecision-maker: {notice.decision_maker}"
        if notice.is_key_decision:
            description = "Key decision.\n" + description
        lines += [
            "BEGIN:VEVENT",
            f"UID:forward-plan-{notice.pk}@{_host()}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{notice.due_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{notice.due_on + datetime.timedelta(days=1):%Y%m%d}",
            f"SEQUENCE:{notice.change_count}",
            f"SUMMARY:{_ical_text(notice.title + (' (withdrawn)' if withdrawn else ''))}",
            f"DESCRIPTION:{_ical_text(description)}",
            f"URL:{site}{notice.get_absolute_url()}",
            f"ORGANIZER;CN={_ical_text(notice.office.name)}:"
            + (f"mailto:{notice.office.contact_email}" if notice.office.contact_email else site),
            "TRANSP:TRANSPARENT",
            f"STATUS:{'CANCELLED' if withdrawn else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


@require_safe
def forward_plan_calendar(request):
    """The due dates of the public notices, from a year back, as an iCalendar file a calendar
    can subscribe to. The filters of the page apply (office, key decisions only)."""
    form = ForwardPlanFilterForm(request.GET)
    notices = ProposedDecision.objects.public().select_related("office")
    if form.is_valid():
        if form.cleaned_data["office"]:
            notices = notices.filter(office__slug=form.cleaned_data["office"])
        if form.cleaned_data["key"] == "yes":
            notices = notices.filter(is_key_decision=True)
    since = timezone.localdate() - datetime.timedelta(days=366)
    notices = (
        notices.filter(due_on__gte=since)
        .annotate(change_count=Count("changes"))
        .order_by("due_on", "pk")[:CALENDAR_ITEMS]
    )
    site = request.build_absolute_uri("/").rstrip("/")
    response = HttpResponse(
        calendar_text(notices, site), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="forward-plan.ics"'
    return _cached(response)
