// Starts GOV.UK Frontend's components and the rich-text editor on every page; each page works
// without them.
import { initAll } from "../vendor/js/govuk-frontend.min.js";
import { initRichText } from "./rich-text.js";

initAll();
initRichText();
