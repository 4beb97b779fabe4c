from django.urls import path

from contracts import views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="list"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("contracts.csv", views.contracts_csv, name="contracts_csv"),
    path("contributions.csv", views.contributions_csv, name="contributions_csv"),
]
