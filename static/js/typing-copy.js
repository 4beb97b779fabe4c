// This browser's copy of what is typed on a note's edit pages and not yet saved, offered back
// on the page after a reload, a crash or signing in again: "You have unsaved changes from
// 10:42", Restore or Discard.
//
// Forms marked data-keep-typing take part. The copy is kept per person (the form's typed_by
// field, so a shared computer does not offer one person's typing to the next) and per page (its
// address names the note and the part), written as they type, and dropped when the save goes
// through (the next page's "Saved." banner is marked data-typing-saved), when they discard it,
// or after KEEP_FOR. Hidden fields (the version the page was opened at, row ids) are not
// copied, nor files: restoring puts back only what was typed, and the save that follows is
// checked against the note as it now stands like any other.

const PREFIX = "typing:";
const SUBMITTED = "typing-submitted";
const KEEP_FOR = 7 * 24 * 60 * 60 * 1000;
const NOT_TYPED = new Set(["hidden", "file", "password", "submit", "button", "reset", "image"]);

const store = {
  get(key) {
    try {
      return JSON.parse(localStorage.getItem(key));
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // Storage full or turned off: the page still works, without the copy.
    }
  },
  remove(key) {
    try {
      localStorage.removeItem(key);
    } catch {
      // as above
    }
  },
};

function typedControls(form) {
  return [...form.elements].filter(
    (control) => control.name && !control.disabled && !NOT_TYPED.has(control.type),
  );
}

/** The form's typed values as [name, value] pairs, in the page's order. */
function typed(form) {
  const names = new Set(typedControls(form).map((control) => control.name));
  // new FormData(form) also brings the rich-text editor's textarea up to date.
  return [...new FormData(form)].filter(
    ([name, value]) => typeof value === "string" && names.has(name),
  );
}

function restore(form, fields) {
  const values = new Map();
  for (const [name, value] of fields) values.set(name, [...(values.get(name) || []), value]);
  const used = new Map();
  for (const control of typedControls(form)) {
    const wanted = values.get(control.name) || [];
    if (control.type === "checkbox" || control.type === "radio") {
      control.checked = wanted.includes(control.value);
    } else if (control.tagName === "SELECT") {
      for (const option of control.options) option.selected = wanted.includes(option.value);
    } else {
      const index = used.get(control.name) || 0;
      if (index >= wanted.length) continue;
      control.value = wanted[index];
      used.set(control.name, index + 1);
      // The rich-text editor shows its textarea's new value (static/js/rich-text.js).
      control.dispatchEvent(new Event("rich-text:refresh"));
    }
    // Live totals and the like follow what the fields now hold.
    control.dispatchEvent(new Event("input", { bubbles: true }));
    control.dispatchEvent(new Event("change", { bubbles: true }));
  }
}

function when(at) {
  const date = new Date(at);
  const time = date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  if (date.toDateString() === new Date().toDateString()) return time;
  return `${time} on ${date.toLocaleDateString("en-GB", { day: "numeric", month: "long" })}`;
}

function el(tag, attributes = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

function banner(at, onRestore, onDiscard) {
  const button = (label, classes, onClick) => {
    const element = el("button", { type: "button", class: `govuk-button ${classes}` }, [label]);
    element.addEventListener("click", onClick);
    return element;
  };
  return el(
    "div",
    {
      class: "govuk-notification-banner",
      role: "region",
      "aria-labelledby": "typing-copy-title",
      "data-typing-copy": "",
    },
    [
      el("div", { class: "govuk-notification-banner__header" }, [
        el("h2", { class: "govuk-notification-banner__title", id: "typing-copy-title" }, [
          "Important",
        ]),
      ]),
      el("div", { class: "govuk-notification-banner__content" }, [
        el("p", { class: "govuk-notification-banner__heading" }, [
          `You have unsaved changes from ${when(at)}`,
        ]),
        el("p", { class: "govuk-body" }, [
          "This browser kept what you typed on this page and did not save. Restore it to " +
            "carry on where you left off, or discard it to keep the page as it is.",
        ]),
        el("div", { class: "govuk-button-group" }, [
          button("Restore", "", onRestore),
          button("Discard", "govuk-button--secondary", onDiscard),
        ]),
      ]),
    ],
  );
}

/** Where the person carries on: the form's first field they can see (not the editor's
 * closed link panel, nor the textarea behind it). */
function firstField(form) {
  const fields = form.querySelectorAll(
    '[contenteditable="true"], :is(input, textarea, select)[name]:not([type="hidden"])',
  );
  return [...fields].find((field) => !field.disabled && field.checkVisibility());
}

function keep(form) {
  const key = `${PREFIX}${form.elements.typed_by.value}:${location.pathname}`;
  const pending = () => form.dataset.warnUnsaved === "pending";
  const opened = JSON.stringify(typed(form));
  const copy = store.get(key);

  if (copy && JSON.stringify(copy.fields) !== opened) {
    const main = document.querySelector("main");
    const offer = banner(
      copy.at,
      () => {
        restore(form, copy.fields);
        // What the page now holds is not saved: leaving asks first (unsaved-changes.js).
        form.dataset.warnUnsaved = "pending";
        offer.remove();
        firstField(form)?.focus();
      },
      () => {
        store.remove(key);
        offer.remove();
        firstField(form)?.focus();
      },
    );
    const banners = [...main.children].filter((child) =>
      child.matches(".govuk-notification-banner"),
    );
    if (banners.length) banners.at(-1).after(offer);
    else main.prepend(offer);
  } else if (copy && !pending()) {
    store.remove(key); // the page already shows it, saved
  }

  let timer = null;
  const write = () => {
    clearTimeout(timer);
    timer = null;
    const fields = typed(form);
    if (JSON.stringify(fields) === opened && !pending()) store.remove(key);
    else store.set(key, { at: Date.now(), fields });
  };
  const later = (event) => {
    // Only the person's own typing; not what a script puts in a field.
    if (!event.isTrusted) return;
    clearTimeout(timer);
    timer = setTimeout(write, 500);
  };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  window.addEventListener("pagehide", () => timer && write());
  form.addEventListener("submit", () => {
    if (timer) write();
    // Dropped on the next page if it says the save went through.
    try {
      sessionStorage.setItem(SUBMITTED, key);
    } catch {
      // storage turned off
    }
  });
}

/** Drops the copy of a form just saved, and copies older than KEEP_FOR. */
function tidy() {
  try {
    const submitted = sessionStorage.getItem(SUBMITTED);
    sessionStorage.removeItem(SUBMITTED);
    if (submitted && document.querySelector("[data-typing-saved]")) store.remove(submitted);
    for (let i = localStorage.length - 1; i >= 0; i -= 1) {
      const key = localStorage.key(i);
      if (key.startsWith(PREFIX) && !(Date.now() - (store.get(key)?.at || 0) < KEEP_FOR)) {
        store.remove(key);
      }
    }
  } catch {
    // storage turned off
  }
}

/**
 * Signing out on purpose drops the person's copies: on a shared computer the next person must
 * not find them (confidential text included). A session that merely ends keeps them, to be
 * offered back after signing in again.
 */
function forgetOnSignOut(root) {
  const form = root.querySelector("form[data-forgets-typing]");
  if (!form) return;
  form.addEventListener("submit", () => {
    const mine = `${PREFIX}${form.dataset.forgetsTyping}:`;
    try {
      for (let i = localStorage.length - 1; i >= 0; i -= 1) {
        const key = localStorage.key(i);
        if (key.startsWith(mine)) store.remove(key);
      }
    } catch {
      // storage turned off
    }
  });
}

export function initTypingCopy(root = document) {
  tidy();
  forgetOnSignOut(root);
  for (const form of root.querySelectorAll("form[data-keep-typing]")) {
    if (form.elements.typed_by) keep(form);
  }
}
