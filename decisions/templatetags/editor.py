from django import template
from django.utils.html import json_script

from decisions.editor_rules import rules

register = template.Library()


@register.simple_tag
def editor_rules():
    """The server's rules the rich-text editor mirrors, as JSON for static/js/rich-text.js."""
    return json_script(rules(), "editor-rules")
