from django.urls import path

from decisions.office_setup import delegations, funding, office_forms, people, routes, views

app_name = "office_setup"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<slug:slug>/", views.office, name="office"),
    path("<slug:slug>/details/", views.details, name="details"),
    path("<slug:slug>/references/", views.scheme, name="scheme"),
    path("<slug:slug>/references/preview/", views.scheme_preview, name="scheme_preview"),
    path("<slug:slug>/thresholds/", views.thresholds, name="thresholds"),
    path("<slug:slug>/ways-of-deciding/", routes.routes, name="routes"),
    path("<slug:slug>/ways-of-deciding/new/", routes.route, name="add_route"),
    path("<slug:slug>/ways-of-deciding/<int:pk>/", routes.route, name="route"),
    path("<slug:slug>/delegations/", delegations.delegations, name="delegations"),
    path("<slug:slug>/delegations/new/", delegations.delegation, name="add_delegation"),
    path("<slug:slug>/delegations/<int:pk>/", delegations.delegation, name="delegation"),
    path("<slug:slug>/funding-sources/", funding.funding_sources, name="funding_sources"),
    path("<slug:slug>/funding-sources/new/", funding.funding_source, name="add_funding_source"),
    path("<slug:slug>/funding-sources/<int:pk>/", funding.funding_source, name="funding_source"),
    path("<slug:slug>/forms/", office_forms.office_forms, name="forms"),
    path("<slug:slug>/forms/new/", office_forms.office_form, name="add_form"),
    path("<slug:slug>/forms/<int:pk>/", office_forms.office_form, name="form"),
    path("<slug:slug>/people/", people.people, name="people"),
    path("<slug:slug>/people/invite/", people.invite, name="invite"),
    path("<slug:slug>/people/<int:pk>/give-role/", people.give_role, name="give_role"),
    path("<slug:slug>/people/<int:pk>/end-role/", people.end_role, name="end_role"),
]
