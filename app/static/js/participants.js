// The event form's "participants by country" table: a button adds rows. Without script the
// form still offers three empty rows, and saving it offers three more.
(() => {
  const table = document.querySelector("[data-participant-rows]");
  const button = document.querySelector("[data-add-participant-row]");
  if (!table || !button) {
    return;
  }
  button.classList.remove("d-none");
  button.addEventListener("click", () => {
    const rows = table.querySelectorAll("[data-participant-row]");
    const last = rows[rows.length - 1];
    const copy = last.cloneNode(true);
    const index = rows.length;
    copy.querySelectorAll("select, input").forEach((input) => {
      for (const attr of ["name", "id"]) {
        const value = input.getAttribute(attr);
        if (value) {
          input.setAttribute(attr, value.replace(/-\d+-/, `-${index}-`));
        }
      }
      input.value = "";
      input.classList.remove("is-invalid");
    });
    copy.querySelectorAll(".invalid-feedback").forEach((node) => node.remove());
    table.appendChild(copy);
    copy.querySelector("select").focus();
  });
})();
