"""The rich-text sanitiser: Word paste, plain text, known XSS payloads and stability."""

import re
from html.parser import HTMLParser

import pytest

from decisions import richtext
from decisions.richtext import plain_text, sanitise
from tests.samples import WORD_365_CLIPBOARD, WORD_365_SANITISED, XSS_PAYLOADS


class Structure(HTMLParser):
    """Every element and attribute in a piece of HTML, to check it against the allow-list."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.comments: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_comment(self, data):
        self.comments.append(data)


ALLOWED = {
    "p": set(),
    "h2": set(),
    "h3": set(),
    "h4": set(),
    "ul": set(),
    "ol": set(),
    "li": set(),
    "strong": set(),
    "em": set(),
    "a": {"href", "rel"},
    "table": set(),
    "thead": set(),
    "tbody": set(),
    "tr": set(),
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "br": set(),
    "blockquote": set(),
}


def assert_only_the_safe_subset(html: str) -> None:
    structure = Structure(html)
    assert not structure.comments
    for tag, attrs in structure.elements:
        assert tag in ALLOWED, f"<{tag}> in {html!r}"
        assert set(attrs) <= ALLOWED[tag], f"<{tag} {attrs}> in {html!r}"
        if tag == "a":
            assert attrs["href"].lower().startswith(("http://", "https://", "mailto:")), html
            assert attrs["rel"] == "noopener noreferrer"


# Word ------------------------------------------------------------------------------------------


def test_word_365_clipboard_html_becomes_clean_structured_html():
    assert sanitise(WORD_365_CLIPBOARD) == WORD_365_SANITISED


def test_nothing_of_words_markup_survives():
    cleaned = sanitise(WORD_365_CLIPBOARD)
    assert_only_the_safe_subset(cleaned)
    for junk in ("mso", "Mso", "o:p", "<span", "<font", "&nbsp;", "<p></p>", "·", "Symbol"):
        assert junk not in cleaned
    assert "WordDocument" not in cleaned and "Cambria" not in cleaned


def test_the_windows_clipboard_header_is_dropped():
    cf_html = (
        "Version:0.9\r\nStartHTML:0000000105\r\nEndHTML:0000000200\r\n"
        "StartFragment:0000000141\r\nEndFragment:0000000164\r\n"
        "<html><body><!--StartFragment--><p class=MsoNormal>Text<o:p></o:p></p>"
        "<!--EndFragment--></body></html>"
    )
    assert sanitise(cf_html) == "<p>Text</p>"


def fake_item(text: str, marker: str, level: int = 1, list_id: str = "l0 level{} lfo1") -> str:
    style = f"text-indent:-18.0pt;mso-list:{list_id.format(level)}"
    return (
        f"<p class=MsoListParagraphCxSpMiddle style='{style}'><![if !supportLists]>"
        f"<span style='mso-list:Ignore'>{marker}<span style='font:7.0pt \"Times New Roman\"'>"
        f"&nbsp;&nbsp; </span></span><![endif]>{text}<o:p></o:p></p>"
    )


def test_fake_lists_of_different_word_lists_stay_apart():
    html = (
        fake_item("Bullet", "·")
        + fake_item("First", "1.", list_id="l1 level{} lfo2")
        + fake_item("Second", "2.", list_id="l1 level{} lfo2")
    )
    assert sanitise(html) == "<ul><li>Bullet</li></ul>\n<ol><li>First</li><li>Second</li></ol>"


def test_lettered_and_roman_sub_items_become_a_nested_numbered_list():
    html = fake_item("One", "1.") + fake_item("Sub a", "a)", 2) + fake_item("Sub b", "b)", 2)
    html += fake_item("Roman", "i.", 3) + fake_item("Two", "2.")
    assert sanitise(html) == (
        "<ol><li>One<ol><li>Sub a</li><li>Sub b<ol><li>Roman</li></ol></li></ol></li>"
        "<li>Two</li></ol>"
    )


def test_numbering_a_plain_list_cannot_show_stays_as_written():
    # A list continuing at 3 after a paragraph, and legal-style "2.1" numbering: an <ol>
    # would renumber them, and officers refer to paragraphs by these numbers.
    html = fake_item("Third", "3.") + fake_item("Clause", "2.1.")
    assert sanitise(html) == "<p>3. Third</p>\n<p>2.1. Clause</p>"


def test_a_fake_list_without_its_marker_span_is_read_from_the_text():
    html = (
        "<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'>·&nbsp;&nbsp; Alpha</p>"
        "<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'>·&nbsp;&nbsp; Beta</p>"
    )
    assert sanitise(html) == "<ul><li>Alpha</li><li>Beta</li></ul>"


def test_a_numbered_heading_keeps_its_number():
    html = (
        "<h1 style='mso-list:l2 level1 lfo3'><![if !supportLists]><span style='mso-list:Ignore'>"
        "3.<span style='font:7.0pt \"Times New Roman\"'>&nbsp; </span></span><![endif]>"
        "Financial implications</h1>"
    )
    assert sanitise(html) == "<h2>3. Financial implications</h2>"


def test_words_real_lists_are_merged_and_their_nesting_repaired():
    # Recent Word builds write real lists, one <ul> per item and sub-lists directly in a list.
    html = (
        "<ul style='margin-top:0cm' type=disc><li class=MsoListParagraph "
        "style='mso-list:l0 level1 lfo1'>One</li></ul>"
        "<ul style='margin-top:0cm' type=disc><ul style='margin-top:0cm' type=circle>"
        "<li class=MsoListParagraph style='mso-list:l0 level2 lfo1'>One a</li></ul></ul>"
        "<ul style='margin-top:0cm' type=disc><ul style='margin-top:0cm' type=circle>"
        "<li class=MsoListParagraph style='mso-list:l0 level2 lfo1'>One b</li></ul></ul>"
        "<ul style='margin-top:0cm' type=disc><li class=MsoListParagraph>Two</li></ul>"
    )
    assert sanitise(html) == (
        "<ul><li>One<ul><li>One a</li><li>One b</li></ul></li><li>Two</li></ul>"
    )


def test_google_docs_wrapper_and_span_formatting():
    html = (
        '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b">'
        '<p dir="ltr" style="line-height:1.38"><span style="font-weight:700">Bold</span> and '
        '<span style="font-style:italic">italic</span></p>'
        '<ul><li dir="ltr"><p dir="ltr"><span>Item</span></p></li></ul></b>'
    )
    assert sanitise(html) == (
        "<p><strong>Bold</strong> and <em>italic</em></p>\n<ul><li>Item</li></ul>"
    )


# Elements and attributes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p><b>Bold</b> <i>italic</i></p>", "<p><strong>Bold</strong> <em>italic</em></p>"),
        ("<h1>Title</h1>", "<h2>Title</h2>"),
        ("<h3>Three</h3><h4>Four</h4>", "<h3>Three</h3>\n<h4>Four</h4>"),
        ("<h5>Five</h5><h6>Six</h6>", "<h4>Five</h4>\n<h4>Six</h4>"),
        (
            "<p><font face=Arial color=red>Red</font> <span class=x>text</span></p>",
            "<p>Red text</p>",
        ),
        ("<p>&nbsp;</p><p> <br> </p><p><o:p>&nbsp;</o:p></p>", ""),
        ("<p><strong> </strong>Text<em></em></p>", "<p>Text</p>"),
        ("<p>Line one<br>Line two<br></p>", "<p>Line one<br>Line two</p>"),
        ("<blockquote>Quoted</blockquote>", "<blockquote><p>Quoted</p></blockquote>"),
        ("<div>One</div><div>Two</div>", "<p>One</p>\n<p>Two</p>"),
        ("<p><strong><strong>Twice</strong></strong></p>", "<p><strong>Twice</strong></p>"),
        ("<p><u>Under</u><sup>2</sup></p>", "<p>Under2</p>"),
        ("<hr><p>After a rule</p>", "<p>After a rule</p>"),
        ("<p id=a class=b style='color:red' title=t lang=en dir=ltr>Plain</p>", "<p>Plain</p>"),
        ("<ul><li><p>One</p></li><li>  </li></ul>", "<ul><li>One</li></ul>"),
        # Spaces kept from collapsing go; a chosen non-breaking space stays.
        (
            "<p>End.&nbsp; Next<b>x</b>&nbsp;y £2&nbsp;million</p>",
            "<p>End. Next<strong>x</strong> y £2&nbsp;million</p>",
        ),
    ],
)
def test_the_allowed_subset(html, expected):
    assert sanitise(html) == expected


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("https://www.gov.uk/", True),
        ("http://example.org/a?b=c&d=e", True),
        ("mailto:decisions@staffordshire-pfcc.gov.uk", True),
        ("HTTPS://EXAMPLE.ORG", True),
        ("/relative/path", False),
        ("relative", False),
        ("#anchor", False),
        ("ftp://example.org/file", False),
        ("file:///C:/Users/clip.xml", False),
        ("tel:01234567890", False),
    ],
)
def test_links_keep_only_web_and_mail_addresses(href, kept):
    cleaned = sanitise(f'<p><a href="{href}" target="_blank" title="t">Link text</a></p>')
    if kept:
        assert cleaned.startswith('<p><a href="')
        assert cleaned.endswith('" rel="noopener noreferrer">Link text</a></p>')
    else:
        assert cleaned == "<p>Link text</p>"


def test_table_cells_keep_spans_and_header_scope_only():
    html = (
        "<table border=1 width=600 style='width:600px'><thead><tr>"
        "<th scope=COL width=300 class=x>Year</th><th scope=bogus colspan=2>Amounts</th></tr>"
        "</thead><tbody><tr><th scope=row>2025/26</th><td>£1</td><td rowspan=x>£2</td></tr>"
        "<tr><td colspan=3 style='color:red'>Total</td></tr></tbody>"
        "<tfoot><tr><td colspan=0>Foot</td></tr></tfoot></table>"
    )
    assert sanitise(html) == (
        '<table><thead><tr><th scope="col">Year</th><th colspan="2">Amounts</th></tr></thead>'
        '<tbody><tr><th scope="row">2025/26</th><td>£1</td><td>£2</td></tr>'
        '<tr><td colspan="3">Total</td></tr><tr><td>Foot</td></tr></tbody></table>'
    )


def test_a_caption_moves_before_its_table_and_empty_cells_stay():
    html = "<table><caption>Costs</caption><tr><td>a</td><td><p>&nbsp;</p></td></tr></table>"
    assert sanitise(html) == (
        "<p>Costs</p>\n<table><tbody><tr><td>a</td><td></td></tr></tbody></table>"
    )


def test_a_first_row_not_wholly_bold_is_not_a_header():
    html = "<table><tr><td><b>Year</b></td><td>Amount</td></tr><tr><td>1</td><td>2</td></tr>"
    assert "<th" not in sanitise(html + "</table>")


# Plain text ------------------------------------------------------------------------------------


def test_plain_text_becomes_paragraphs_and_line_breaks():
    typed = "Background\r\n\r\nThe panel met on 3 March.\r\nIt agreed:\r\n  \r\nFish & chips < £5"
    assert sanitise(typed) == (
        "<p>Background</p>\n<p>The panel met on 3 March.<br>It agreed:</p>\n"
        "<p>Fish &amp; chips &lt; £5</p>"
    )


@pytest.mark.parametrize(
    "typed",
    ["if a<b then", "x<y and z>w", "x < y", "<<not a tag>>", "&amp; typed", "R&D costs"],
)
def test_plain_text_that_looks_a_little_like_html_is_kept_as_typed(typed):
    assert plain_text(sanitise(typed)) == typed


def test_text_typed_after_html_in_the_textarea_becomes_paragraphs():
    # Without JavaScript the textarea shows the stored HTML; an officer adds text below it.
    edited = "<p>Stored paragraph.</p>\n\nA new paragraph\nwith a line break.\n\nAnother one."
    assert sanitise(edited) == (
        "<p>Stored paragraph.</p>\n<p>A new paragraph<br>with a line break.</p>\n"
        "<p>Another one.</p>"
    )


@pytest.mark.parametrize("blank", ["", "   ", "\n\n", "<p></p>", "<p>&nbsp;</p>", "<br><br>"])
def test_nothing_visible_is_an_empty_string(blank):
    assert sanitise(blank) == ""


# XSS -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("payload", "visible"), XSS_PAYLOADS)
def test_nothing_executable_survives_but_the_text_does(payload, visible):
    cleaned = sanitise(payload)
    assert_only_the_safe_subset(cleaned)
    lowered = cleaned.lower()
    for dangerous in ("<script", "javascript:", "vbscript:", "data:", "expression(", "@import"):
        assert dangerous not in lowered, cleaned
    assert visible in plain_text(cleaned)


def test_deep_nesting_is_flattened_without_failing():
    cleaned = sanitise("<div><span><b>" * 3000 + "Deep" + "</b></span></div>" * 3000)
    assert plain_text(cleaned) == "Deep"


# Stability -------------------------------------------------------------------------------------

STABILITY_SAMPLES = [
    WORD_365_CLIPBOARD,
    "Plain\n\ntext\nwith < and &",
    "<p>a <strong> b </strong> c</p><ul><li>x<ul><li>y</li></ul></li></ul>",
    "<table><tr><td><b>H</b></td><td><b>I</b></td></tr><tr><td><p>1</p><p>2</p></td></tr></table>",
    "<blockquote><div>One</div>Two<ul><li>Three</li></ul></blockquote>",
    "Loose text <b>bold</b>\nnext line<p>para</p>tail",
    fake_item("One", "1.") + fake_item("Two", "a.", 2) + "<p>Between</p>" + fake_item("x", "4."),
    *[payload for payload, _ in XSS_PAYLOADS],
]


@pytest.mark.parametrize("html", STABILITY_SAMPLES)
def test_sanitising_twice_changes_nothing(html):
    once = sanitise(html)
    assert sanitise(once) == once


# Plain text for search and e-mail --------------------------------------------------------------


def test_plain_text_of_the_word_document():
    assert plain_text(WORD_365_CLIPBOARD) == (
        "Executive summary\n\n"
        "The Commissioner is asked to approve a grant of £48,500 to the Victim Support Service "
        "for 2025/26, funded from the Ministry of Justice victims’ grant. This decision is "
        "time-critical: the current agreement ends on 31 March 2025.\n\n"
        "Services funded\n\n"
        "- Independent domestic violence advocacy\n"
        "  - High-risk cases referred by MARAC\n"
        "  - Medium-risk cases\n"
        "- Restorative justice casework\n\n"
        "Recommendations\n\n"
        "1. Approve the grant of £48,500.\n"
        "2. Publish this decision on the Commissioner’s website "
        "(https://www.staffordshire-pfcc.gov.uk/decisions).\n\n"
        "Financial year | Amount\n"
        "2025/26 | £48,500\n"
        "Subject to the grant agreement being signed."
    )


def test_plain_text_unescapes_and_keeps_line_breaks():
    html = (
        '<p>Fish &amp; chips&nbsp;&lt;3<br>Next line</p><p><a href="mailto:a@b.org">a@b.org</a></p>'
    )
    assert plain_text(html) == "Fish & chips <3\nNext line\n\na@b.org"


# Passages marked for redaction -----------------------------------------------------------------


def test_a_marked_passage_keeps_its_mark():
    html = '<p>The price is <span data-exemption="s43">£1.2m</span> a year.</p>'
    assert sanitise(html) == html


@pytest.mark.parametrize("code", ["s99", "S43", "s 43", "", "43", "s43 s40"])
def test_a_mark_with_an_unknown_exemption_goes_but_its_text_stays(code):
    html = f'<p>A <span data-exemption="{code}">secret</span> figure.</p>'
    assert sanitise(html) == "<p>A secret figure.</p>"


def test_a_mark_keeps_no_other_attribute():
    html = (
        '<p>A <span data-exemption="s40" onclick="alert(1)" style="color:red" class="x" id="y"'
        ' title="t" data-other="z">name</span>.</p>'
    )
    assert sanitise(html) == '<p>A <span data-exemption="s40">name</span>.</p>'


def test_only_a_span_can_mark_a_passage():
    html = (
        '<p><em data-exemption="s43">a</em> <a href="https://x.org" data-exemption="s43">b</a></p>'
    )
    assert sanitise(html) == (
        '<p><em>a</em> <a href="https://x.org" rel="noopener noreferrer">b</a></p>'
    )


def test_marks_never_nest():
    html = (
        '<p><span data-exemption="s43">Price <span data-exemption="s40">and name</span>'
        ' <strong><span data-exemption="s41">and terms</span></strong></span></p>'
    )
    assert sanitise(html) == (
        '<p><span data-exemption="s43">Price and name <strong>and terms</strong></span></p>'
    )


def test_marks_hold_formatting_and_sit_in_lists_and_cells():
    html = (
        '<ul><li><span data-exemption="s43"><strong>£410,000</strong> a year</span></li></ul>'
        '<table><tbody><tr><td>Bid</td><td><span data-exemption="s43">£9,000</span></td></tr>'
        "</tbody></table>"
    )
    assert sanitise(html) == (
        '<ul><li><span data-exemption="s43"><strong>£410,000</strong> a year</span></li></ul>\n'
        '<table><tbody><tr><td>Bid</td><td><span data-exemption="s43">£9,000</span></td></tr>'
        "</tbody></table>"
    )


def test_an_empty_mark_goes():
    assert sanitise('<p>Text<span data-exemption="s43"> </span>more</p>') == "<p>Text more</p>"


@pytest.mark.parametrize(
    "html",
    [
        '<p>A <span data-exemption="s43">b <em>c</em></span> d</p>',
        '<p><span data-exemption="s43">x<span data-exemption="s40">y</span></span></p>',
        '<p>A <span data-exemption="s99" style="x">b</span></p>',
    ],
)
def test_sanitising_marks_twice_changes_nothing(html):
    once = sanitise(html)
    assert sanitise(once) == once


def test_a_mark_around_whole_paragraphs_marks_the_text_inside_each():
    html = (
        '<span data-exemption="s43"><p>Price <b>one</b></p><ul><li>two</li></ul></span><p>Open</p>'
    )
    cleaned = sanitise(html)
    assert cleaned == (
        '<p><span data-exemption="s43">Price <strong>one</strong></span></p>\n'
        '<ul><li><span data-exemption="s43">two</span></li></ul>\n'
        "<p>Open</p>"
    )


# Bounds: size and nesting, before anything parses -----------------------------------------------


class _Depth(HTMLParser):
    """How deep the elements of some HTML nest, counted as a browser's parser opens them."""

    VOID = {"br", "hr", "col", "img", "input", "meta", "link", "wbr", "source", "area"}

    def __init__(self, html):
        super().__init__()
        self.depth = self.deepest = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag):
        if tag not in self.VOID:
            self.depth -= 1


@pytest.fixture
def parsed(monkeypatch):
    """What the HTML parser (nh3's html5ever) is given and gives back, call by call."""
    calls = []
    real = richtext.nh3.clean

    def recording(html, **options):
        cleaned = real(html, **options)
        calls.append((html, cleaned))
        return cleaned

    monkeypatch.setattr(richtext.nh3, "clean", recording)
    return calls


def test_the_parser_never_sees_deeper_nesting_than_the_bound(parsed):
    """html5ever checks the open elements at every block start tag, so 40,000 nested <div>s
    cost 40,000² steps; bounded first, they cost 40,000 × the bound."""
    sanitise("<div>" * 40_000 + "Deep" + "</div>" * 40_000)
    given, _ = parsed[0]
    assert _Depth(given).deepest <= richtext.MAX_NESTING
    assert "Deep" in given


def test_no_formatting_is_left_open_for_the_parser_to_rebuild_in_every_paragraph(parsed):
    """Paragraphs that each leave a distinct <b> open make html5ever reopen all the earlier
    ones in each new paragraph: 2,000 of them (40 KB) came back as millions of elements."""
    typed = "".join(f"<p><b id=b{number}>Item {number}</p>" for number in range(2000))
    cleaned = sanitise(typed)
    _, came_back = parsed[0]
    assert len(came_back) < 2 * len(typed)
    assert cleaned.count("<strong>") == 2000


@pytest.mark.parametrize(
    "shape",
    [
        lambda n: "<div>" * n + "x" + "</div>" * n,
        lambda n: "<ul><li>Item" * n + "</li></ul>" * n,
        lambda n: "".join(f'<p><b id="b{i}">x</p>' for i in range(n)),
        lambda n: "<p>" + "<em>x</em>" * n + "</p>",
        lambda n: "<table><tr><td>" * n + "x",
    ],
    ids=["nested divs", "nested lists", "bold left open", "tiny elements", "nested tables"],
)
def test_the_cleaning_does_work_in_proportion_to_the_input(shape):
    """Counted in Python calls, not timed: four times the input is at most about four times
    the work (the parser's own steps are bounded by the test above)."""
    import sys

    def calls(html):
        count = 0

        def profile(frame, event, arg):
            nonlocal count
            if event in ("call", "c_call"):
                count += 1

        sys.setprofile(profile)
        try:
            sanitise(html)
        finally:
            sys.setprofile(None)
        return count

    small, large = shape(500), shape(2000)
    assert calls(large) <= 4.5 * calls(small) * len(large) / (4 * len(small))


def test_too_long_or_too_deep_is_refused_before_anything_parses(monkeypatch):
    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed")

    monkeypatch.setattr(richtext.nh3, "clean", no_parsing)
    with pytest.raises(richtext.Refused, match=r"it is 1\.1 MB; the most a section can hold"):
        richtext.check("<p>" + "x" * 1_048_576 + "</p>")
    with pytest.raises(richtext.Refused, match="nested more than 50 levels deep"):
        richtext.check("<div>" * 51 + "x" + "</div>" * 51)
    richtext.check("<ul><li>" * 25 + "x" + "</li></ul>" * 25)  # 50 levels: fine
    with pytest.raises(richtext.Refused, match="it holds 25,001 pieces of formatting"):
        richtext.check("<p>x</p>" * 25_001)  # 200 KB, but a second and more to clean
    richtext.check("<p>x</p>" * 25_000)


def test_a_long_word_section_is_far_from_the_element_limit():
    """Word writes about 8,400 elements into the 500 KB a section may hold."""
    copies = richtext.MAX_SIZE // len(WORD_365_CLIPBOARD.encode())
    richtext.check(WORD_365_CLIPBOARD * copies)
    elements = len(re.findall(r"<[a-zA-Z]", WORD_365_CLIPBOARD * copies))
    assert 8_000 < elements < richtext.MAX_ELEMENTS / 2


def test_real_sections_fit_the_bounds_with_room_to_spare():
    richtext.check(WORD_365_CLIPBOARD * 20)
    assert len((WORD_365_CLIPBOARD * 20).encode()) < richtext.MAX_SIZE
