// Warns before leaving a drafting page whose form holds changes not yet saved.
//
// Forms marked data-warn-unsaved take part. The warning is armed once the officer has changed
// something (typing in a field, or in the rich-text editor, whose region sits inside the form,
// or adding, removing or moving a list's rows)
// and the form no longer reads as it did when the page opened; submitting the form disarms it.
// A form marked data-warn-unsaved="pending" holds typing the server did not save (a refused
// stale save keeps what was typed, a save held across a sign-in is shown again, the browser's
// copy is restored), so it warns from the start.
//
// Browsers show their own wording for this warning; the page cannot choose it.

function snapshot(form) {
  // new FormData(form) also brings the rich-text editor's textarea up to date.
  return [...new FormData(form)]
    .map(([name, value]) =>
      typeof value === "string" ? `${name}=${value}` : `${name}=${value.name}:${value.size}`,
    )
    .join("&");
}

function watch(form) {
  const opened = snapshot(form);
  let touched = false;
  let submitting = false;
  const touch = (event) => {
    // The editor's own copies into its textarea are not the officer's doing.
    if (event.isTrusted) touched = true;
  };
  form.addEventListener("input", touch);
  form.addEventListener("change", touch);
  // Adding, removing or moving a list's rows (list-rows.js) changes the form without typing.
  form.addEventListener("click", (event) => {
    if (event.target.closest("button[data-row-action]")) touch(event);
  });
  form.addEventListener("submit", () => {
    submitting = true;
  });
  // Back from the browser's cache after a submit, the form is live again.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) submitting = false;
  });
  // "pending" is read each time: typing restored from the browser's copy (typing-copy.js)
  // marks the form so after the page has opened.
  return () =>
    !submitting &&
    (form.dataset.warnUnsaved === "pending" || (touched && snapshot(form) !== opened));
}

export function initUnsavedChanges(root = document) {
  const checks = [...root.querySelectorAll("form[data-warn-unsaved]")].map(watch);
  if (!checks.length) return;
  window.addEventListener("beforeunload", (event) => {
    if (checks.some((unsaved) => unsaved())) {
      event.preventDefault();
      event.returnValue = ""; // Chromium before 119 and Safari show the warning only with this
    }
  });
}

initUnsavedChanges();
