from django.urls import include, path

from decisions.drafting import list_views, views
from decisions.following import officer_views
from decisions.forward_plan import urls as forward_plan_urls
from decisions.forward_plan import views as forward_plan_views
from decisions.money import views as money_views
from decisions.publication import views as publication_views
from decisions.signoff import cover_views
from decisions.signoff import views as signoff_views
from decisions.transcription import views as transcription_views

app_name = "decisions"

urlpatterns = [
    path("", views.decision_list, name="list"),
    path("new/", views.decision_create, name="create"),
    path("record-taken/", transcription_views.record_taken, name="record_taken"),
    path("import/", transcription_views.import_records, name="import"),
    path("import/<int:pk>/", transcription_views.import_batch, name="import_batch"),
    path("forward-plan/", include(forward_plan_urls)),
    path("cover/", cover_views.cover_page, name="cover"),
    path("subscribers/", officer_views.subscriber_data, name="subscriber_data"),
    path("cover/<int:pk>/end/", cover_views.end_cover, name="end_cover"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("<int:pk>/details/", views.edit_details, name="edit_details"),
    path("<int:pk>/edit/", views.edit_whole, name="edit_whole"),
    path("<int:pk>/sections/<slug:key>/", views.edit_section, name="edit_section"),
    path("<int:pk>/money/<int:contract_pk>/", list_views.edit_money, name="edit_money"),
    path(
        "<int:pk>/money/<int:contract_pk>/totals/",
        list_views.money_totals,
        name="money_totals",
    ),
    path("<int:pk>/money/", money_views.money, name="money"),
    path("<int:pk>/money/lines/new/", money_views.line, name="add_money_line"),
    path("<int:pk>/money/lines/<int:line_pk>/", money_views.line, name="money_line"),
    path(
        "<int:pk>/money/lines/<int:line_pk>/remove/",
        money_views.remove_line,
        name="remove_money_line",
    ),
    path("<int:pk>/money/funds/new/", money_views.fund, name="add_fund"),
    path("<int:pk>/money/funds/<int:fund_pk>/", money_views.fund, name="fund"),
    path("<int:pk>/money/funds/<int:fund_pk>/remove/", money_views.remove_fund, name="remove_fund"),
    path("<int:pk>/money/printed/", money_views.printed_figures, name="printed_figures"),
    path("<int:pk>/transcription/", transcription_views.transcription_page, name="transcription"),
    path(
        "<int:pk>/transcription/signers/",
        transcription_views.signers,
        name="transcription_signers",
    ),
    path(
        "<int:pk>/transcription/send/",
        transcription_views.send_to_check,
        name="transcription_send",
    ),
    path(
        "<int:pk>/transcription/confirm/",
        transcription_views.confirm,
        name="transcription_confirm",
    ),
    path(
        "<int:pk>/transcription/send-back/",
        transcription_views.send_back,
        name="transcription_send_back",
    ),
    path("<int:pk>/original/", transcription_views.original_file, name="original_file"),
    path("<int:pk>/appendices/", list_views.appendices, name="appendices"),
    path("<int:pk>/appendices/<int:appendix_pk>/", list_views.appendix_file, name="appendix_file"),
    path("<int:pk>/preview.pdf", views.preview_pdf, name="preview_pdf"),
    path("<int:pk>/sign-off/", signoff_views.sign_off, name="sign_off"),
    path("<int:pk>/sign-off/submit/", signoff_views.submit, name="submit"),
    path("<int:pk>/sign-off/sign/", signoff_views.sign, name="sign"),
    path("<int:pk>/sign-off/skip/", signoff_views.skip, name="skip"),
    path("<int:pk>/sign-off/decide/", signoff_views.decide, name="decide"),
    path("<int:pk>/sign-off/return/", signoff_views.return_to_drafter, name="return"),
    path("<int:pk>/sign-off/withdraw/", signoff_views.withdraw, name="withdraw"),
    path(
        "<int:pk>/sign-off/conditions/<int:condition_pk>/",
        signoff_views.resolve_condition,
        name="resolve_condition",
    ),
    path("<int:pk>/sign-off/amend/", signoff_views.amend, name="amend"),
    path("<int:pk>/history/", signoff_views.history, name="history"),
    path("<int:pk>/publication/", publication_views.publication_page, name="publication"),
    path("<int:pk>/publication/preview/", publication_views.preview, name="publication_preview"),
    path("<int:pk>/publication/publish/", publication_views.publish, name="publish"),
    path("<int:pk>/publication/take-down/", publication_views.take_down, name="take_down"),
    path("<int:pk>/compare/", signoff_views.compare, name="compare"),
    path("<int:pk>/forward-plan-notice/", forward_plan_views.note_notice, name="note_notice"),
    path("<int:pk>/<slug:part>/", list_views.edit_list, name="edit_list"),
]
