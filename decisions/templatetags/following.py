"""Absolute addresses for the alert e-mails, which are read outside the site."""

from django import template
from django.conf import settings

from decisions.public import searches

register = template.Library()


@register.simple_tag
def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@register.simple_tag
def absolute_search(search: str) -> str:
    return absolute(searches.register_url(search))
