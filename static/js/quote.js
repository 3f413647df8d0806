// Instant quote (templates/orders/quote.html): the price follows the form as it changes; the
// material list shows only what the chosen service can use; a refusal clears the old price and
// lead time and says in words what to change.
(() => {
  const form = document.getElementById("quote-form");
  const price = document.getElementById("quote-price");
  const cycle = document.getElementById("quote-cycle");
  const errors = document.getElementById("quote-errors");
  const place = document.getElementById("place-order");
  const service = form.elements.service_id;
  const material = form.elements.material_id;
  const usable = JSON.parse(document.getElementById("materials-by-service").textContent);
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

  service.addEventListener("change", offerMaterials);
  form.addEventListener("input", () => { clearTimeout(pending); pending = setTimeout(refresh, 200); });
  offerMaterials();
  refresh();
})();
