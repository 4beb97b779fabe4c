"""Sample inputs shared by several test modules: Word's clipboard, what the sanitiser makes
of it, and hostile payloads."""

# What Word for Microsoft 365 (Windows) puts on the clipboard as text/html, as Chromium hands it
# to a paste handler: the whole document with Word's namespaces, XML settings in conditional
# comments, a style sheet, MsoNormal paragraphs, fake lists drawn with mso-list spans (a
# bulleted list with a second level, then a numbered list), a MsoTableGrid table with widths,
# empty paragraphs and <o:p> everywhere.
WORD_365_CLIPBOARD = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">
<link rel=File-List
href="file:///C:/Users/JSMITH~1/AppData/Local/Temp/msohtmlclip1/01/clip_filelist.xml">
<!--[if gte mso 9]><xml>
 <o:OfficeDocumentSettings>
  <o:AllowPNG/>
 </o:OfficeDocumentSettings>
</xml><![endif]-->
<link rel=themeData
href="file:///C:/Users/JSMITH~1/AppData/Local/Temp/msohtmlclip1/01/clip_themedata.thmx">
<!--[if gte mso 9]><xml>
 <w:WordDocument>
  <w:View>Normal</w:View>
  <w:Zoom>0</w:Zoom>
  <w:TrackMoves/>
  <w:TrackFormatting/>
  <w:PunctuationKerning/>
  <w:ValidateAgainstSchemas/>
  <w:SaveIfXMLInvalid>false</w:SaveIfXMLInvalid>
  <w:LidThemeOther>EN-GB</w:LidThemeOther>
  <w:Compatibility>
   <w:BreakWrappedTables/>
   <w:SnapToGridInCell/>
  </w:Compatibility>
 </w:WordDocument>
</xml><![endif]-->
<style>
<!--
 /* Font Definitions */
 @font-face
\t{font-family:"Cambria Math";
\tpanose-1:2 4 5 3 5 4 6 3 2 4;
\tmso-font-charset:0;
\tmso-generic-font-family:roman;}
 /* Style Definitions */
 p.MsoNormal, li.MsoNormal, div.MsoNormal
\t{mso-style-unhide:no;
\tmso-style-qformat:yes;
\tmargin:0cm;
\tfont-size:11.0pt;
\tfont-family:"Arial",sans-serif;}
p.MsoListParagraph, li.MsoListParagraph, div.MsoListParagraph
\t{mso-style-priority:34;
\tmargin-left:36.0pt;}
@list l0
\t{mso-list-id:1032807474;
\tmso-list-type:hybrid;
\tmso-list-template-ids:-1578367818 134807553 134807555 134807557;}
@list l0:level1
\t{mso-level-number-format:bullet;
\tmso-level-text:\\F0B7;
\tfont-family:Symbol;}
@list l1
\t{mso-list-id:2101363129;
\tmso-list-type:hybrid;}
-->
</style>
<!--[if gte mso 10]>
<style>
 /* Style Definitions */
 table.MsoNormalTable
\t{mso-style-name:"Table Normal";
\tmso-tstyle-rowband-size:0;}
</style>
<![endif]-->
</head>

<body lang=EN-GB style='tab-interval:36.0pt;word-wrap:break-word'>
<!--StartFragment-->

<h1><a name="_Toc187654321"></a><span lang=EN-GB>Executive summary<o:p></o:p></span></h1>

<p class=MsoNormal><span lang=EN-GB>The Commissioner is asked to approve a grant of
£48,500 to the Victim Support Service for 2025/26, funded from the Ministry of
Justice victims&#8217; grant. <b>This decision is time-critical</b>: the current
agreement ends on <i style='mso-bidi-font-style:normal'>31 March 2025</i>.<o:p></o:p></span></p>

<p class=MsoNormal><span lang=EN-GB><o:p>&nbsp;</o:p></span></p>

<h2><span lang=EN-GB>Services funded<o:p></o:p></span></h2>

<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if
!supportLists]><span
lang=EN-GB style='font-family:Symbol;mso-fareast-font-family:Symbol;mso-bidi-font-family:
Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]><span lang=EN-GB>Independent domestic violence
advocacy<o:p></o:p></span></p>

<p class=MsoListParagraphCxSpMiddle style='margin-left:72.0pt;mso-add-space:auto;
text-indent:-18.0pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span
lang=EN-GB style='font-family:"Courier New";mso-fareast-font-family:"Courier New"'><span
style='mso-list:Ignore'>o<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
</span></span></span><![endif]><span lang=EN-GB>High-risk cases referred by
MARAC<o:p></o:p></span></p>

<p class=MsoListParagraphCxSpMiddle style='margin-left:72.0pt;mso-add-space:auto;
text-indent:-18.0pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span
lang=EN-GB style='font-family:"Courier New";mso-fareast-font-family:"Courier New"'><span
style='mso-list:Ignore'>o<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
</span></span></span><![endif]><span lang=EN-GB>Medium-risk cases<o:p></o:p></span></p>

<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if
!supportLists]><span
lang=EN-GB style='font-family:Symbol;mso-fareast-font-family:Symbol;mso-bidi-font-family:
Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]><span lang=EN-GB>Restorative justice
<span class=SpellE>casework</span><o:p></o:p></span></p>

<p class=MsoNormal><span lang=EN-GB><o:p>&nbsp;</o:p></span></p>

<h2><span lang=EN-GB>Recommendations<o:p></o:p></span></h2>

<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if
!supportLists]><span
lang=EN-GB><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]><span lang=EN-GB>Approve the grant of £48,500.<o:p></o:p></span></p>

<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if
!supportLists]><span
lang=EN-GB><span style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]><span lang=EN-GB>Publish this decision on the
<a href="https://www.staffordshire-pfcc.gov.uk/decisions">Commissioner&#8217;s
website</a>.<o:p></o:p></span></p>

<p class=MsoNormal><span lang=EN-GB><o:p>&nbsp;</o:p></span></p>

<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0
 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;
 mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>
 <tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>
  <td width=301 valign=top style='width:225.4pt;border:solid windowtext 1.0pt;
  mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><b><span lang=EN-GB>Financial year<o:p></o:p></span></b></p>
  </td>
  <td width=301 valign=top style='width:225.4pt;border:solid windowtext 1.0pt;
  border-left:none;mso-border-left-alt:solid windowtext .5pt;mso-border-alt:solid windowtext .5pt;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal align=right style='text-align:right'><b><span
  lang=EN-GB>Amount<o:p></o:p></span></b></p>
  </td>
 </tr>
 <tr style='mso-yfti-irow:1'>
  <td width=301 valign=top style='width:225.4pt;border:solid windowtext 1.0pt;
  border-top:none;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span lang=EN-GB>2025/26<o:p></o:p></span></p>
  </td>
  <td width=301 valign=top style='width:225.4pt;border-top:none;border-left:none;
  border-bottom:solid windowtext 1.0pt;border-right:solid windowtext 1.0pt;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal align=right style='text-align:right'><span
  lang=EN-GB>£48,500<o:p></o:p></span></p>
  </td>
 </tr>
 <tr style='mso-yfti-irow:2;mso-yfti-lastrow:yes'>
  <td width=602 colspan=2 valign=top style='width:451.0pt;border:solid windowtext 1.0pt;
  border-top:none;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><i><span lang=EN-GB>Subject to the grant agreement being
  signed.<o:p></o:p></span></i></p>
  </td>
 </tr>
</table>

<p class=MsoNormal><span lang=EN-GB><o:p>&nbsp;</o:p></span></p>

<!--EndFragment-->
</body>

</html>
"""


WORD_365_SANITISED = "\n".join(
    [
        "<h2>Executive summary</h2>",
        "<p>The Commissioner is asked to approve a grant of £48,500 to the Victim Support Service"
        " for 2025/26, funded from the Ministry of Justice victims’ grant."
        " <strong>This decision is time-critical</strong>: the current agreement ends on"
        " <em>31 March 2025</em>.</p>",
        "<h2>Services funded</h2>",
        "<ul><li>Independent domestic violence advocacy<ul>"
        "<li>High-risk cases referred by MARAC</li><li>Medium-risk cases</li></ul></li>"
        "<li>Restorative justice casework</li></ul>",
        "<h2>Recommendations</h2>",
        "<ol><li>Approve the grant of £48,500.</li><li>Publish this decision on the"
        ' <a href="https://www.staffordshire-pfcc.gov.uk/decisions" rel="noopener noreferrer">'
        "Commissioner’s website</a>.</li></ol>",
        '<table><thead><tr><th scope="col">Financial year</th><th scope="col">Amount</th></tr>'
        "</thead><tbody><tr><td>2025/26</td><td>£48,500</td></tr>"
        '<tr><td colspan="2"><em>Subject to the grant agreement being signed.</em></td></tr>'
        "</tbody></table>",
    ]
)


XSS_PAYLOADS = [
    ("<script>alert(1)</script><p>Hello</p>", "Hello"),
    ("<SCRIPT SRC=https://evil.example/x.js></SCRIPT>Hello", "Hello"),
    ("<scr<script>ipt>alert(1)</script>Hello", "Hello"),
    ("<img src=x onerror=alert(1)>Photo caption", "Photo caption"),
    ('<a href="javascript:alert(1)">Click me</a>', "Click me"),
    ('<a href="JaVaScRiPt:alert(1)">Mixed case</a>', "Mixed case"),
    ('<a href=" javascript:alert(1)">Leading space</a>', "Leading space"),
    ('<a href="java&#x09;script:alert(1)">Tab inside</a>', "Tab inside"),
    ('<a href="java\nscript:alert(1)">Newline inside</a>', "Newline inside"),
    (
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">'
        "Decimal entities</a>",
        "Decimal entities",
    ),
    ('<a href="&#x6A;&#x61;vascript&colon;alert(1)">Hex entities</a>', "Hex entities"),
    (
        '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
        '&#0000112&#0000116&#0000058alert(1)">Padded entities</a>',
        "Padded entities",
    ),
    ('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Data</a>', "Data"),
    ('<a href="vbscript:msgbox(1)">VBScript</a>', "VBScript"),
    ('<a href="https://example.org" onclick="alert(1)" style="position:fixed">Safe</a>', "Safe"),
    ('<a href="http://example.org/&quot;onmouseover=&quot;alert(1)">Quote</a>', "Quote"),
    ("<svg onload=alert(1)><text>in svg</text></svg><p>After svg</p>", "After svg"),
    ("<svg><script>alert(1)</script><a xlink:href='javascript:alert(1)'>x</a></svg>Ok", "Ok"),
    ('<iframe srcdoc="<script>alert(1)</script>"></iframe><p>After frame</p>', "After frame"),
    ("<iframe src=javascript:alert(1)></iframe>After", "After"),
    ("<style>@import 'https://evil.example/x.css';</style><p>After style</p>", "After style"),
    ('<div style="background:url(javascript:alert(1))">Styled div</div>', "Styled div"),
    ('<p style="width:expression(alert(1))">Expression</p>', "Expression"),
    ("<p style='-moz-binding:url(https://evil.example/x.xml#xss)'>Binding</p>", "Binding"),
    (
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph>"
        "</table></mtext></math><p>After math</p>",
        "After math",
    ),
    ('<math href="javascript:alert(1)">Maths link</math><p>After</p>', "After"),
    (
        '<form action="javascript:alert(1)"><input type=submit value=Go>'
        '<button formaction="javascript:alert(1)">Send</button></form><p>After form</p>',
        "After form",
    ),
    ('<p onclick="alert(1)" onmouseover=alert(1)>Handlers</p>', "Handlers"),
    (
        '<object data="javascript:alert(1)"></object><embed src=javascript:alert(1)>Objects',
        "Objects",
    ),
    ("<body onload=alert(1)>Body text", "Body text"),
    ("<details open ontoggle=alert(1)><summary>Summary</summary>Details</details>", "Details"),
    (
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>Noscript',
        "Noscript",
    ),
    ("<table background=javascript:alert(1)><tr><td background=x>Cell</td></tr></table>", "Cell"),
    ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><p>After meta</p>', "After"),
    ('<base href="javascript:alert(1)//"><p>After base</p>', "After base"),
    ("<!--<img src=x onerror=alert(1)>--><p>After comment</p>", "After comment"),
    ("<!--[if gte IE 4]><script>alert(1)</script><![endif]--><p>Conditional</p>", "Conditional"),
    ("<xmp><img src=x onerror=alert(1)></xmp><p>After xmp</p>", "After xmp"),
    ("<template><img src=x onerror=alert(1)></template><p>After template</p>", "After template"),
    (
        "<video><source onerror=alert(1)></video><audio src=x onerror=alert(1)></audio>Media",
        "Media",
    ),
    ('<link rel=stylesheet href="https://evil.example/x.css"><p>After link</p>', "After link"),
    ("<p>Text</p><plaintext><img src=x onerror=alert(1)>", "Text"),
    ('<a href="https://example.org"><img src=x onerror=alert(1)>Image link</a>', "Image link"),
    ("<select><option>Pick</option></select><textarea><script>x</script></textarea>OK", "OK"),
]
