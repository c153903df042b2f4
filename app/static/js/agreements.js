// The agreement form: license terms only for data-use licenses; more party rows on demand.
(() => {
  const form = document.getElementById("agreement-form");
  if (!form) {
    return;
  }
  const kind = form.querySelector("select[name=kind]");
  const terms = document.getElementById("license-terms");
  const sync = () => {
    terms.hidden = kind.value !== terms.dataset.kind;
  };
  kind.addEventListener("change", sync);
  sync();

  const add = form.querySelector("[data-add-party]");
  add.hidden = false;
  add.addEventListener("click", () => {
    const rows = form.querySelectorAll(".party-row");
    const last = rows[rows.length - 1];
    const copy = last.cloneNode(true);
    const index = rows.length;
    copy.querySelectorAll("select").forEach((select) => {
      select.name = select.name.replace(/^parties-\d+-/, `parties-${index}-`);
      select.id = select.name;
      select.value = select.name.endsWith("-role") ? "partner" : "";
    });
    last.after(copy);
  });
})();
