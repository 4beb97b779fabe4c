// The reference scheme page's live preview: as the administrator types a pattern or picks when
// numbers restart, the server works out the next three references (the page shows them for
// the saved scheme without JavaScript).

export function initReferencePreview(root = document) {
  const box = root.querySelector("[data-reference-preview]");
  if (!box) return;
  const form = box.closest("main").querySelector("form");
  const result = box.querySelector("[data-reference-preview-result]");
  if (!form || !result) return;
  let timer = null;
  let asked = 0;

  async function update() {
    const query = new URLSearchParams();
    query.set("reference_pattern", form.elements.reference_pattern.value);
    const resets = form.querySelector("input[name=sequence_resets]:checked");
    if (resets) query.set("sequence_resets", resets.value);
    const ask = ++asked;
    let answer;
    try {
      const response = await fetch(`${box.dataset.referencePreview}?${query}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) return;
      answer = await response.json();
    } catch {
      return; // the preview on the page stays as it was
    }
    if (ask !== asked) return; // a later question is on its way
    if (answer.message) {
      const paragraph = document.createElement("p");
      paragraph.className = "govuk-body";
      paragraph.textContent = answer.message;
      result.replaceChildren(paragraph);
      return;
    }
    const list = document.createElement("ol");
    list.className = "govuk-list";
    for (const reference of answer.references) {
      const item = document.createElement("li");
      const code = document.createElement("code");
      code.textContent = reference;
      item.append(code);
      list.append(item);
    }
    result.replaceChildren(list);
  }

  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(update, 250);
  };
  form.elements.reference_pattern.addEventListener("input", later);
  for (const radio of form.querySelectorAll("input[name=sequence_resets]")) {
    radio.addEventListener("change", later);
  }
}
