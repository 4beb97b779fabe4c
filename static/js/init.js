// Starts GOV.UK Frontend's components, the rich-text editor, live money totals, the lists
// edited in place and the reference scheme's preview on every page; each page works without
// them.
import { initAll } from "../vendor/js/govuk-frontend.min.js";
import { initMoneyTotals } from "./money-totals.js";
import { initImportProgress } from "./import-progress.js";
import { initListRows } from "./list-rows.js";
import { initReferencePreview } from "./reference-preview.js";
import { initRichText } from "./rich-text.js";

initAll();
initRichText();
initMoneyTotals();
initListRows();
initReferencePreview();
initImportProgress();
