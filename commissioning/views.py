from django.shortcuts import render

from commissioning.models import Office


def home(request):
    offices = Office.objects.prefetch_related("areas").order_by("name")
    return render(request, "commissioning/home.html", {"offices": offices})
