// Starts GOV.UK Frontend's components, the rich-text editor, live money totals, the lists
// edited in place, the reference scheme's preview, the session's timeout warning and the
// browser's copy of unsaved typing on every page; each page works without them.
import { initAll } from "../vendor/js/govuk-frontend.min.js";
import { initMoneyTotals } from "./money-totals.js";
import { initImportProgress } from "./import-progress.js";
import { initListRows } from "./list-rows.js";
import { initReferencePreview } from "./reference-preview.js";
import { initRichText } from "./rich-text.js";
import { initSessionTimeout } from "./session-timeout.js";
import { initTypingCopy } from "./typing-copy.js";

initAll();
initRichText();
initMoneyTotals();
initListRows();
initReferencePreview();
initImportProgress();
// After the editor, so that the copy compares and restores what the editor shows.
initTypingCopy();
initSessionTimeout();
