"""The public's addresses: no sign-in, published copies only."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from decisions.forward_plan import public as forward_plan
from decisions.public import appendices, contracts, funds
from decisions.public import views as public_views
from decisions.public.sitemaps import SITEMAPS

app_name = "public"

urlpatterns = [
    path("decisions/", public_views.decision_register, name="register"),
    path("decisions/feed/", public_views.PublicationsAtomFeed(), name="feed"),
    path("decisions/feed/rss/", public_views.PublicationsFeed(), name="feed_rss"),
    path("decisions.csv", public_views.register_csv, name="register_csv"),
    path("decisions.json", public_views.register_json, name="register_json"),
    path("decisions/<slug:slug>/", public_views.decision_page, name="decision"),
    path("decisions/<slug:slug>.pdf", public_views.decision_pdf, name="decision_pdf"),
    path("decisions/<slug:slug>/original/", public_views.original_document, name="original"),
    path(
        "decisions/<slug:slug>/versions/<int:pk>.pdf",
        public_views.copy_pdf,
        name="copy_pdf",
    ),
    path(
        "decisions/<slug:slug>/versions/<int:pk>/appendices/<int:number>/",
        appendices.copy_appendix,
        name="copy_appendix",
    ),
    path(
        "decisions/<slug:slug>/versions/<int:pk>/",
        public_views.earlier_version,
        name="earlier_version",
    ),
    path("forward-plan/", forward_plan.forward_plan, name="forward_plan"),
    path("forward-plan/feed/", forward_plan.ForwardPlanFeed(), name="forward_plan_feed"),
    path(
        "forward-plan/calendar.ics",
        forward_plan.forward_plan_calendar,
        name="forward_plan_ics",
    ),
    path("forward-plan/<int:pk>/", forward_plan.notice_page, name="notice"),
    path("grants/360giving.json", funds.grants_json, name="grants_json"),
    path("grants/360giving.csv", funds.grants_csv, name="grants_csv"),
    path("funds/<slug:office>/<int:pk>/", funds.fund_page, name="fund"),
    path("funds/<slug:office>/<int:pk>/360giving.json", funds.grants_json, name="fund_grants_json"),
    path("funds/<slug:office>/<int:pk>/360giving.csv", funds.grants_csv, name="fund_grants_csv"),
    path("contracts/", contracts.contract_register, name="contracts"),
    path("contracts/<int:pk>/", contracts.contract_page, name="contract"),
    path("contracts.csv", contracts.contracts_csv, name="contracts_csv"),
    path("contracts.json", public_views.contracts_ocds, name="contracts_ocds"),
    path("accessibility/", public_views.accessibility, name="accessibility"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
