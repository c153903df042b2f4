// The agreement form: show the license terms only for data-use licenses.
(() => {
  const kind = document.querySelector("#agreement-form select[name=kind]");
  const terms = document.getElementById("license-terms");
  if (!kind || !terms) {
    return;
  }
  const sync = () => {
    terms.hidden = kind.value !== terms.dataset.kind;
  };
  kind.addEventListener("change", sync);
  sync();
})();
