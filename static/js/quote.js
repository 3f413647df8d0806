// Instant quote (templates/orders/quote.html): the price follows the form as it changes; the
// material list shows only what the chosen service can use, and painting shows its own options
// instead of the machining ones; a refusal clears the old price and lead time and says in words
// what to change.
(() => {
  const form = document.getElementById("quote-form");
  const price = document.getElementById("quote-price");
  const cycle = document.getElementById("quote-cycle");
  const errors = document.getElementById("quote-errors");
  const place = document.getElementById("place-order");
  const service = form.elements.service_id;
  const material = form.elements.material_id;
  const usable = JSON.parse(document.getElementById("materials-by-service").textContent);
  const painting = new Set(JSON.parse(document.getElementById("painting-services").textContent));
  const PAINT_FIELDS = ["paint_type", "paint_prepare", "paint_primer", "paint_lakery"];
  const MACHINING_FIELDS = ["material_form", "tolerance_id", "finish_id"];
  let pending;

  function offerMaterials() {
    const allowed = new Set(usable[service.value] || []);
    for (const option of material.options) {
      const shown = option.value === "" || allowed.has(option.value);
      option.hidden = !shown;
      option.disabled = !shown;
    }
    if (material.selectedOptions[0] && material.selectedOptions[0].disabled) material.value = "";
  }

  function showErrors(sentences) {
    errors.replaceChildren(...sentences.map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    }));
  }

  async function refresh() {
    const response = await fetch(form.dataset.priceUrl, {method: "POST", body: new FormData(form)});
    const body = await response.json();
    if (response.ok) {
      price.textContent = body.total_price_text;  // formatted by the server in the page's language
      cycle.textContent = body.manufacturing_cycle_text ? "· " + body.manufacturing_cycle_text : "";
      showErrors([]);
      place.disabled = false;
    } else {
      price.textContent = "—";
      cycle.textContent = "";
      showErrors(body.errors || [form.dataset.priceFailed]);
      place.disabled = true;  // nothing to order until the form prices (the server refuses it too)
    }
  }

  // A field that does not apply is hidden with its label and disabled, so it is not sent.
  function showOptions() {
    const paints = painting.has(service.value);
    for (const [names, shown] of [[PAINT_FIELDS, paints], [MACHINING_FIELDS, !paints]]) {
      for (const name of names) {
        const field = form.elements[name];
        field.hidden = !shown;
        field.disabled = !shown;
        const label = form.querySelector(`label[for="${field.id}"]`);
        if (label) label.hidden = !shown;
      }
    }
  }

  service.addEventListener("change", () => { offerMaterials(); showOptions(); });
  form.addEventListener("input", () => { clearTimeout(pending); pending = setTimeout(refresh, 200); });
  offerMaterials();
  showOptions();
  refresh();
})();
