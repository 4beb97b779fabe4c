"""The public's pages: the register, a decision, its PDF record, the feeds and the open data.

No sign-in, and nothing but published copies: every view reads `PublishedCopy.objects.public()`
(decisions.public.register), so nothing withheld, redacted or not yet due can be shown.
"""

import datetime
import json

from django.db.models import Max
from django.http import (
    Http404,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from commissioning import csv_cells
from commissioning.models import Office
from decisions import publication
from decisions.copy_schema import readable
from decisions.drafting import listing
from decisions.models import PublishedCopy
from decisions.public import (
    files,
    front_pages,
    frozen_pages,
    ocds,
    open_data,
    paginators,
    paging,
    register,
    searches,
    snippets,
)
from decisions.public.feeds import (  # noqa: F401 (the feeds' addresses name them here)
    PublicationsAtomFeed,
    PublicationsFeed,
    added_to_register_on,
)
from decisions.public.files import public_cache, send_file
from decisions.public_copy import public_record_context

# When the accessibility statement was written and last checked against the service: change
# them when the statement is reviewed (the regulations ask for both dates).
ACCESSIBILITY_STATEMENT_PREPARED = datetime.date(2026, 12, 4)
ACCESSIBILITY_STATEMENT_REVIEWED = datetime.date(2026, 12, 4)


@require_safe
def decision_register(request):
    number = front_pages.page_number(request)
    if number is not None and (shown := front_pages.shown_on(number)):
        key = front_pages.page_key(number, shown)
        return public_cache(frozen_pages.serve(request, key, lambda: _register(request)))
    try:
        template, context = _register(request)
    except register.SearchTookTooLong:
        return _search_took_too_long(request, register.RegisterFilterForm(request.GET))
    return public_cache(render(request, template, context))


def _register(request) -> tuple[str, dict]:
    """The register's page as the query string asks for it: its template and context."""
    # Every filter is optional, so the form with nothing chosen is valid: the whole register.
    form = register.RegisterFilterForm(request.GET)
    page = None
    if form.is_valid():
        paginator = paginators.paginator_for(form)
        with register.search_time_limit(bool(form.cleaned_data.get("q"))):
            page = paging.page_for(
                paginator, request.GET.get("page") or "1", request.GET.get("after")
            )
            # Read here, inside the search's time limit, not later by the template.
            page.object_list = list(page.object_list)
            snippets.attach(page.object_list, form.cleaned_data.get("q"))
    chosen = [
        (form.fields[name].label or name.capitalize(), value, listing.url_without(request, name))
        for name, value in form.active
    ]
    search = searches.query_string(form) if form.is_valid() else ""
    return "public/register.html", {
        "form": form,
        "page": page,
        "follow": {
            "searching": bool(search),
            "feed": searches.feed_url(search),
            "feed_rss": searches.with_query(reverse("public:feed_rss"), search),
            "alerts": searches.with_query(reverse("alerts:subscribe"), search),
        },
        "chosen": chosen,
        "clear_url": listing.url_without(request, *(n for n in form.fields if n != "q")),
        "pagination": paging.links(request, page) if page else None,
        "full_text": register.uses_full_text_search(),
        "count_cap": register.SEARCH_COUNT_CAP,
    }


def _search_took_too_long(request, form):
    """503, not 200: the search was cancelled, not answered, and a page saying so must not be
    kept by a shared cache for five minutes as if it were the answer; nor a 500, since nothing
    is broken and the reader can do something about it."""
    response = render(request, "public/search_too_slow.html", {"form": form}, status=503)
    response["Cache-Control"] = "no-store"
    return response


def _removed(request, slug: str, pk: int | None = None):
    """The notice that stands where a copy was taken down: 410 Gone, so search engines and
    archives drop it. Only the reference and the notice are shown: the title may be what had
    to come down."""
    removed = PublishedCopy.objects.removed().filter(slug=slug)
    removed = removed.filter(pk=pk) if pk is not None else removed.filter(is_current=True)
    copy = removed.only(
        "reference", "reference_period_label", "is_current", "removed_on", "removal_exemption"
    ).first()
    if copy is None:
        raise Http404("No published decision has that address.")
    return public_cache(render(request, "public/removed.html", {"copy": copy}, status=410))


PAGE_KEY_FIELDS = (
    "pk", "slug", "decision_id", "replaces_id", "published_on", "published_at", "pdf_sha256",
    "pdf_size",
)  # fmt: skip


@require_safe
def decision_page(request, slug):
    """A published record's page, rendered once and then served from the cache (see
    frozen_pages): one query when cached, three for a corrected record (its earlier versions
    still public, and when one was last taken down)."""
    # Only what decides the page's key and dates: the frozen content is read when the page
    # is rendered, which is once.
    copy = PublishedCopy.objects.public().only(*PAGE_KEY_FIELDS).filter(slug=slug).first()
    if copy is None:
        if PublishedCopy.objects.removed().filter(slug=slug, is_current=True).exists():
            return _removed(request, slug)
        # A reference typed into the address in another spelling: /decisions/wpcc4-014/.
        other = PublishedCopy.objects.public().filter(pk__in=register.reference_matches(slug))
        other = other.order_by("-pk").first()
        if other is None:
            raise Http404("No published decision has that reference.")
        return redirect(other, permanent=True)
    earlier, last_removal = [], None
    if copy.replaces_id is not None:
        # Only a correction has earlier versions; taking one down changes this page.
        earlier = list(
            PublishedCopy.objects.earlier_public(copy.decision_id)
            .select_related("replaced_by")
            .order_by("-pk")
            .only("pk", "slug", "published_at", "correction_note", "replaced_by__published_at")
        )
        last_removal = (
            PublishedCopy.objects.filter(decision_id=copy.decision_id)
            .removed()
            .aggregate(last=Max("removed_at"))["last"]
        )

    def build():
        whole = PublishedCopy.objects.select_related("office").defer("search_text").get(pk=copy.pk)
        return "public/decision.html", {
            **public_record_context(whole.content),
            "copy": whole,
            "earlier_versions": earlier,
            "added_on": added_to_register_on(copy),
        }

    # Everything the page shows that is not frozen with the copy: its PDF's checksum and size
    # (the PDF is rendered after publication) and which earlier versions are still public.
    key = frozen_pages.page_key(
        "decision", copy.pk, copy.slug, copy.pdf_sha256, copy.pdf_size, [e.pk for e in earlier]
    )
    modified = frozen_pages.copy_last_modified(copy, last_removal)
    return public_cache(frozen_pages.serve(request, key, build, last_modified=modified))


@require_safe
def original_document(request, slug):
    """The signed original of a decision recorded from it, where the published copy says it
    is published (nothing of the record withheld): the file as the office uploaded it."""
    copy = PublishedCopy.objects.public().filter(slug=slug).select_related("decision").first()
    facts = readable(copy.content).get("transcription") if copy else None
    if not (facts and facts["original_public"]):
        raise Http404("No signed original is published for that decision.")
    transcription = copy.decision.transcription
    kind = (
        "application/pdf"
        if transcription.original_is_pdf
        else ("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    )
    response = send_file(
        transcription.original, kind, transcription.original_name, as_attachment=True
    )
    return public_cache(response)


def _version_or_gone(request, slug: str, pk: int):
    """(current copy, the copy asked for) of a public record, or the response in their place:
    410 for a version taken down, 404 for one the public never saw."""
    current = PublishedCopy.objects.public().select_related("office").filter(slug=slug).first()
    if current is None:
        if PublishedCopy.objects.removed().filter(slug=slug, is_current=True).exists():
            return None, _removed(request, slug)
        raise Http404("No published decision has that address.")
    if pk == current.pk:
        return current, current
    copy = PublishedCopy.objects.earlier_public(current.decision_id).filter(pk=pk).first()
    if copy is None:
        if PublishedCopy.objects.removed().filter(decision_id=current.decision_id, pk=pk).exists():
            return None, _removed(request, slug, pk)
        raise Http404("The record has no such earlier version.")
    return current, copy


@require_safe
def earlier_version(request, slug, pk):
    current, copy = _version_or_gone(request, slug, pk)
    if current is None:
        return copy  # the removal notice
    if copy.pk == current.pk:
        return redirect(current)
    return public_cache(
        render(
            request,
            "public/decision.html",
            {
                **public_record_context(copy.content),
                "copy": copy,
                "current": current,
                "earlier_versions": [],
            },
        )
    )


@require_safe
def decision_pdf(request, slug):
    """The record's PDF as now published: the current copy's own address, which changes with
    every correction."""
    current = PublishedCopy.objects.public().filter(slug=slug).only("pk", "slug").first()
    if current is None:
        return _removed(request, slug)
    return public_cache(redirect(current.get_pdf_url()))


@require_safe
def copy_pdf(request, slug, pk):
    """A copy's PDF record, from storage; rendered now only if it never was (see ensure_pdf).
    A current copy's stored PDF is usually served before this view (files.PublishedPdfMiddleware);
    this answers the rest: earlier versions, copies taken down, PDFs not yet rendered or lost."""
    copy = files.current_copy_with_pdf(slug, pk)
    if copy is None:
        current, copy = _version_or_gone(request, slug, pk)
        if current is None:
            return copy  # the removal notice
    copy = publication.ensure_pdf(copy)
    try:
        return files.pdf_response(request, copy)
    except FileNotFoundError:
        # Storage lost the file (a restore without media, say): render it again.
        return files.pdf_response(request, publication.store_pdf(copy.pk, force=True))


# Open data --------------------------------------------------------------------------------------


class _Echo:
    def write(self, value):
        return value


@require_safe
def register_csv(request):
    """The whole register as CSV, streamed: one row a published decision."""
    writer = csv_cells.writer(_Echo())
    site = request.build_absolute_uri("/").rstrip("/")

    def rows():
        # A byte-order mark first, so Excel reads the file as UTF-8 ("£", "–") rather than
        # in the computer's own code page.
        yield "\ufeff" + writer.writerow(open_data.CSV_COLUMNS)
        copies = PublishedCopy.objects.public().select_related("office", "financial_year")
        for copy in copies.iterator(chunk_size=2000):
            yield writer.writerow(open_data.csv_row(copy, site))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="decisions.csv"'
    return public_cache(response)


@require_safe
def register_json(request):
    site = request.build_absolute_uri("/").rstrip("/")
    copies = PublishedCopy.objects.public().select_related("office", "financial_year")

    def chunks():
        # The file's licence where every office publishes under the same one; otherwise
        # null, and each record's own licence says.
        licences = set(Office.objects.values_list("data_licence", flat=True))
        licence = licences.pop() if len(licences) == 1 else None
        yield (
            '{"published": "' + timezone.now().isoformat() + '", "currency": "GBP", '
            '"licence": ' + json.dumps(licence) + ', "decisions": ['
        )
        for index, copy in enumerate(copies.iterator(chunk_size=2000)):
            prefix = "," if index else ""
            yield prefix + json.dumps(open_data.json_record(copy, site), cls=open_data.Encoder)
        yield "]}"

    return public_cache(StreamingHttpResponse(chunks(), content_type="application/json"))


@require_safe
def contracts_ocds(request):
    site = request.build_absolute_uri("/").rstrip("/")
    return public_cache(
        JsonResponse(
            ocds.release_package(site),
            encoder=open_data.Encoder,
            json_dumps_params={"ensure_ascii": False},
        )
    )


@require_safe
def accessibility(request):
    return public_cache(
        render(
            request,
            "public/accessibility.html",
            {
                "offices": Office.objects.select_related("organisation").order_by("name"),
                "prepared_on": ACCESSIBILITY_STATEMENT_PREPARED,
                "reviewed_on": ACCESSIBILITY_STATEMENT_REVIEWED,
            },
        ),
        3600,
    )
