// An import batch's page while it is read: the results are fetched again every few seconds and
// put in place (a polite live region announces the counts), until the batch has finished. No
// page reload, so nothing moves under the reader; without JavaScript the page has a Refresh link.

export function initImportProgress(root = document) {
  const region = root.querySelector("[data-import-progress]");
  if (!region || region.dataset.finished === "true") return;
  const every = 3000;

  async function update() {
    let page;
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      if (!response.ok) return setTimeout(update, every);
      page = new DOMParser().parseFromString(await response.text(), "text/html");
    } catch {
      return setTimeout(update, every);
    }
    const fresh = page.querySelector("[data-import-progress]");
    if (!fresh) return;
    region.innerHTML = fresh.innerHTML;
    region.dataset.finished = fresh.dataset.finished;
    if (fresh.dataset.finished !== "true") setTimeout(update, every);
  }

  setTimeout(update, every);
}
