"""The product's URLs plus two views that fail, for the error page and request log tests."""

from django.db import DatabaseError
from django.urls import path

from commissioning.urls import urlpatterns as product_urlpatterns

# What an exception may carry: a path on the server, a connection string, a person's name.
SECRET_DETAIL = "/srv/decisions/var/db.sqlite3 password=hunter2 Jane Citizen"


def broken_view(request):
    raise RuntimeError(SECRET_DETAIL)


def database_down(request):
    raise DatabaseError(f"could not connect to server: {SECRET_DETAIL}")


urlpatterns = [
    path("broken/", broken_view, name="broken"),
    path("database-down/", database_down, name="database_down"),
    *product_urlpatterns,
]
