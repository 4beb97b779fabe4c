"""The help pages: plain pages, the same for everyone, signed in or not."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from decisions.help import BY_NAME, TOPICS


@require_safe
def index(request):
    # A demonstration copy (DEBUG on) says how to sign in as its demonstration users.
    return render(request, "help/index.html", {"topics": TOPICS, "demo": settings.DEBUG})


def topic_page(name: str):
    """The view of one task's page, templates/help/<name>.html."""
    topic = BY_NAME[name]

    @require_safe
    def view(request):
        return render(request, f"help/{topic.name}.html", {"topic": topic, "topics": TOPICS})

    view.__name__ = view.__qualname__ = f"help_{name}"
    return view
