// Print-farm dashboard (templates/admin/printshop/dashboard.html): the printer cards follow the
// printers' reports without a reload. Every few seconds the page asks its staff-only JSON route for
// fresh cards and writes their texts in; a printer added since gets a card from the <template>, a
// removed one loses its card. All texts come translated from the server; this file has none.
(() => {
  const section = document.getElementById("farm-printers");
  if (!section) return;
  const url = section.dataset.url;
  const every = Math.max(2, Number(section.dataset.every) || 5) * 1000;
  const cards = section.querySelector("[data-cards]");
  const template = section.querySelector("[data-card-template]");
  const summary = section.querySelector("[data-summary]");
  const updated = section.querySelector("[data-updated]");
  const lost = section.querySelector("[data-lost-note]");
  let timer;

  function fill(card, printer) {
    card.dataset.printer = printer.id;
    card.dataset.status = printer.status;
    for (const field of card.querySelectorAll("[data-field]")) {
      field.textContent = printer[field.dataset.field] ?? "";
    }
    for (const link of card.querySelectorAll("[data-href]")) {
      link.href = printer[link.dataset.href];
    }
    card.querySelector("[data-progress]").value = printer.progress ?? 0;
  }

  function render(answer) {
    const existing = new Map([...cards.querySelectorAll("[data-printer]")].map((card) => [card.dataset.printer, card]));
    const ordered = answer.printers.map((printer) => {
      const card = existing.get(String(printer.id)) || template.content.firstElementChild.cloneNode(true);
      fill(card, printer);
      return card;
    });
    if (ordered.length) cards.replaceChildren(...ordered);
    else for (const card of existing.values()) card.remove();
    summary.textContent = answer.summary;
    updated.textContent = answer.updated;
  }

  async function poll() {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      render(await response.json());
      lost.hidden = true;
    } catch {
      lost.textContent = section.dataset.lost;
      lost.hidden = false;
    }
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    if (!document.hidden) timer = setTimeout(poll, every);
  }

  document.addEventListener("visibilitychange", () => (document.hidden ? clearTimeout(timer) : poll()));
  schedule();
})();
