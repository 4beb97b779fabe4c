// The rich-text editor for decision notes: progressive enhancement of <textarea data-rich-text>.
//
// Without JavaScript the textarea works on its own (the server turns typed text into
// paragraphs). With it, the textarea is hidden and a toolbar and an editable region take its
// place; the region's HTML is copied back into the textarea on every change and on submit.
// The server's sanitiser (decisions/richtext.py) decides what is stored. The cleaning here
// mirrors it so that what an officer sees after pasting from Word is what will be saved.
//
// document.execCommand is deprecated but is still the only small, dependency-free way to edit
// rich text in Chromium, Firefox and Safari; everything else here is plain DOM.

const INLINE = new Set(["STRONG", "EM", "A", "BR", "B", "I"]);
// Elements with no text of their own, which a pasted DOM fragment may hold and the server
// drops as tags it does not allow.
const NO_TEXT = "HEAD META LINK BASE IMG INPUT HR COL COLGROUP".split(" ");

// The server's rules (decisions/editor_rules.py: the sanitiser's and the exemptions), sent with
// every signed-in page as JSON, so that each is written once. Read when the editor first needs
// them: pages without an editor carry none.
let serverRules = null;

function rules() {
  if (serverRules) return serverRules;
  const source = document.getElementById("editor-rules");
  const data = source ? JSON.parse(source.textContent) : null;
  if (!data) throw new Error("The editor's rules (#editor-rules) are not on this page.");
  const pattern = ({ source: text, flags }) => new RegExp(text, flags);
  serverRules = {
    exemptions: data.exemptions,
    exemptionLabels: new Map(data.exemptions),
    schemes: new Set(data.url_schemes),
    scopes: new Set(data.scopes),
    headings: data.headings,
    inlineWrappers: new Set(data.inline_wrappers),
    dropped: new Set([...data.dropped_with_contents, ...NO_TEXT]),
    wordList: pattern(data.word_list),
    wordListMarker: pattern(data.word_list_marker),
    typedMarker: pattern(data.typed_marker),
    ordinal: pattern(data.ordinal),
    firstOrdinals: new Set(data.first_ordinals),
  };
  return serverRules;
}
const SPACE = /[ \t\n\r\f]+/g;
const LOOKS_LIKE_HTML = /<\/?[a-z][a-z0-9:-]*(\s[^<>]*)?\/?>|<!--|<!\[/i;

// A passage marked for redaction is <span data-exemption="s43">…</span>: the published version
// replaces it with a notice citing the exemption. The codes are the server's (rules()); its
// sanitiser keeps a mark only with one of them, and never one inside another.
const MARK = "data-exemption";
const MARK_SELECTOR = `span[${MARK}]`;

// Cleaning ---------------------------------------------------------------------------------------

/** A safe copy of pasted or stored HTML (or plain text) as a fragment of the live document. */
export function cleanHtml(html) {
  const source = LOOKS_LIKE_HTML.test(html) ? defuse(html) : paragraphsFromText(html);
  // DOMParser's document is inert: its scripts never run and its images never load.
  const parsed = new DOMParser().parseFromString(source, "text/html");
  const fragment = document.createDocumentFragment();
  fragment.append(...cleanFlow([...parsed.body.childNodes]));
  return fragment;
}

/** The clean HTML as a string, one block a line, as the textarea and server keep it. */
export function cleanHtmlString(html) {
  return [...cleanHtml(html).childNodes].map((node) => node.outerHTML).join("\n");
}

// Even in an inert document, Chromium checks the page's Content Security Policy against style
// sheets, style attributes and event handler attributes as they are parsed, and reports each
// one as a violation: a Word paste would log dozens. None of them is kept, so style sheets go
// and the attributes are renamed before parsing (Word's list hints are read from the new name).
const STYLE_SHEET = /<style[\s>][\s\S]*?<\/style\s*>/gi;
const START_TAG = /<[a-z][^<>]*>/gi;
const RISKY_ATTRIBUTE = /([\s/"'])(style|on[a-z]+)(?=\s*=)/gi;

function defuse(html) {
  return html
    .replace(STYLE_SHEET, "")
    .replace(START_TAG, (tag) => tag.replace(RISKY_ATTRIBUTE, "$1data-defused-$2"));
}

function paragraphsFromText(text) {
  const escape = (line) =>
    line.trim().replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return text
    .replace(/\r\n?/g, "\n")
    .trim()
    .split(/\n[ \t\f\u00a0]*\n\s*/)
    .filter((part) => part.trim())
    .map((part) => `<p>${part.split("\n").map(escape).join("<br>")}</p>`)
    .join("");
}

function el(tag, children = [], attrs = {}) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

function isBlank(nodes) {
  return nodes.every((node) => {
    if (node.nodeType === Node.TEXT_NODE) return !node.data.replace(/[\s\u00a0]/g, "");
    if (["TABLE", "TD", "TH"].includes(node.nodeName)) return false;
    return isBlank([...node.childNodes]);
  });
}

export function safeHref(value) {
  const trimmed = (value || "").trim();
  try {
    // Without a base, relative addresses throw: they are refused like unsafe schemes.
    return rules().schemes.has(new URL(trimmed).protocol) ? trimmed : null;
  } catch {
    return null;
  }
}

function rawStyle(node) {
  return node.getAttribute?.("data-defused-style") || "";
}

function styleOf(node) {
  return rawStyle(node).toLowerCase().replace(/\s/g, "");
}

// A non-breaking space next to a space or at the edge of a run of text is how editors keep a
// space from collapsing (typing at the end of a line, two spaces after a full stop), not one
// the writer chose; "£48,500\u00a0million" keeps its own.
function looseSpaces(text) {
  return text.replace(/^\u00a0|\u00a0$/g, " ").replace(/ \u00a0|\u00a0 /g, "  ");
}

function cleanInline(nodes, inside = new Set()) {
  const out = [];
  for (const node of nodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      out.push(document.createTextNode(looseSpaces(node.data).replace(SPACE, " ")));
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE || rules().dropped.has(node.nodeName)) continue;
    if (node.nodeName === "BR") {
      out.push(el("br"));
      continue;
    }
    // A mark keeps its code and nothing else (no class, style or handler, whoever wrote it);
    // an unknown code, or a mark inside a mark, is unwrapped as the server does.
    const exemption = node.nodeName === "SPAN" ? node.getAttribute(MARK) : null;
    if (rules().exemptionLabels.has(exemption) && !inside.has(MARK)) {
      const children = cleanInline([...node.childNodes], new Set([...inside, MARK]));
      if (isBlank(children)) out.push(...children);
      else out.push(el("span", children, { [MARK]: exemption }));
      continue;
    }
    const style = styleOf(node);
    let tag = { B: "STRONG", I: "EM" }[node.nodeName] || node.nodeName;
    // Google Docs wraps everything in <b style="font-weight:normal"> and marks real bold and
    // italic on spans; Word uses <b> and <i>.
    if (/font-weight:(normal|400)/.test(style)) tag = "SPAN";
    else if (tag === "SPAN" && /font-weight:(bold|[6-9]00)/.test(style)) tag = "STRONG";
    else if (tag === "SPAN" && style.includes("font-style:italic")) tag = "EM";
    const href = tag === "A" ? safeHref(node.getAttribute("href")) : null;
    if (tag === "A" && !href) tag = "SPAN";
    if (["STRONG", "EM", "A"].includes(tag) && !inside.has(tag)) {
      const children = cleanInline([...node.childNodes], new Set([...inside, tag]));
      if (isBlank(children)) out.push(...children);
      else out.push(el(tag.toLowerCase(), children, href ? { href } : {}));
    } else {
      out.push(...cleanInline([...node.childNodes], inside));
    }
  }
  return out;
}

function trim(nodes, start = true, end = true) {
  nodes = [...nodes];
  for (const [atStart, wanted] of [
    [true, start],
    [false, end],
  ]) {
    while (wanted && nodes.length) {
      const edge = atStart ? nodes[0] : nodes[nodes.length - 1];
      if (edge.nodeType === Node.TEXT_NODE) {
        const stripped = atStart
          ? edge.data.replace(/^[ \u00a0]+/, "")
          : edge.data.replace(/[ \u00a0]+$/, "");
        if (stripped) {
          edge.data = stripped;
          break;
        }
      } else if (["STRONG", "EM", "A"].includes(edge.nodeName)) {
        const kept = trim([...edge.childNodes], atStart, !atStart);
        edge.replaceChildren(...kept);
        if (kept.length) break;
      } else if (edge.nodeName !== "BR") {
        break;
      }
      if (atStart) nodes.shift();
      else nodes.pop();
    }
  }
  return nodes;
}

function takeMarker(node) {
  let marker = null;
  for (const span of [...node.querySelectorAll("[data-defused-style]")]) {
    if (node.contains(span) && rules().wordListMarker.test(rawStyle(span))) {
      marker ??= span.textContent.replace(/[\s\u00a0]+/g, "");
      span.remove();
    }
  }
  return marker;
}

function holdsBlocks(node) {
  return [...node.children].some(
    (child) =>
      !rules().dropped.has(child.nodeName) &&
      (!(INLINE.has(child.nodeName) || rules().inlineWrappers.has(child.nodeName)) || holdsBlocks(child)),
  );
}

function cleanFlow(nodes) {
  const out = [];
  let run = [];
  const endRun = () => {
    const children = trim(cleanInline(run));
    if (!isBlank(children)) out.push(el("p", children));
    run = [];
  };
  for (const node of nodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      run.push(node);
    } else if (node.nodeType !== Node.ELEMENT_NODE || rules().dropped.has(node.nodeName)) {
      continue;
    } else if (INLINE.has(node.nodeName) || rules().inlineWrappers.has(node.nodeName)) {
      if (holdsBlocks(node)) {
        endRun();
        out.push(...cleanFlow([...node.childNodes]));
      } else {
        run.push(node);
      }
    } else {
      endRun();
      out.push(...cleanBlock(node));
    }
  }
  endRun();
  return fakeListsToLists(tidyLists(out));
}

function cleanBlock(node) {
  const name = node.nodeName;
  if (name === "P" || rules().headings[name]) {
    const marker = takeMarker(node);
    let children = trim(cleanInline([...node.childNodes]));
    if (isBlank(children)) return [];
    if (name === "P") {
      const paragraph = el("p", children);
      const level = rules().wordList.exec(rawStyle(node));
      if (level) {
        paragraph.marker = marker || typedMarker(paragraph) || "·";
        paragraph.list = `${level[1]} ${level[3]}`;
        paragraph.level = Number(level[2]);
      }
      return [paragraph];
    }
    // Numbered headings ("3. Financial implications") keep their number as text.
    if (marker) children = [document.createTextNode(`${marker} `), ...children];
    return [el(rules().headings[name], children)];
  }
  if (name === "UL" || name === "OL") return cleanList(node);
  if (name === "LI") return cleanList(el("ul", [node]));
  if (name === "TABLE") return cleanTable(node);
  if (name === "BLOCKQUOTE") {
    const children = cleanFlow([...node.childNodes]);
    return children.length ? [el("blockquote", children)] : [];
  }
  return cleanFlow([...node.childNodes]);
}

function typedMarker(paragraph) {
  const first = paragraph.firstChild;
  if (!first || first.nodeType !== Node.TEXT_NODE) return null;
  const match = rules().typedMarker.exec(first.data);
  if (!match) return null;
  first.data = first.data.slice(match[0].length);
  return match[1];
}

function cleanList(node) {
  const items = [];
  for (const child of [...node.childNodes]) {
    if (child.nodeType === Node.TEXT_NODE) {
      if (child.data.trim()) items.push(el("li", [child]));
    } else if (child.nodeName === "LI") {
      items.push(child);
    } else if (child.nodeName === "UL" || child.nodeName === "OL") {
      // Browsers' indent command nests a list directly in a list: it belongs to the item above.
      if (items.length) items[items.length - 1].append(child);
      else items.push(el("li", [child]));
    } else if (child.nodeType === Node.ELEMENT_NODE) {
      items.push(el("li", [child]));
    }
  }
  const cleaned = [];
  for (const item of items) {
    takeMarker(item);
    const children = cleanItem([...item.childNodes]);
    if (!isBlank(children)) cleaned.push(el("li", children));
  }
  return cleaned.length ? [el(node.nodeName.toLowerCase(), cleaned)] : [];
}

function cleanItem(nodes) {
  const blocks = cleanFlow(nodes);
  if (blocks.length === 1 && blocks[0].nodeName === "P") return [...blocks[0].childNodes];
  if (
    blocks.length >= 2 &&
    blocks[0].nodeName === "P" &&
    blocks.slice(1).every((block) => block.nodeName === "UL" || block.nodeName === "OL")
  ) {
    return [...blocks[0].childNodes, ...blocks.slice(1)];
  }
  return blocks;
}

function tidyLists(blocks) {
  const out = [];
  for (const block of blocks) {
    const previous = out[out.length - 1];
    if (previous && /^(UL|OL)$/.test(block.nodeName) && block.nodeName === previous.nodeName) {
      for (const item of [...block.children]) {
        const only = item.childNodes.length === 1 ? item.firstChild : null;
        if (only && /^(UL|OL)$/.test(only.nodeName)) {
          // A sub-list Word wrote in a list of its own belongs to the item above.
          const last = previous.lastElementChild;
          last.replaceChildren(...tidyLists([...last.childNodes, only]));
        } else {
          previous.append(item);
        }
      }
    } else {
      out.push(block);
    }
  }
  return out;
}

function listKind(marker) {
  if (rules().ordinal.test(marker)) return "ol";
  return /^\d/.test(marker) ? "text" : "ul";
}

// Word's fake list paragraphs (mso-list) become real, nested lists, as on the server.
function fakeListsToLists(blocks) {
  const out = [];
  let stack = [];
  let currentList = null;
  for (const block of blocks) {
    if (block.marker === undefined) {
      stack = [];
      currentList = null;
      out.push(block);
      continue;
    }
    const { marker, level, list } = block;
    if (list !== currentList) {
      stack = [];
      currentList = list;
    }
    while (stack.length && stack[stack.length - 1].level > level) stack.pop();
    let kind = listKind(marker);
    const top = stack[stack.length - 1];
    if (top && top.level === level && top.element.nodeName.toLowerCase() !== kind) stack.pop();
    if (!stack.length || stack[stack.length - 1].level < level) {
      const ordinal = rules().ordinal.exec(marker);
      if (kind === "ol" && ordinal && !rules().firstOrdinals.has(ordinal[1])) kind = "text";
      if (kind === "text") {
        // An <ol> would renumber "3." or "2.1"; officers refer to paragraphs by these numbers.
        out.push(el("p", [document.createTextNode(`${marker} `), ...block.childNodes]));
        stack = [];
        continue;
      }
      const newList = el(kind);
      if (stack.length) stack[stack.length - 1].element.lastElementChild.append(newList);
      else out.push(newList);
      stack.push({ level, element: newList });
    }
    stack[stack.length - 1].element.append(el("li", [...block.childNodes]));
  }
  return out;
}

function cleanTable(node) {
  const before = [];
  const sections = [];
  const rowsOf = (element, section) => {
    for (const child of [...element.childNodes]) {
      if (child.nodeType === Node.TEXT_NODE) {
        if (child.data.trim()) before.push(child);
      } else if (child.nodeName === "TR") {
        const cells = [...child.children].filter((cell) => /^T[DH]$/.test(cell.nodeName));
        if (!cells.length) continue;
        if (!sections.length || sections[sections.length - 1].nodeName.toLowerCase() !== section)
          sections.push(el(section));
        sections[sections.length - 1].append(el("tr", cells.map(cleanCell)));
      } else if (/^T(HEAD|BODY|FOOT)$/.test(child.nodeName)) {
        rowsOf(child, child.nodeName === "THEAD" ? "thead" : "tbody");
      } else if (child.nodeType === Node.ELEMENT_NODE && !rules().dropped.has(child.nodeName)) {
        before.push(child);
      }
    }
  };
  rowsOf(node, "tbody");
  const out = cleanFlow(before);
  if (sections.length) {
    promoteHeaderRow(sections);
    out.push(el("table", sections));
  }
  return out;
}

function cleanCell(cell) {
  const attrs = {};
  for (const name of ["colspan", "rowspan"]) {
    const value = cell.getAttribute(name);
    if (value && /^\d+$/.test(value) && value !== "1" && Number(value) <= 1000) attrs[name] = value;
  }
  const scope = (cell.getAttribute("scope") || "").toLowerCase();
  if (cell.nodeName === "TH" && rules().scopes.has(scope)) attrs.scope = scope;
  return el(cell.nodeName.toLowerCase(), cleanItem([...cell.childNodes]), attrs);
}

// A first row written all in bold is the table's header row.
function promoteHeaderRow(sections) {
  const [first] = sections;
  if (first.nodeName === "THEAD" || first.children.length < 2) return;
  const row = first.firstElementChild;
  const cells = [...row.children];
  const bold = (cell) => {
    const content = [...cell.childNodes].filter(
      (child) => !(child.nodeType === Node.TEXT_NODE && !child.data.trim()),
    );
    return content.length === 1 && content[0].nodeName === "STRONG";
  };
  if (!cells.every((cell) => cell.nodeName === "TD" && bold(cell))) return;
  const headers = cells.map((cell) => {
    const strong = [...cell.children].find((child) => child.nodeName === "STRONG");
    const attrs = Object.fromEntries([...cell.attributes].map((a) => [a.name, a.value]));
    return el("th", [...strong.childNodes], { ...attrs, scope: "col" });
  });
  row.replaceChildren(...headers);
  sections.unshift(el("thead", [row]));
}

// Marking for redaction -------------------------------------------------------------------------

function isInline(node) {
  return INLINE.has(node.nodeName) || rules().inlineWrappers.has(node.nodeName);
}

/** The paragraph, heading, list item or cell a node's text belongs to. */
function inlineContainer(node, root) {
  let parent = node.parentNode;
  while (parent !== root && isInline(parent)) parent = parent.parentNode;
  return parent;
}

/**
 * Wraps the text in range, within root, in <span data-exemption="code">, one mark per paragraph,
 * heading, list item or cell it covers (a span cannot hold blocks). Marks the range touches are
 * unwrapped first and one it starts or ends in is taken in whole, so marks never nest and
 * choosing a new exemption for part of a mark changes the whole mark. Spaces at either end stay
 * outside, so the published notice does not swallow the spaces around it. Returns the marks.
 */
export function markRange(root, range, code) {
  range = range.cloneRange();
  const edgeMark = (node) => {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const mark = element?.closest(MARK_SELECTOR);
    return mark && root.contains(mark) ? mark : null;
  };
  const startMark = edgeMark(range.startContainer);
  const endMark = edgeMark(range.endContainer);
  if (startMark) range.setStartBefore(startMark);
  if (endMark) range.setEndAfter(endMark);

  // The selected part of each text node, in document order. Text nodes outlive the unwrapping
  // of the marks around them (the range's boundaries would not).
  const segments = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!range.intersectsNode(node)) continue;
    const start = node === range.startContainer ? range.startOffset : 0;
    const end = node === range.endContainer ? range.endOffset : node.length;
    if (start < end) segments.push({ node, start, end });
  }
  const touched = [...root.querySelectorAll(MARK_SELECTOR)].filter((mark) =>
    range.intersectsNode(mark),
  );
  for (const mark of touched) mark.replaceWith(...mark.childNodes);
  for (const segment of segments) segment.container = inlineContainer(segment.node, root);
  // Consecutive segments in one container make one passage.
  const passages = [];
  for (const segment of segments) {
    const last = passages[passages.length - 1];
    if (last && last[0].container === segment.container) last.push(segment);
    else passages.push([segment]);
  }

  const marks = [];
  // From the end, so marking one passage never moves the text of those before it.
  for (const passage of passages.reverse()) {
    const trimmed = trimPassage(passage);
    if (!trimmed.length) continue;
    const first = trimmed[0];
    const last = trimmed[trimmed.length - 1];
    const part = document.createRange();
    part.setStart(first.node, first.start);
    part.setEnd(last.node, last.end);
    const mark = el("span", [part.extractContents()], { [MARK]: code });
    part.insertNode(mark);
    // Bold that an old mark's edge split in two is one again.
    for (const element of [...mark.querySelectorAll("strong, em, b, i")]) {
      const previous = element.previousSibling;
      if (previous?.nodeName === element.nodeName) {
        previous.append(...element.childNodes);
        element.remove();
      }
    }
    // Extracting part of <strong>…</strong> leaves an empty copy of it behind.
    for (const empty of [...first.container.querySelectorAll("*")]) {
      const blank = !empty.textContent && !empty.matches("br") && !empty.querySelector("br");
      if (blank && isInline(empty)) empty.remove();
    }
    marks.unshift(mark);
  }
  return marks;
}

function trimPassage(passage) {
  const segments = passage.map((segment) => ({ ...segment }));
  const text = ({ node, start, end }) => node.data.slice(start, end);
  while (segments.length && !text(segments[0]).trim()) segments.shift();
  while (segments.length && !text(segments[segments.length - 1]).trim()) segments.pop();
  if (!segments.length) return segments;
  const first = segments[0];
  first.start += text(first).length - text(first).trimStart().length;
  const last = segments[segments.length - 1];
  last.end -= text(last).length - text(last).trimEnd().length;
  return segments;
}

// The editor -------------------------------------------------------------------------------------

const TOOLBAR = [
  [
    { name: "paragraph", label: "Paragraph", block: "p" },
    { name: "heading", label: "Heading", block: "h2", toggle: true },
    { name: "subheading", label: "Subheading", block: "h3", toggle: true },
  ],
  [
    { name: "bold", label: "Bold", command: "bold", toggle: true, keys: "B" },
    { name: "italic", label: "Italic", command: "italic", toggle: true, keys: "I" },
  ],
  [
    { name: "bullets", label: "Bulleted list", command: "insertUnorderedList", toggle: true },
    { name: "numbers", label: "Numbered list", command: "insertOrderedList", toggle: true },
  ],
  [
    { name: "link", label: "Link", keys: "K" },
    { name: "unlink", label: "Remove link" },
  ],
  [
    { name: "table", label: "Table" },
    { name: "row", label: "Add table row" },
  ],
  [
    { name: "redact", label: "Mark for redaction" },
    { name: "unredact", label: "Remove redaction mark" },
  ],
];

let editorCount = 0;

class RichTextEditor {
  constructor(textarea) {
    this.textarea = textarea;
    this.form = textarea.form;
    this.range = null;
    editorCount += 1;
    const id = textarea.id || `rich-text-${editorCount}`;
    this.id = id;

    this.label = textarea.id
      ? document.querySelector(`label[for="${CSS.escape(textarea.id)}"]`)
      : textarea.closest("label");
    if (this.label && !this.label.id) this.label.id = `${id}-label`;

    this.content = el("div", [], {
      class: "app-rich-text app-rich-text-editor__content",
      contenteditable: "true",
      role: "textbox",
      "aria-multiline": "true",
      spellcheck: "true",
    });
    if (this.label) this.content.setAttribute("aria-labelledby", this.label.id);
    const described = this.describedBy();
    if (described) this.content.setAttribute("aria-describedby", described);
    if (textarea.required) {
      // A hidden required textarea would block submission with an error no one can see.
      textarea.required = false;
      this.content.setAttribute("aria-required", "true");
    }
    const invalid =
      textarea.classList.contains("govuk-textarea--error") ||
      textarea.getAttribute("aria-invalid") === "true" ||
      Boolean(textarea.closest(".govuk-form-group--error"));
    if (invalid) this.content.setAttribute("aria-invalid", "true");
    this.content.style.setProperty("--app-rich-text-rows", String(textarea.rows || 8));

    // The region takes the textarea's id, so the label, error summary links (#id_body) and
    // anything that focuses the field by id reach what the officer types into.
    textarea.id = `${id}-source`;
    this.content.id = id;
    if (this.label) {
      // A label's "for" may name only a form control, and the region is not one: it is named
      // by aria-labelledby instead, and a click on the label still takes the caret there.
      this.label.removeAttribute("for");
      this.label.addEventListener("click", () => this.content.focus());
    }

    this.buttons = new Map();
    this.toolbar = this.buildToolbar();
    this.linkPanel = this.buildLinkPanel();
    this.markPanel = this.buildMarkPanel();
    this.status = el("div", [], { class: "govuk-visually-hidden", role: "status" });
    const parts = [this.toolbar, this.linkPanel, this.markPanel, this.content, this.status];
    this.wrapper = el("div", parts, {
      class: `app-rich-text-editor${invalid ? " app-rich-text-editor--error" : ""}`,
    });
    textarea.after(this.wrapper);
    textarea.hidden = true;

    this.content.replaceChildren(cleanHtml(textarea.value));
    this.ensureEditableEnd();
    this.listen();
    this.updateState();
  }

  describedBy() {
    const ids = (this.textarea.getAttribute("aria-describedby") || "").split(/\s+/);
    // GOV.UK error messages above the field, which templates do not always point to.
    const group = this.textarea.closest(".govuk-form-group");
    const messages = group ? [...group.querySelectorAll(".govuk-error-message")] : [];
    messages.forEach((message, index) => {
      if (!message.id) message.id = `${this.id}-error${index ? `-${index + 1}` : ""}`;
      ids.push(message.id);
    });
    return [...new Set(ids.filter(Boolean))].join(" ");
  }

  buildToolbar() {
    const name = this.label ? this.label.textContent.trim().replace(/\s+/g, " ") : "";
    const toolbar = el("div", [], {
      class: "app-rich-text-editor__toolbar",
      role: "toolbar",
      "aria-label": name ? `Formatting: ${name}` : "Formatting",
      "aria-controls": this.id,
    });
    for (const group of TOOLBAR) {
      const groupElement = el("div", [], { class: "app-rich-text-editor__group" });
      for (const spec of group) {
        const button = el("button", [spec.label], {
          type: "button",
          class: `app-rich-text-editor__button app-rich-text-editor__button--${spec.name}`,
          "data-action": spec.name,
          tabindex: "-1",
        });
        if (spec.toggle) button.setAttribute("aria-pressed", "false");
        if (spec.keys) {
          button.setAttribute("aria-keyshortcuts", `Control+${spec.keys} Meta+${spec.keys}`);
        }
        this.buttons.set(spec.name, { button, spec });
        groupElement.append(button);
      }
      toolbar.append(groupElement);
    }
    // One tab stop for the whole toolbar; arrow keys move along it (the ARIA toolbar pattern).
    this.buttons.get("paragraph").button.tabIndex = 0;
    return toolbar;
  }

  buildLinkPanel() {
    const inputId = `${this.id}-link-address`;
    this.linkInput = el("input", [], {
      class: "govuk-input",
      id: inputId,
      type: "text",
      inputmode: "url",
      spellcheck: "false",
      autocomplete: "off",
      "aria-describedby": `${inputId}-hint`,
    });
    this.linkError = el(
      "p",
      [
        el("span", ["Error:"], { class: "govuk-visually-hidden" }),
        " Enter a web address starting https:// or an email address",
      ],
      { class: "govuk-error-message", id: `${inputId}-error`, hidden: "" },
    );
    const button = (label, action) =>
      el("button", [label], {
        type: "button",
        class: "govuk-button govuk-button--secondary app-rich-text-editor__panel-button",
        "data-action": action,
      });
    return el(
      "div",
      [
        el("label", ["Link address"], { class: "govuk-label govuk-label--s", for: inputId }),
        el("div", ["For example, https://www.gov.uk/ or an email address"], {
          class: "govuk-hint",
          id: `${inputId}-hint`,
        }),
        this.linkError,
        this.linkInput,
        el("div", [button("Add link", "link-apply"), button("Cancel", "link-cancel")], {
          class: "govuk-button-group app-rich-text-editor__panel-actions",
        }),
      ],
      { class: "app-rich-text-editor__link-panel", hidden: "" },
    );
  }

  buildMarkPanel() {
    const selectId = `${this.id}-exemption`;
    this.markSelect = el(
      "select",
      [
        el("option", ["Choose an exemption"], { value: "" }),
        ...rules().exemptions.map(([code, label]) => el("option", [label], { value: code })),
      ],
      { class: "govuk-select", id: selectId, "aria-describedby": `${selectId}-hint` },
    );
    this.markError = el(
      "p",
      [
        el("span", ["Error:"], { class: "govuk-visually-hidden" }),
        " Choose the exemption that allows this text to be withheld",
      ],
      { class: "govuk-error-message", id: `${selectId}-error`, hidden: "" },
    );
    const button = (label, action) =>
      el("button", [label], {
        type: "button",
        class: "govuk-button govuk-button--secondary app-rich-text-editor__panel-button",
        "data-action": action,
      });
    const panel = el(
      "div",
      [
        el("label", ["Exemption"], { class: "govuk-label govuk-label--s", for: selectId }),
        el(
          "div",
          [
            "The published version shows a notice citing it in place of the marked text, " +
              "for example “[Redacted: section 43, commercial interests]”.",
          ],
          { class: "govuk-hint", id: `${selectId}-hint` },
        ),
        this.markError,
        this.markSelect,
        el("div", [button("Apply mark", "mark-apply"), button("Cancel", "mark-cancel")], {
          class: "govuk-button-group app-rich-text-editor__panel-actions",
        }),
      ],
      { class: "app-rich-text-editor__mark-panel", id: `${this.id}-mark-panel`, hidden: "" },
    );
    const opener = this.buttons.get("redact").button;
    opener.setAttribute("aria-expanded", "false");
    opener.setAttribute("aria-controls", panel.id);
    return panel;
  }

  listen() {
    this.content.addEventListener("beforeinput", (event) => this.onBeforeInput(event));
    this.content.addEventListener("input", (event) => {
      this.ensureNotBare();
      if (event.inputType === "insertParagraph") this.dropEmptyMarks();
      this.sync();
      this.updateState();
    });
    this.content.addEventListener("keydown", (event) => this.onKeydown(event));
    this.content.addEventListener("paste", (event) => this.onPaste(event));
    this.content.addEventListener("drop", (event) => this.onDrop(event));
    this.content.addEventListener("dragstart", () => {
      this.dragging = true;
    });
    this.content.addEventListener("dragend", () => {
      this.dragging = false;
    });
    this.content.addEventListener("focus", () => {
      document.execCommand("defaultParagraphSeparator", false, "p");
      document.execCommand("styleWithCSS", false, false);
    });
    document.addEventListener("selectionchange", () => {
      const selection = document.getSelection();
      if (selection.rangeCount && this.content.contains(selection.anchorNode)) {
        this.range = selection.getRangeAt(0).cloneRange();
        // Text selected again while the exemption list is open is what it will mark.
        if (!this.markPanel.hidden) this.markRange = this.range.cloneRange();
        this.updateState();
      }
    });

    // Keep the selection in the region when a toolbar button is clicked with a mouse.
    this.toolbar.addEventListener("mousedown", (event) => {
      if (event.target.closest("button")) event.preventDefault();
    });
    this.toolbar.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (button) this.run(button.dataset.action);
    });
    this.toolbar.addEventListener("keydown", (event) => this.onToolbarKeydown(event));

    this.linkPanel.addEventListener("click", (event) => {
      const action = event.target.closest("button")?.dataset.action;
      if (action === "link-apply") this.applyLink();
      if (action === "link-cancel") this.closeLinkPanel();
    });
    this.linkInput.addEventListener("keydown", (event) => {
      // Enter would submit the whole form.
      if (event.key === "Enter") {
        event.preventDefault();
        this.applyLink();
      } else if (event.key === "Escape") {
        event.preventDefault();
        this.closeLinkPanel();
      }
    });

    this.markPanel.addEventListener("click", (event) => {
      const action = event.target.closest("button")?.dataset.action;
      if (action === "mark-apply") this.applyMark();
      if (action === "mark-cancel") this.closeMarkPanel();
    });
    this.markPanel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        this.closeMarkPanel();
      } else if (event.key === "Enter" && event.target === this.markSelect) {
        // As in the link address field: Enter applies, and never submits the form.
        event.preventDefault();
        this.applyMark();
      }
    });

    this.label?.addEventListener("click", (event) => {
      event.preventDefault();
      this.content.focus();
    });
    this.form?.addEventListener("submit", () => this.sync());
    // Typing kept by the browser and restored into the textarea (typing-copy.js) is shown.
    this.textarea.addEventListener("rich-text:refresh", () => {
      this.content.replaceChildren(cleanHtml(this.textarea.value));
      this.ensureEditableEnd();
      this.updateState();
    });
    // new FormData(form), as a script saving drafts in the background would use.
    this.form?.addEventListener("formdata", (event) => {
      this.sync();
      if (this.textarea.name) event.formData.set(this.textarea.name, this.textarea.value);
    });
  }

  sync() {
    const html = cleanHtmlString(this.content.innerHTML);
    if (this.textarea.value !== html) {
      this.textarea.value = html;
      this.textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  // Selection --------------------------------------------------------------------------------

  restoreSelection() {
    // The live selection wins: the saved one trails it (selectionchange fires later, so after
    // fast typing it can be a few characters behind). The saved one is for when the selection
    // has left the region, for the link address field say.
    const selection = document.getSelection();
    const live = selection.rangeCount && this.content.contains(selection.anchorNode);
    if (live && document.activeElement === this.content) return;
    let range = live ? selection.getRangeAt(0).cloneRange() : null;
    if (!range && this.content.contains(this.range?.startContainer)) range = this.range;
    this.content.focus({ preventScroll: true });
    if (!range) {
      range = document.createRange();
      range.selectNodeContents(this.content);
      range.collapse(false);
    }
    selection.removeAllRanges();
    selection.addRange(range);
  }

  closestInContent(selector) {
    const selection = document.getSelection();
    let node = selection.rangeCount ? selection.anchorNode : this.range?.startContainer;
    if (!node || !this.content.contains(node)) return null;
    if (node.nodeType !== Node.ELEMENT_NODE) node = node.parentElement;
    const found = node.closest(selector);
    return found && this.content.contains(found) && found !== this.content ? found : null;
  }

  // Commands ---------------------------------------------------------------------------------

  run(action) {
    const entry = this.buttons.get(action);
    if (!entry || entry.button.getAttribute("aria-disabled") === "true") return;
    const { spec } = entry;
    if (action === "link") {
      this.openLinkPanel();
      return;
    }
    if (action === "redact") {
      this.openMarkPanel();
      return;
    }
    this.closeMarkPanel({ restore: false });
    this.restoreSelection();
    if (spec.block) {
      const current = this.closestInContent("p, h2, h3, h4");
      // Heading and Subheading toggle back to a paragraph.
      const on = spec.toggle && current?.nodeName.toLowerCase() === spec.block;
      document.execCommand("formatBlock", false, on ? "p" : spec.block);
    } else if (spec.command) {
      document.execCommand(spec.command, false, null);
    } else if (action === "unlink") {
      const link = this.closestInContent("a");
      if (link) {
        const range = document.createRange();
        range.selectNodeContents(link);
        const selection = document.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      }
      document.execCommand("unlink", false, null);
    } else if (action === "table") {
      this.insertTable();
    } else if (action === "row") {
      this.addRow();
    } else if (action === "unredact") {
      this.removeMarks();
    }
    this.sync();
    this.updateState();
  }

  insertTable() {
    const cell = (tag) => `<${tag}${tag === "th" ? ' scope="col"' : ""}><br></${tag}>`;
    const row = (tag) => `<tr>${cell(tag)}${cell(tag)}</tr>`;
    const head = `<thead>${row("th")}</thead>`;
    const body = `<tbody>${row("td")}${row("td")}</tbody>`;
    document.execCommand("insertHTML", false, `<table>${head}${body}</table><p><br></p>`);
    // Put the caret in the first heading cell of the new table (the last one before the caret).
    const selection = document.getSelection();
    const anchor = selection.anchorNode;
    const table = [...this.content.querySelectorAll("table")].reverse().find(
      (candidate) =>
        anchor && candidate.compareDocumentPosition(anchor) & Node.DOCUMENT_POSITION_FOLLOWING,
    );
    const first = table?.querySelector("th, td");
    if (first) {
      const range = document.createRange();
      range.selectNodeContents(first);
      range.collapse(true);
      selection.removeAllRanges();
      selection.addRange(range);
    }
  }

  addRow() {
    const current = this.closestInContent("tr");
    if (!current) return;
    // A row added below the header row is the first body row, made of data cells.
    const inHeader = current.parentElement.nodeName === "THEAD";
    const row = el(
      "tr",
      [...current.children].map((cell) => {
        const copy = el(inHeader ? "td" : cell.nodeName.toLowerCase(), [el("br")]);
        if (copy.nodeName === "TH") copy.setAttribute("scope", cell.getAttribute("scope") || "row");
        if (cell.colSpan > 1) copy.colSpan = cell.colSpan;
        return copy;
      }),
    );
    if (inHeader) {
      const table = current.closest("table");
      const body = table.querySelector("tbody") || table.appendChild(el("tbody"));
      body.prepend(row);
    } else {
      current.after(row);
    }
    const range = document.createRange();
    range.selectNodeContents(row.firstElementChild);
    range.collapse(true);
    const selection = document.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // Links ------------------------------------------------------------------------------------

  openLinkPanel() {
    this.closeMarkPanel({ restore: false });
    this.restoreSelection();
    // The address field takes the selection away; this is where the link goes.
    this.range = document.getSelection().getRangeAt(0).cloneRange();
    const link = this.closestInContent("a");
    if (link) {
      // Editing a link changes the whole link, not just the selected part of it.
      this.range.selectNodeContents(link);
    }
    this.linkInput.value = link ? link.getAttribute("href") : "";
    this.showLinkError(false);
    this.linkPanel.hidden = false;
    this.buttons.get("link").button.setAttribute("aria-expanded", "true");
    this.linkInput.focus();
    this.linkInput.select();
  }

  closeLinkPanel() {
    this.linkPanel.hidden = true;
    this.buttons.get("link").button.setAttribute("aria-expanded", "false");
    this.restoreSelection();
  }

  showLinkError(show) {
    this.linkError.hidden = !show;
    this.linkInput.classList.toggle("govuk-input--error", show);
    this.linkInput.setAttribute(
      "aria-describedby",
      `${this.linkInput.id}-hint${show ? ` ${this.linkError.id}` : ""}`,
    );
    if (show) this.linkInput.setAttribute("aria-invalid", "true");
    else this.linkInput.removeAttribute("aria-invalid");
  }

  applyLink() {
    let address = this.linkInput.value.trim();
    if (/^[^\s@/:]+@[^\s@/]+\.[^\s@/]+$/.test(address)) address = `mailto:${address}`;
    else if (/^www\.|^[a-z0-9-]+(\.[a-z0-9-]+)+(\/|$)/i.test(address)) {
      address = `https://${address}`;
    }
    const href = safeHref(address);
    if (!href) {
      this.showLinkError(true);
      this.linkInput.focus();
      return;
    }
    this.linkPanel.hidden = true;
    this.buttons.get("link").button.setAttribute("aria-expanded", "false");
    this.restoreSelection();
    const selection = document.getSelection();
    if (selection.isCollapsed) {
      const text = href.replace(/^mailto:/, "");
      const link = el("a", [text], { href });
      document.execCommand("insertHTML", false, link.outerHTML);
    } else {
      document.execCommand("createLink", false, href);
    }
    this.sync();
    this.updateState();
  }

  // Redaction marks ----------------------------------------------------------------------------

  /** The selection in the region, live or as it was when focus left it. */
  currentRange() {
    const selection = document.getSelection();
    if (selection.rangeCount && this.content.contains(selection.anchorNode)) {
      return selection.getRangeAt(0);
    }
    return this.content.contains(this.range?.startContainer) ? this.range : null;
  }

  /** The marks the range touches, or the one holding the caret. */
  marksAt(range) {
    if (!range) return [];
    return [...this.content.querySelectorAll(MARK_SELECTOR)].filter((mark) =>
      range.intersectsNode(mark),
    );
  }

  openMarkPanel() {
    if (!this.linkPanel.hidden) {
      this.linkPanel.hidden = true;
      this.buttons.get("link").button.setAttribute("aria-expanded", "false");
    }
    this.restoreSelection();
    // The list takes the focus; this is what gets marked.
    this.markRange = document.getSelection().getRangeAt(0).cloneRange();
    const [mark] = this.marksAt(this.markRange);
    this.markSelect.value = mark && this.markRange.collapsed ? mark.getAttribute(MARK) : "";
    this.showMarkError(false);
    this.markPanel.hidden = false;
    this.buttons.get("redact").button.setAttribute("aria-expanded", "true");
    this.markSelect.focus();
  }

  closeMarkPanel({ restore = true } = {}) {
    if (this.markPanel.hidden) return;
    this.markPanel.hidden = true;
    this.buttons.get("redact").button.setAttribute("aria-expanded", "false");
    if (restore) this.restoreSelection();
  }

  showMarkError(show) {
    this.markError.hidden = !show;
    this.markSelect.classList.toggle("govuk-select--error", show);
    const hint = `${this.markSelect.id}-hint`;
    this.markSelect.setAttribute("aria-describedby", show ? `${hint} ${this.markError.id}` : hint);
    if (show) this.markSelect.setAttribute("aria-invalid", "true");
    else this.markSelect.removeAttribute("aria-invalid");
  }

  applyMark() {
    const code = this.markSelect.value;
    if (!rules().exemptionLabels.has(code)) {
      this.showMarkError(true);
      this.markSelect.focus();
      return;
    }
    this.markPanel.hidden = true;
    this.buttons.get("redact").button.setAttribute("aria-expanded", "false");
    const marks = markRange(this.content, this.markRange, code);
    this.content.focus({ preventScroll: true });
    const selection = document.getSelection();
    const range = document.createRange();
    if (marks.length) {
      // The caret goes after the passage, so the mark shows rather than the selection.
      range.setStartAfter(marks[marks.length - 1]);
    } else {
      range.setStart(this.markRange.startContainer, this.markRange.startOffset);
    }
    range.collapse(true);
    selection.removeAllRanges();
    selection.addRange(range);
    this.sync();
    this.updateState();
    const label = rules().exemptionLabels.get(code).replace(/^Section/, "section");
    this.announce(
      marks.length ? `Marked for redaction: ${label}` : "Nothing marked: select some text first",
    );
  }

  removeMarks() {
    const selection = document.getSelection();
    const range = selection.rangeCount ? selection.getRangeAt(0) : null;
    const marks = this.marksAt(range);
    if (!marks.length) return;
    const caret = [range.startContainer, range.startOffset, range.endContainer, range.endOffset];
    const first = marks[0].firstChild;
    const last = marks[marks.length - 1].lastChild;
    for (const mark of marks) mark.replaceWith(...mark.childNodes);
    // Unwrapping moves the text nodes, which resets the selection; the nodes themselves stay.
    const restored = document.createRange();
    try {
      restored.setStart(caret[0], caret[1]);
      restored.setEnd(caret[2], caret[3]);
      if (!this.content.contains(caret[0]) || !this.content.contains(caret[2])) throw new Error();
    } catch {
      // The caret was on the mark itself: select what it held.
      restored.setStartBefore(first || this.content.lastChild);
      restored.setEndAfter(last || this.content.lastChild);
    }
    selection.removeAllRanges();
    selection.addRange(restored);
    this.announce(marks.length === 1 ? "Redaction mark removed" : "Redaction marks removed");
  }

  /** The mark the caret is at the very end of, if any. */
  markEndingAt(node, offset) {
    if (node.nodeType === Node.ELEMENT_NODE && offset > 0) {
      const before = node.childNodes[offset - 1];
      if (before?.nodeType === Node.ELEMENT_NODE && before.matches(MARK_SELECTOR)) return before;
    }
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const mark = element?.closest(MARK_SELECTOR);
    if (!mark || !this.content.contains(mark)) return null;
    const rest = document.createRange();
    rest.setStart(node, offset);
    rest.setEnd(mark, mark.childNodes.length);
    return rest.toString() ? null : mark;
  }

  onBeforeInput(event) {
    // Typing at the end of a marked passage goes after it, as Chromium does at the end of a
    // link: a mark grows only when the officer marks more. Otherwise the words typed just
    // after marking a passage would be withheld too.
    if (event.inputType !== "insertText" || !event.data) return;
    const selection = document.getSelection();
    if (!selection.rangeCount || !selection.isCollapsed) return;
    const mark = this.markEndingAt(selection.anchorNode, selection.anchorOffset);
    if (!mark) return;
    event.preventDefault();
    let text = mark.nextSibling;
    if (text?.nodeType !== Node.TEXT_NODE) {
      text = document.createTextNode("");
      mark.after(text);
    }
    // A space at the end of a paragraph, or before another, would collapse out of sight.
    const collapses = !text.length || text.data.startsWith(" ");
    const data = collapses ? event.data.replace(/ $/, "\u00a0") : event.data;
    text.insertData(0, data);
    selection.collapse(text, data.length);
    this.sync();
    this.updateState();
  }

  dropEmptyMarks() {
    // Enter at the end of a marked passage starts the new paragraph inside an empty copy of
    // the mark; what is typed there is not part of the passage.
    const selection = document.getSelection();
    for (const mark of [...this.content.querySelectorAll(MARK_SELECTOR)]) {
      if (mark.textContent) continue;
      const holdsCaret = mark.contains(selection.anchorNode);
      const [parent, index] = [mark.parentNode, [...mark.parentNode.childNodes].indexOf(mark)];
      mark.replaceWith(...mark.childNodes);
      if (holdsCaret) selection.collapse(parent, index);
    }
  }

  announce(message) {
    // Emptied first, so the same message twice is read twice.
    this.status.textContent = "";
    setTimeout(() => {
      this.status.textContent = message;
    }, 50);
  }

  // Keys, paste and drop -----------------------------------------------------------------------

  onKeydown(event) {
    const modifier = event.ctrlKey || event.metaKey;
    if (modifier && !event.altKey && !event.shiftKey) {
      const key = event.key.toLowerCase();
      if (key === "b" || key === "i") {
        event.preventDefault();
        this.run(key === "b" ? "bold" : "italic");
      } else if (key === "k") {
        event.preventDefault();
        this.run("link");
      } else if (key === "u") {
        // Underline is not kept: links are underlined, and nothing else should look like one.
        event.preventDefault();
      }
    } else if (event.altKey && event.key === "F10") {
      event.preventDefault();
      this.focusToolbar();
    }
  }

  focusToolbar() {
    const current = [...this.buttons.values()].find(({ button }) => button.tabIndex === 0);
    current?.button.focus();
  }

  onToolbarKeydown(event) {
    const buttons = [...this.buttons.values()].map(({ button }) => button);
    const index = buttons.indexOf(document.activeElement);
    if (index === -1) return;
    let next = null;
    if (event.key === "ArrowRight") next = (index + 1) % buttons.length;
    else if (event.key === "ArrowLeft") next = (index - 1 + buttons.length) % buttons.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = buttons.length - 1;
    else if (event.key === "Escape") {
      event.preventDefault();
      this.restoreSelection();
      return;
    }
    if (next === null) return;
    event.preventDefault();
    for (const button of buttons) button.tabIndex = -1;
    buttons[next].tabIndex = 0;
    buttons[next].focus();
  }

  onPaste(event) {
    const data = event.clipboardData;
    if (!data) return;
    // Pictures and files are not part of a decision note's text.
    event.preventDefault();
    this.insertClean(data.getData("text/html"), data.getData("text/plain"));
  }

  onDrop(event) {
    const data = event.dataTransfer;
    // Text dragged within the region is the editor's own HTML: the browser moves it.
    if (!data || this.dragging) return;
    event.preventDefault();
    const html = data.getData("text/html");
    const text = data.getData("text/plain");
    if (!html && !text) return;
    const range = document.caretRangeFromPoint?.(event.clientX, event.clientY);
    if (range) {
      const selection = document.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
    this.insertClean(html, text);
  }

  insertClean(html, text) {
    if (!html && !text) return;
    if (!html && !/\n/.test(text.trim())) {
      document.execCommand("insertText", false, text);
      return;
    }
    const fragment = cleanHtml(html || paragraphsFromText(text));
    const blocks = [...fragment.childNodes];
    if (!blocks.length) return;
    // A phrase pasted into a paragraph joins it rather than splitting it.
    const markup =
      blocks.length === 1 && blocks[0].nodeName === "P"
        ? blocks[0].innerHTML
        : blocks.map((block) => block.outerHTML).join("");
    document.execCommand("insertHTML", false, markup);
    this.ensureEditableEnd();
  }

  // Housekeeping -----------------------------------------------------------------------------

  ensureNotBare() {
    // Emptied with select-all and delete, the region holds nothing or a lone <br>; typing would
    // then go outside any paragraph.
    if (!this.content.textContent && !this.content.querySelector("table, ul, ol")) {
      if (this.content.querySelector("p, h2, h3, h4")) return;
      const paragraph = el("p", [el("br")]);
      this.content.replaceChildren(paragraph);
      const range = document.createRange();
      range.setStart(paragraph, 0);
      range.collapse(true);
      const selection = document.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
  }

  ensureEditableEnd() {
    // A table (or nothing) at the end leaves no place to type after it.
    const last = this.content.lastElementChild;
    if (!last || last.nodeName === "TABLE") this.content.append(el("p", [el("br")]));
  }

  updateState() {
    const inside = (selector) => Boolean(this.closestInContent(selector));
    const focused = this.content.contains(document.getSelection().anchorNode);
    const block = this.closestInContent("p, h2, h3, h4")?.nodeName;
    const pressed = {
      heading: block === "H2",
      subheading: block === "H3",
      bold: focused && document.queryCommandState("bold") && !/^H[234]$/.test(block || ""),
      italic: focused && document.queryCommandState("italic"),
      bullets: inside("ul") && this.closestInContent("ul, ol")?.nodeName === "UL",
      numbers: inside("ol") && this.closestInContent("ul, ol")?.nodeName === "OL",
    };
    for (const [name, value] of Object.entries(pressed)) {
      this.buttons.get(name).button.setAttribute("aria-pressed", String(value));
    }
    const range = this.currentRange();
    const marked = this.marksAt(range).length > 0;
    const disable = {
      unlink: !inside("a"),
      row: !inside("table"),
      // Marking needs words to mark, or a marked passage whose exemption is to change.
      redact: !marked && (!range || range.collapsed),
      unredact: !marked,
    };
    for (const [name, value] of Object.entries(disable)) {
      this.buttons.get(name).button.setAttribute("aria-disabled", String(value));
    }
  }
}

/** Enhances every <textarea data-rich-text> under root (once each). */
export function initRichText(root = document) {
  for (const textarea of root.querySelectorAll("textarea[data-rich-text]")) {
    if (textarea.dataset.richTextEnhanced) continue;
    textarea.dataset.richTextEnhanced = "true";
    new RichTextEditor(textarea);
  }
}
