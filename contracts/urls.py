from django.urls import path

from contracts import organisations, views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="list"),
    path("new/", views.contract_create, name="create"),
    path("phasing/", views.phasing_tool, name="phasing"),
    path("organisations/new/", organisations.add_organisation, name="add_organisation"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/events/new/", views.record_event, name="record_event"),
    path("<int:pk>/contributions/", views.edit_contributions, name="contributions"),
    path("<int:pk>/partners/", views.edit_partners, name="partners"),
    path("<int:pk>/values/", views.edit_year_values, name="year_values"),
    path("contracts.csv", views.contracts_csv, name="contracts_csv"),
    path("contributions.csv", views.contributions_csv, name="contributions_csv"),
]
