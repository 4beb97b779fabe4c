"""Focus is seen on every office's header, and a filter panel's button comes after its filters."""

import pytest

from commissioning.models import Office
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

CONTRAST = """(element) => {
    const channel = (c) => {
        c /= 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    const luminance = (rgb) => { const [r, g, b] = rgb.match(/\\d+/g).map(Number).map(channel);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const style = getComputedStyle(element);
    const [a, b] = [luminance(style.color), luminance(style.backgroundColor)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
}"""


def test_a_focused_header_link_is_readable_on_every_offices_colour(page, site):
    for office in Office.objects.all():
        page.goto(f"{site.url}/decisions/?office={office.slug}")
        page.evaluate(
            "colour => document.querySelector('.app-header').style.setProperty("
            "'--office-colour', colour)",
            office.brand_colour,
        )
        for link in (
            page.locator(".app-header__product"),
            page.locator(".app-header__nav a").first,
        ):
            link.focus()
            assert link.evaluate(CONTRAST) >= 4.5, office.brand_colour


def test_the_registers_filters_come_before_their_button_in_the_tab_order(page, site):
    page.goto(f"{site.url}/decisions/")
    order = page.evaluate(
        """() => [...document.querySelectorAll('.moj-filter__options select, '
            + '.moj-filter__options button')].map(e => e.tagName)"""
    )
    assert order[-1] == "BUTTON" and "SELECT" in order[:-1]
    assert_accessible(page)
