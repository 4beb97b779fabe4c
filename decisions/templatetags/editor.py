from django import template
from django.utils.html import json_script
from django.utils.safestring import mark_safe

from decisions.editor_rules import rules

register = template.Library()


@register.simple_tag(takes_context=True)
def editor_rules(context):
    """The server's rules the rich-text editor mirrors, as JSON for static/js/rich-text.js. The
    data block carries the page's CSP nonce, as everything the page puts in a <script> does,
    so it cannot be told from one an attacker slipped in."""
    block = str(json_script(rules(), "editor-rules"))
    nonce = context.get("csp_nonce")
    if nonce:
        block = block.replace("<script ", f'<script nonce="{nonce}" ', 1)
    # Safe: json_script escapes the data, and the nonce is a token Django made.
    return mark_safe(block)
