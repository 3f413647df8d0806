// Instant quote (templates/orders/quote.html): the price follows the form as it changes.
(() => {
  const form = document.getElementById("quote-form");
  const price = document.getElementById("quote-price");
  const cycle = document.getElementById("quote-cycle");
  const errors = document.getElementById("quote-errors");
  let pending;
  async function refresh() {
    const response = await fetch(form.dataset.priceUrl, {method: "POST", body: new FormData(form)});
    const body = await response.json();
    if (response.ok) {
      price.textContent = body.total_price_text;  // formatted by the server in the page's language
      cycle.textContent = body.manufacturing_cycle_text ? "· " + body.manufacturing_cycle_text : "";
      errors.textContent = "";
    } else {
      price.textContent = "—";
      errors.textContent = Object.entries(body.errors).map(([f, m]) => f + ": " + [].concat(m).join(" ")).join("; ");
    }
  }
  form.addEventListener("input", () => { clearTimeout(pending); pending = setTimeout(refresh, 200); });
  refresh();
})();
