// Live totals on a note's money page: the totals row and unit costs follow the rows as the
// officer types. The server adds the money up, as it does for "Work out totals"
// (decisions/drafting/list_views.py, money_totals): this script only sends the rows as typed
// and shows what comes back, so the arithmetic and its rounding are written once, in Python.
// Progressive enhancement: without JavaScript the button asks the server in the same way.

const WAIT_MS = 250; // after the last key, so a figure being typed is sent once

// Only text that changed is replaced, so a screen reader hears what changed, not everything.
function show(element, text) {
  if (element && element.textContent !== text) element.textContent = text;
}

class MoneyTotals {
  constructor(form, panel) {
    this.form = form;
    this.panel = panel;
    this.url = panel.dataset.moneyTotals;
    this.heading = panel.querySelector("[data-totals-heading]");
    this.note = panel.querySelector("[data-totals-note]");
    this.cells = {
      amount: panel.querySelector('[data-total="amount"]'),
      contracted: panel.querySelector('[data-total="contracted"]'),
      projected: panel.querySelector('[data-total="projected"]'),
    };
    this.timer = null;
    this.asked = 0;
    const later = () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.update(), WAIT_MS);
    };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    if (panel.hidden) this.update(); // the server showed no totals (rows with errors)
  }

  async update() {
    const asked = ++this.asked;
    let totals;
    try {
      const response = await fetch(this.url, {
        method: "POST",
        body: new FormData(this.form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) return; // signed out, say: the button still works
      totals = await response.json();
    } catch {
      return; // offline: the totals shown stay until the next answer
    }
    if (asked !== this.asked) return; // a later answer is on its way
    show(this.cells.amount, totals.amount);
    show(this.cells.contracted, totals.contracted);
    show(this.cells.projected, totals.projected);
    show(this.heading, "Totals of the rows as typed (not yet saved)");
    if (this.note) {
      show(this.note, totals.left_out);
      this.note.hidden = !totals.left_out;
    }
    this.panel.hidden = false;
  }
}

/** Starts live totals on a page with a money form and a totals panel. */
export function initMoneyTotals(root = document) {
  const form = root.querySelector("form[data-money-form]");
  const panel = root.querySelector("[data-money-totals]");
  if (!form || !panel || !panel.dataset.moneyTotals || panel.dataset.moneyTotalsEnhanced) return;
  panel.dataset.moneyTotalsEnhanced = "true";
  new MoneyTotals(form, panel);
}
