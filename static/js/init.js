// Starts GOV.UK Frontend's components, the rich-text editor and live money totals on every
// page; each page works without them.
import { initAll } from "../vendor/js/govuk-frontend.min.js";
import { initMoneyTotals } from "./money-totals.js";
import { initRichText } from "./rich-text.js";

initAll();
initRichText();
initMoneyTotals();
