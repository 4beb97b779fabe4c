"""The URLconf bench/register.py serves: the project's own addresses plus a trivial view, the
floor that every public page is measured against (the same middleware and test client, no
database and no template)."""

from django.http import HttpResponse
from django.urls import include, path

FLOOR_PATH = "/bench/floor/"


def floor(request):
    return HttpResponse("ok")


urlpatterns = [
    path(FLOOR_PATH.strip("/") + "/", floor),
    path("", include("commissioning.urls")),
]
