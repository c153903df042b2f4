// Shared page behaviour; no inline scripts (the CSP forbids them).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

// A select marked data-autosubmit (the language switch) sends its form when changed.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) {
    select.form.requestSubmit();
  }
});

// This file runs right after Bootstrap's script: from here the navbar's menus open. bench/pages.py reads
// this mark as the moment the page can be used.
if (window.performance && window.performance.mark) {
  window.performance.mark("csdr-interactive");
}
