// Starts GOV.UK Frontend's components on every page; each page works without it.
import { initAll } from "../vendor/js/govuk-frontend.min.js";

initAll();
