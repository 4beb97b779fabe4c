"""The help pages' addresses, under /help/: one a task."""

from django.urls import path

from decisions.help import TOPICS, views

app_name = "help"

urlpatterns = [
    path("", views.index, name="index"),
    *(path(topic.path, views.topic_page(topic.name), name=topic.name) for topic in TOPICS),
]
