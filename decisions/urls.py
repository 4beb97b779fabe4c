from django.urls import path

from decisions import views

app_name = "decisions"

urlpatterns = [
    path("", views.decision_list, name="list"),
    path("new/", views.decision_create, name="create"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("<int:pk>/details/", views.edit_details, name="edit_details"),
    path("<int:pk>/sections/<slug:key>/", views.edit_section, name="edit_section"),
    path("<int:pk>/money/<int:contract_pk>/", views.edit_money, name="edit_money"),
    path("<int:pk>/appendices/", views.appendices, name="appendices"),
    path("<int:pk>/appendices/<int:appendix_pk>/", views.appendix_file, name="appendix_file"),
    path("<int:pk>/preview.pdf", views.preview_pdf, name="preview_pdf"),
    path("<int:pk>/<slug:part>/", views.edit_list, name="edit_list"),
]
