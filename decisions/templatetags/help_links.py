from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from decisions.help import BY_NAME

register = template.Library()

NEW_TAB = mark_safe(' target="_blank" rel="noreferrer noopener"')


@register.simple_tag
def help_link(*names: str, new_tab: bool = False):
    """“Help with drafting a note”: a link to each named task's help page (decisions.help),
    for the page where the task is done. One topic is a paragraph, several a list.

    On a page with a form, `new_tab=True` opens the help in a new tab, so that what has been
    typed is not left behind (GOV.UK's advice for help met in the middle of a form), and the
    link says so."""
    suffix = " (opens in new tab)" if new_tab else ""
    links = [
        (BY_NAME[name].url, NEW_TAB if new_tab else "", BY_NAME[name].link_text, suffix)
        for name in names
    ]
    link = '<a class="govuk-link" href="{}"{}>Help with {}{}</a>'
    if len(links) == 1:
        return format_html('<p class="govuk-body app-help-link">' + link + "</p>", *links[0])
    return format_html(
        '<ul class="govuk-list app-help-link">{}</ul>',
        format_html_join("", "<li>" + link + "</li>", links),
    )
