from django.urls import path

from decisions.office_setup import views

app_name = "office_setup"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<slug:slug>/", views.office, name="office"),
    path("<slug:slug>/details/", views.details, name="details"),
    path("<slug:slug>/references/", views.scheme, name="scheme"),
    path("<slug:slug>/references/preview/", views.scheme_preview, name="scheme_preview"),
    path("<slug:slug>/thresholds/", views.thresholds, name="thresholds"),
]
