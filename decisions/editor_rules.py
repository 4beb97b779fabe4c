"""What the rich-text editor's JavaScript must know of the server's rules, sent with the page
(`{{ editor_rules|json_script:"editor-rules" }}` in base.html) so that each rule is written
once, here in Python: the exemptions a passage may be marked with, and the sanitiser's
cleaning of what is pasted from Word (decisions.richtext), which the editor mirrors so an
officer sees at once what will be saved."""

import re
from functools import cache

from decisions import richtext
from decisions.exemptions import Exemption


def _pattern(regex) -> dict:
    """A compiled Python pattern as JavaScript's RegExp takes it. The patterns used here are
    written in the syntax both languages share."""
    return {"source": regex.pattern, "flags": "i" if regex.flags & re.IGNORECASE else ""}


@cache
def rules() -> dict:
    return {
        "exemptions": Exemption.choices,
        "url_schemes": sorted(f"{scheme}:" for scheme in richtext.URL_SCHEMES),
        "scopes": sorted(richtext.SCOPES),
        "headings": {tag.upper(): to for tag, to in richtext.HEADINGS.items()},
        "inline_wrappers": sorted(tag.upper() for tag in richtext.INLINE_WRAPPERS),
        "dropped_with_contents": sorted(tag.upper() for tag in richtext.DROPPED_WITH_CONTENTS),
        "word_list": _pattern(richtext.WORD_LIST),
        "word_list_marker": _pattern(richtext.WORD_LIST_MARKER),
        "typed_marker": _pattern(richtext.TYPED_MARKER),
        "ordinal": _pattern(richtext.ORDINAL),
        "first_ordinals": sorted(richtext.FIRST_ORDINALS),
    }
