// Keeping the session going while someone types, and GOV.UK's timeout warning before it ends.
//
// A session ends after SESSION_COOKIE_AGE without a request, and typing sends none. On a page
// with a form marked data-keep-typing, typing calls the keep-alive address (at most every
// KEEP_ALIVE_EVERY, so a page left alone still lets the session end), and shortly before the
// session would end a dialog (templates/_session_timeout.html) offers to stay signed in. If it
// ends all the same, the dialog says so: the typing stays on the page, and a save then goes
// through the sign-in (commissioning/held_typing.py).
//
// The page knows how long the session has from the server (the body's data-session-seconds,
// then each keep-alive's answer), counted on this browser's clock. Every signed-in page records
// when the session now ends, so a page left open in one tab knows about requests made in
// another and does not warn, or say "signed out", while the person works elsewhere.

const KEEP_ALIVE_EVERY = 2 * 60 * 1000;
const WARN_BEFORE = 5 * 60 * 1000;
const ENDS_KEY = "session-ends";

function recordedEnd() {
  try {
    return Number(localStorage.getItem(ENDS_KEY)) || 0;
  } catch {
    return 0; // storage turned off: this page's own count still works
  }
}

function recordEnd(ends) {
  try {
    if (ends > recordedEnd()) localStorage.setItem(ENDS_KEY, String(ends));
  } catch {
    // as above
  }
}

function inWords(milliseconds) {
  const seconds = Math.max(0, Math.ceil(milliseconds / 1000));
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

class SessionTimeout {
  constructor(form, dialog, seconds, url) {
    this.dialog = dialog;
    this.url = url;
    this.token = form.elements.csrfmiddlewaretoken?.value || "";
    this.ends = Date.now() + seconds * 1000;
    // Five minutes' warning before a two-hour session ends; less before a short one.
    this.warnBefore = Math.min(WARN_BEFORE, (seconds * 1000) / 4);
    this.keptAliveAt = Date.now(); // opening the page was a request
    this.ended = false;
    this.warning = dialog.querySelector("[data-timeout-warning]");
    this.endedState = dialog.querySelector("[data-timeout-ended]");
    this.countdown = dialog.querySelector("[data-countdown]");
    this.stay = dialog.querySelector("[data-stay]");

    form.addEventListener("input", (event) => this.onTyping(event));
    form.addEventListener("change", (event) => this.onTyping(event));
    this.stay.addEventListener("click", () => this.stayHere());
    dialog.querySelector("[data-close]").addEventListener("click", () => dialog.close());
    // Escape in the warning means "stay signed in", as any other answer but "Sign out" would;
    // once signed out, it closes the message.
    dialog.addEventListener("cancel", (event) => {
      if (!this.ended) {
        event.preventDefault();
        this.stayHere();
      }
    });
    dialog.addEventListener("close", () => this.returnFocus?.focus());
    setInterval(() => this.tick(), 1000);
  }

  onTyping(event) {
    if (!event.isTrusted || this.ended) return;
    if (Date.now() - this.keptAliveAt > KEEP_ALIVE_EVERY) this.keepAlive();
  }

  /** Asks the server to keep the session going; true if it did. */
  async keepAlive() {
    this.keptAliveAt = Date.now();
    let response;
    try {
      response = await fetch(this.url, {
        method: "POST",
        headers: { "X-CSRFToken": this.token, Accept: "application/json" },
        credentials: "same-origin",
        redirect: "manual",
      });
    } catch {
      return false; // offline for a moment: the next keystroke tries again
    }
    if (response.status === 401) {
      this.end();
      return false;
    }
    // Anything else (a token from before the person signed in again in another tab, a server
    // error) leaves the count as it is.
    if (!response.ok) return false;
    const answer = await response.json();
    this.ends = Date.now() + answer.seconds_left * 1000;
    recordEnd(this.ends);
    return true;
  }

  tick() {
    if (this.ended) return;
    const left = Math.max(this.ends, recordedEnd()) - Date.now();
    if (left <= 0) this.end();
    else if (left <= this.warnBefore) this.warn(left);
    else if (this.dialog.open) this.dialog.close(); // kept going from another tab
  }

  open() {
    if (this.dialog.open) return;
    this.returnFocus = document.activeElement;
    this.dialog.showModal();
  }

  warn(left) {
    this.countdown.textContent = inWords(left);
    if (!this.dialog.open) {
      this.open();
      this.stay.focus();
    }
  }

  async stayHere() {
    if (await this.keepAlive()) this.dialog.close();
  }

  end() {
    this.ended = true;
    this.warning.hidden = true;
    this.endedState.hidden = false;
    this.dialog.setAttribute("aria-labelledby", "session-timeout-ended-heading");
    this.dialog.setAttribute("aria-describedby", "session-timeout-ended-text");
    this.open();
    this.dialog.querySelector("[data-close]").focus();
  }
}

export function initSessionTimeout(root = document) {
  const seconds = Number(document.body.dataset.sessionSeconds);
  if (!seconds) return; // signed out
  recordEnd(Date.now() + seconds * 1000);
  const form = root.querySelector("form[data-keep-typing]");
  const dialog = root.querySelector("dialog[data-session-timeout]");
  if (!form || !dialog || typeof dialog.showModal !== "function") return;
  new SessionTimeout(form, dialog, seconds, document.body.dataset.keepAlive);
}
