// A list on a note edited in place, in MOJ Frontend's "add another" pattern: "Add another"
// copies a blank row, "Remove" takes one out, "Move up" and "Move down" reorder, and nothing is
// sent until the officer saves. Without JavaScript the page offers a blank row and a box to
// tick to remove a saved row, and saves as it did.
//
// The rows are a Django formset (decisions/drafting/list_forms.py), whose bookkeeping this
// keeps right:
//   - a saved row keeps its index, because Django ties the saved rows to the first
//     INITIAL_FORMS indexes: removing one ticks its hidden "Remove" box and hides it;
//   - new rows are numbered after the saved ones without gaps, and TOTAL_FORMS counts them all;
//   - each row's hidden ORDER is its place as shown, in which the server saves the list.
// MOJ's own add-another script renumbers every row by its place on the page and drops a removed
// row from the form, which would give a saved row another row's index, so the pattern's
// behaviour is written here for a formset, with MOJ's classes and its focus handling.

const RENAMED = ["name", "id", "for", "aria-describedby", "aria-controls"];

function hiddenText(text) {
  const span = document.createElement("span");
  span.className = "govuk-visually-hidden";
  span.textContent = text;
  return span;
}

function button(label, action) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "govuk-button govuk-button--secondary app-list-row__button";
  element.dataset.rowAction = action;
  element.append(label, hiddenText(""));
  return element;
}

class ListRows {
  constructor(root) {
    this.root = root;
    this.prefix = root.dataset.list;
    this.rowName = root.dataset.rowName; // "Recommendation"
    this.rowsName = root.dataset.rowsName; // "recommendations"
    this.maxRows = Number(root.dataset.maxRows) || Infinity;
    this.reorder = root.hasAttribute("data-reorder");
    this.rowsBox = root.querySelector("[data-list-rows]");
    this.template = root.querySelector("template[data-list-template]");
    this.status = root.querySelector("[data-list-status]");
    const form = root.closest("form");
    this.total = form.querySelector(`input[name="${this.prefix}-TOTAL_FORMS"]`);
    this.initial = Number(form.querySelector(`input[name="${this.prefix}-INITIAL_FORMS"]`).value);
    this.blank = this.valuesOf(this.template.content);

    this.rows().forEach((row) => this.enhance(row));
    // The blank row offered for typing without JavaScript is dropped where the list already
    // has rows: "Add another" offers one when it is wanted.
    const untouched = this.rows().filter((row) => !this.isSaved(row) && this.isBlank(row));
    if (untouched.length && untouched.length === this.visibleRows().length) untouched.shift();
    untouched.forEach((row) => row.remove());
    this.renumberNewRows();

    this.addButton = document.createElement("button");
    this.addButton.type = "button";
    this.addButton.className = "govuk-button govuk-button--secondary moj-add-another__add-button";
    this.addButton.dataset.rowAction = "add";
    this.full = document.createElement("p");
    this.full.className = "govuk-body";
    this.full.hidden = true;
    this.rowsBox.after(this.addButton, this.full);
    this.root.classList.add("app-list--enhanced");
    this.refresh();
    root.addEventListener("click", (event) => this.onClick(event));
  }

  rows() {
    return [...this.rowsBox.querySelectorAll(":scope > [data-list-row]")];
  }

  visibleRows() {
    return this.rows().filter((row) => !row.hidden);
  }

  isSaved(row) {
    return row.hasAttribute("data-saved");
  }

  indexOf(row) {
    const named = row.querySelector(`[name^="${this.prefix}-"]`);
    return named ? named.name.slice(this.prefix.length + 1).split("-")[0] : null;
  }

  // What a row's visible fields hold, by field name without the row's index.
  valuesOf(row) {
    const values = {};
    row.querySelectorAll("input, select, textarea").forEach((field) => {
      if (field.type === "hidden" || !field.name.startsWith(`${this.prefix}-`)) return;
      const name = field.name.split("-").pop();
      if (name === "DELETE") return;
      values[name] = field.type === "checkbox" ? String(field.checked) : field.value;
    });
    return values;
  }

  isBlank(row) {
    const values = this.valuesOf(row);
    return Object.keys(values).every((name) => values[name] === (this.blank[name] ?? ""));
  }

  enhance(row) {
    const removeBox = row.querySelector("[data-row-remove-box]");
    if (removeBox) {
      removeBox.hidden = true;
      if (removeBox.querySelector("input").checked) row.hidden = true; // removed before a refusal
    }
    const actions = document.createElement("div");
    actions.className = "app-list-row__actions";
    if (this.reorder) actions.append(button("Move up", "up"), button("Move down", "down"));
    actions.append(button("Remove", "remove"));
    row.append(actions);
  }

  rename(row, from, to) {
    const old = `${this.prefix}-${from}-`;
    const now = `${this.prefix}-${to}-`;
    [row, ...row.querySelectorAll("*")].forEach((element) => {
      RENAMED.forEach((attribute) => {
        const value = element.getAttribute(attribute);
        if (!value || !value.includes(old)) return;
        element.setAttribute(attribute, value.replaceAll(old, now));
        if (attribute === "id") {
          // The error summary's links follow the field they point to.
          document
            .querySelectorAll(`.govuk-error-summary a[href="#${CSS.escape(value)}"]`)
            .forEach((link) => link.setAttribute("href", `#${element.id}`));
        }
      });
    });
  }

  // New rows take the indexes after the saved rows', in the order they were added, without
  // gaps; TOTAL_FORMS counts the saved rows (removed or not) and the new ones.
  renumberNewRows() {
    const fresh = this.rows()
      .filter((row) => !this.isSaved(row))
      .sort((a, b) => Number(this.indexOf(a)) - Number(this.indexOf(b)));
    fresh.forEach((row, offset) => {
      const index = String(this.initial + offset);
      const current = this.indexOf(row);
      if (current !== null && current !== index) this.rename(row, current, index);
    });
    this.total.value = String(this.initial + fresh.length);
  }

  // Names and numbers each row as shown, sets its ORDER, and offers only the moves it can make.
  refresh() {
    const shown = this.visibleRows();
    const lower = this.rowName.toLowerCase();
    shown.forEach((row, place) => {
      const number = place + 1;
      row.querySelector("[data-row-name]").textContent = `${this.rowName} ${number}`;
      const order = row.querySelector(`input[name$="-ORDER"]`);
      if (order) order.value = String(number);
      row.querySelectorAll("[data-row-action]").forEach((control) => {
        control.lastElementChild.textContent = ` ${lower} ${number}`;
      });
      const up = row.querySelector('[data-row-action="up"]');
      const down = row.querySelector('[data-row-action="down"]');
      if (up) up.hidden = place === 0;
      if (down) down.hidden = place === shown.length - 1;
    });
    const article = /^[aeiou]/.test(lower) ? "an" : "a";
    this.addButton.textContent = shown.length ? `Add another ${lower}` : `Add ${article} ${lower}`;
    const full = shown.length >= this.maxRows;
    this.addButton.hidden = full;
    this.full.hidden = !full;
    this.full.textContent = `The list has ${this.maxRows} ${this.rowsName}, as many as a note can hold.`;
  }

  announce(message) {
    // Emptied first, so that the same message twice is read twice.
    this.status.textContent = "";
    window.setTimeout(() => {
      this.status.textContent = message;
    }, 50);
  }

  changed() {
    // For scripts that follow the form's fields, such as the money page's live totals.
    this.root.dispatchEvent(new Event("change", { bubbles: true }));
  }

  onClick(event) {
    const control = event.target.closest("button[data-row-action]");
    if (!control || !this.root.contains(control)) return;
    const row = control.closest("[data-list-row]");
    const action = control.dataset.rowAction;
    if (action === "add") this.add();
    else if (action === "remove") this.remove(row);
    else this.move(row, action);
  }

  add() {
    if (this.visibleRows().length >= this.maxRows) return;
    const index = this.total.value;
    const copy = this.template.content.cloneNode(true);
    const row = copy.querySelector("[data-list-row]");
    this.rename(row, "__prefix__", index);
    this.enhance(row);
    this.rowsBox.append(row);
    this.total.value = String(Number(index) + 1);
    this.refresh();
    this.changed();
    const first = row.querySelector(
      "input:not([type=hidden]), select, textarea, [contenteditable=true]",
    );
    (first || row).focus();
  }

  remove(row) {
    const shown = this.visibleRows();
    const place = shown.indexOf(row);
    const name = `${this.rowName} ${place + 1}`;
    const next = shown[place - 1] || shown[place + 1];
    // A row's errors go with it from the error summary.
    row.querySelectorAll("[id]").forEach((field) => {
      document
        .querySelectorAll(`.govuk-error-summary a[href="#${CSS.escape(field.id)}"]`)
        .forEach((link) => (link.closest("li") || link).remove());
    });
    if (this.isSaved(row)) {
      row.querySelector('[data-row-remove-box] input[type="checkbox"]').checked = true;
      row.hidden = true;
    } else {
      row.remove();
      this.renumberNewRows();
    }
    this.refresh();
    this.changed();
    if (next) {
      next.tabIndex = -1;
      next.focus();
    } else {
      this.addButton.focus();
    }
    this.announce(`${name} removed.`);
  }

  move(row, direction) {
    const shown = this.visibleRows();
    const place = shown.indexOf(row);
    const other = shown[direction === "up" ? place - 1 : place + 1];
    if (!other) return;
    // The other row moves, so the row whose button was pressed keeps the focus.
    if (direction === "up") row.after(other);
    else row.before(other);
    this.refresh();
    this.changed();
    // At the top (or bottom) the button pressed is gone: the other move takes the focus.
    if (row.querySelector(`[data-row-action="${direction}"]`).hidden) {
      row.querySelector(`[data-row-action="${direction === "up" ? "down" : "up"}"]`).focus();
    }
    const now = direction === "up" ? place : place + 2;
    this.announce(
      `${this.rowName} moved ${direction}: now ${this.rowName.toLowerCase()} ${now} of ${shown.length}.`,
    );
  }
}

/** Starts every note list on the page. */
export function initListRows(root = document) {
  root.querySelectorAll("[data-list]").forEach((element) => {
    if (element.dataset.listEnhanced || !element.querySelector("template[data-list-template]"))
      return;
    element.dataset.listEnhanced = "true";
    new ListRows(element);
  });
}
