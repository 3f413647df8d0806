// Configure page (templates/configurator/configure.html): live price, weight and problems as answers change.
(() => {
  const form = document.getElementById("configure-form");
  const price = document.getElementById("config-price");
  const weight = document.getElementById("config-weight");
  const technical = document.getElementById("config-technical");
  const note = document.getElementById("config-note");
  let pending, latest = 0;
  function show(body) {
    form.querySelectorAll("[data-problems-for]").forEach((el) => {
      el.textContent = (body.problems[el.dataset.problemsFor] || []).join(" ");
    });
    form.querySelectorAll("[data-node]").forEach((el) => {
      el.classList.toggle("unavailable", body.unavailable.includes(Number(el.dataset.node)));
    });
    price.textContent = body.valid ? body.total_price_text : "—";
    weight.textContent = body.valid ? body.calculated_weight_text : "—";
    note.textContent = body.valid ? "" : form.dataset.invalidNote;
    technical.replaceChildren(...Object.entries(body.valid ? body.technical_data : {}).flatMap(([name, value]) => {
      const term = document.createElement("dt"), detail = document.createElement("dd");
      term.textContent = name; detail.textContent = value;
      return [term, detail];
    }));
  }
  async function refresh() {
    const request = ++latest;
    try {
      const response = await fetch(form.dataset.priceUrl, {method: "POST", body: new FormData(form)});
      const body = await response.json();
      if (request === latest) show(body);  // an older answer must not overwrite a newer one
    } catch (error) {
      if (request === latest) note.textContent = form.dataset.failedNote;
    }
  }
  form.addEventListener("input", () => { clearTimeout(pending); pending = setTimeout(refresh, 150); });
  refresh();
})();
