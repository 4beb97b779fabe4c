"""The editor's JavaScript takes the server's rules from the page, so each is written once."""

import json
import re

from django.test import Client
from django.urls import reverse

from decisions import richtext
from decisions.editor_rules import rules
from decisions.exemptions import Exemption
from tests.factories import signed_in


def _rules_on(html: str):
    found = re.search(r'<script[^>]* id="editor-rules"[^>]*>(.*?)</script>', html)
    return json.loads(found.group(1)) if found else None


def test_a_signed_in_page_carries_the_exemptions_and_the_sanitisers_paste_rules(note, officer):
    page = signed_in(officer).get(reverse("decisions:detail", args=[note.pk]))
    sent = _rules_on(page.content.decode())

    assert sent == json.loads(json.dumps(rules()))
    assert [code for code, _ in sent["exemptions"]] == list(Exemption.values)
    assert sorted(sent["exemptions"]) == sorted(map(list, Exemption.choices))
    assert set(sent["url_schemes"]) == {f"{scheme}:" for scheme in richtext.URL_SCHEMES}
    assert sent["typed_marker"]["source"] == richtext.TYPED_MARKER.pattern
    assert sent["word_list"]["flags"] == "i"


def test_the_sanitiser_keeps_a_mark_for_each_exemption_and_no_other():
    for code in Exemption.values:
        kept = richtext.sanitise(f'<p><span data-exemption="{code}">a name</span></p>')
        assert f'data-exemption="{code}"' in kept
    assert "data-exemption" not in richtext.sanitise('<p><span data-exemption="s99">x</span></p>')


def test_public_pages_carry_no_editor_rules():
    assert _rules_on(Client().get(reverse("public:register")).content.decode()) is None
