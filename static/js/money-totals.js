// Live totals on a note's money page: the totals row and unit costs follow the rows as the
// officer types. Progressive enhancement: without JavaScript the "Work out totals" button asks
// the server, which stays the truth (contracts/models.py, ContributionGroup and
// ContributionTotals); this mirrors its arithmetic exactly.
//
// Money is counted in whole pence as BigInt, never as floating point, and a unit cost is
// rounded half up to the penny like commissioning/money.py's unit_cost (Decimal ROUND_HALF_UP).

const WHOLE_DIGITS = 10; // money fields hold 12 digits, 2 of them pence: under £10 billion

/**
 * Pence in an amount as typed ("£6,043.50", "12750", "7315.5"), as the server's MoneyField
 * reads it. null for a blank box, undefined for anything the server would refuse.
 */
export function parsePence(text) {
  const cleaned = String(text ?? "").trim().replace(/[£,\s]/g, "");
  if (cleaned === "") return null;
  const match = /^(\d*)(?:\.(\d{0,2}))?$/.exec(cleaned);
  if (!match || (match[1] === "" && !match[2])) return undefined;
  const pounds = match[1].replace(/^0+(?=\d)/, "");
  if (pounds.length > WHOLE_DIGITS) return undefined;
  return BigInt(pounds || "0") * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
}

/** A volume as typed: a whole number ("160", " 160 ", "160.0"); null if blank, undefined if not. */
export function parseVolume(text) {
  const cleaned = String(text ?? "").trim();
  if (cleaned === "") return null;
  const match = /^(\d+)(?:\.0*)?$/.exec(cleaned);
  return match ? BigInt(match[1]) : undefined;
}

/** Pence per unit, rounded half up to the penny; null where there is no volume to divide by. */
export function unitCostPence(pence, volume) {
  if (pence === null || volume === null || volume === 0n) return null;
  // round(p / v) half up, for p >= 0 and v > 0, in integers: floor((2p + v) / 2v).
  return (2n * pence + volume) / (2n * volume);
}

function withCommas(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** £12,750 for whole pounds, £6,043.50 where pence matter (the `pounds` template filter). */
export function formatPounds(pence) {
  const pounds = withCommas((pence / 100n).toString());
  const rest = pence % 100n;
  return rest === 0n ? `£${pounds}` : `£${pounds}.${rest.toString().padStart(2, "0")}`;
}

/** Always to the penny, for unit costs: £51.00, £199.22 (the `pence` template filter). */
export function formatPence(pence) {
  return `£${withCommas((pence / 100n).toString())}.${(pence % 100n).toString().padStart(2, "0")}`;
}

function sumOrNull(values) {
  const present = values.filter((value) => value !== null);
  return present.length ? present.reduce((a, b) => a + b, 0n) : null;
}

/**
 * Totals of rows ({key, pence, contracted, projected}), taken a partner's year at a time as
 * the server does: a year's share split between the initial term and an extension counts whole
 * towards the year's volumes, and a year without a volume counts none of its money towards
 * that volume's unit cost.
 */
export function totalsOf(rows) {
  const groups = new Map();
  for (const row of rows) {
    if (!groups.has(row.key)) groups.set(row.key, []);
    groups.get(row.key).push(row);
  }
  const summed = [...groups.values()].map((group) => ({
    pence: group.reduce((total, row) => total + row.pence, 0n),
    contracted: sumOrNull(group.map((row) => row.contracted)),
    projected: sumOrNull(group.map((row) => row.projected)),
  }));
  const totals = { pence: summed.reduce((total, group) => total + group.pence, 0n) };
  for (const volume of ["contracted", "projected"]) {
    const counted = summed.filter((group) => group[volume] !== null);
    const amount = counted.reduce((total, group) => total + group.pence, 0n);
    totals[volume] = sumOrNull(counted.map((group) => group[volume]));
    totals[`${volume}UnitCost`] = unitCostPence(amount, totals[volume]);
  }
  return totals;
}

function field(row, name) {
  return row.querySelector(`[name$="-${name}"]`);
}

function valueOf(row, name) {
  const element = field(row, name);
  return element ? element.value : "";
}

/** The rows as typed, and the numbers of those left out because a figure is not valid yet. */
export function readRows(form) {
  const rows = [];
  const leftOut = [];
  form.querySelectorAll("[data-contribution-row]").forEach((row, index) => {
    if (field(row, "DELETE")?.checked) return;
    const typed = ["amount", "contracted_volume", "projected_volume"].map((n) => valueOf(row, n));
    const started =
      valueOf(row, "id") || valueOf(row, "contributor") || valueOf(row, "financial_year");
    if (!started && typed.every((value) => value.trim() === "")) return;
    const pence = parsePence(typed[0]);
    const contracted = parseVolume(typed[1]);
    const projected = parseVolume(typed[2]);
    if (pence === null) return; // no amount yet
    if ([pence, contracted, projected].includes(undefined)) {
      leftOut.push(index + 1);
      return;
    }
    // Rows without a partner or year yet stand alone rather than merging with each other.
    const partner = valueOf(row, "contributor");
    const year = valueOf(row, "financial_year");
    const key = partner && year ? `${year}|${partner}` : `row ${index}`;
    rows.push({ key, pence, contracted, projected });
  });
  return { rows, leftOut };
}

function volumeText(volume, unitCost) {
  if (volume === null) return "–";
  const count = withCommas(volume.toString());
  return unitCost ? `${count} at ${formatPence(unitCost)} each` : count;
}

function leftOutText(numbers) {
  if (!numbers.length) return "";
  if (numbers.length === 1) {
    return `Row ${numbers[0]} is left out until its figures are numbers the form accepts.`;
  }
  const list = `${numbers.slice(0, -1).join(", ")} and ${numbers.at(-1)}`;
  return `Rows ${list} are left out until their figures are numbers the form accepts.`;
}

// Only text that changed is replaced, so a screen reader hears what changed, not everything.
function show(element, text) {
  if (element && element.textContent !== text) element.textContent = text;
}

class MoneyTotals {
  constructor(form, panel) {
    this.form = form;
    this.panel = panel;
    this.heading = panel.querySelector("[data-totals-heading]");
    this.note = panel.querySelector("[data-totals-note]");
    this.cells = {
      amount: panel.querySelector('[data-total="amount"]'),
      contracted: panel.querySelector('[data-total="contracted"]'),
      projected: panel.querySelector('[data-total="projected"]'),
    };
    form.addEventListener("input", () => this.update());
    form.addEventListener("change", () => this.update());
    if (panel.hidden) this.update(); // the server showed no totals (rows with errors)
  }

  update() {
    const { rows, leftOut } = readRows(this.form);
    const totals = totalsOf(rows);
    show(this.cells.amount, formatPounds(totals.pence));
    show(this.cells.contracted, volumeText(totals.contracted, totals.contractedUnitCost));
    show(this.cells.projected, volumeText(totals.projected, totals.projectedUnitCost));
    show(this.heading, "Totals of the rows as typed (not yet saved)");
    if (this.note) {
      show(this.note, leftOutText(leftOut));
      this.note.hidden = !leftOut.length;
    }
    this.panel.hidden = false;
  }
}

/** Starts live totals on a page with a money form and a totals panel. */
export function initMoneyTotals(root = document) {
  const form = root.querySelector("form[data-money-form]");
  const panel = root.querySelector("[data-money-totals]");
  if (!form || !panel || panel.dataset.moneyTotalsEnhanced) return;
  panel.dataset.moneyTotalsEnhanced = "true";
  new MoneyTotals(form, panel);
}
