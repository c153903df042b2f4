// Forms: the error summary takes the focus, and what people type is kept in this browser
// (localStorage, per form URL) until the form is saved, so that nothing typed is lost when
// the session expires or the page is closed. Passwords, CSRF tokens, hidden and file inputs
// are never stored. No inline scripts: the CSP forbids them.
(() => {
  "use strict";

  const texts = (document.currentScript && document.currentScript.dataset) || {};
  const PREFIX = "csdr-draft:";
  const PENDING = "csdr-draft-pending";
  const MAX_AGE_MS = 14 * 24 * 3600 * 1000;
  const SKIPPED = new Set(["password", "file", "hidden", "submit", "button", "reset", "image"]);

  // --- the error summary --------------------------------------------------------------
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.scrollIntoView({block: "start"});
    summary.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      const target = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (target) {
        event.preventDefault();
        target.scrollIntoView({block: "center"});
        target.focus();
      }
    });
  }

  // --- local drafts -------------------------------------------------------------------
  let storage;
  try {
    storage = window.localStorage;
    storage.setItem(PREFIX + "probe", "1");
    storage.removeItem(PREFIX + "probe");
  } catch (_error) {
    return; // no storage (private mode, disabled): nothing more to do
  }

  const draftForms = Array.from(document.querySelectorAll("form"))
    .filter((form) => (form.getAttribute("method") || "get").toLowerCase() === "post")
    .filter((form) => !form.hasAttribute("data-no-draft"))
    .filter((form) => !form.querySelector("input[type=password]")); // sign-in and password forms

  // Signing out on purpose leaves nothing typed behind in this browser.
  document.addEventListener("submit", (event) => {
    if (event.target.matches("[data-sign-out]")) {
      for (const key of Object.keys(storage)) {
        if (key.startsWith(PREFIX)) {
          storage.removeItem(key);
        }
      }
    }
  }, true);

  function fields(form) {
    return Array.from(form.elements).filter((el) => el.name && !el.disabled && el.name !== "csrf_token"
      && !SKIPPED.has((el.type || "").toLowerCase()) && el.name !== "version");
  }

  function keyOf(form) {
    const forms = draftForms.filter((f) => f.getAttribute("action") === form.getAttribute("action"));
    const name = form.id || String(forms.indexOf(form));
    return `${PREFIX}${window.location.pathname}${window.location.search}#${form.getAttribute("action") || ""}#${name}`;
  }

  function read(form) {
    const values = {};
    const seen = {};
    for (const el of fields(form)) {
      const n = seen[el.name] = (seen[el.name] || 0) + 1;
      const key = `${el.name}#${n}`;
      if (el.type === "checkbox" || el.type === "radio") {
        values[key] = el.checked;
      } else if (el.tagName === "SELECT" && el.multiple) {
        values[key] = Array.from(el.selectedOptions).map((o) => o.value);
      } else {
        values[key] = el.value;
      }
    }
    return values;
  }

  function write(form, values) {
    const seen = {};
    for (const el of fields(form)) {
      const n = seen[el.name] = (seen[el.name] || 0) + 1;
      const key = `${el.name}#${n}`;
      if (!(key in values)) {
        continue;
      }
      const value = values[key];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = Boolean(value);
      } else if (el.tagName === "SELECT" && el.multiple) {
        for (const option of el.options) {
          option.selected = Array.isArray(value) && value.includes(option.value);
        }
      } else {
        el.value = value;
      }
      el.dispatchEvent(new Event("input", {bubbles: true}));
      el.dispatchEvent(new Event("change", {bubbles: true}));
    }
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function load(key) {
    try {
      const draft = JSON.parse(storage.getItem(key));
      if (draft && draft.values && Date.now() - draft.savedAt < MAX_AGE_MS) {
        return draft;
      }
    } catch (_error) { /* a damaged draft is dropped below */ }
    storage.removeItem(key);
    return null;
  }

  // Landing after a form was sent: a page showing "saved" (the form is gone) means the save
  // went through, so its draft goes; a sign-in page or the same form again keeps it.
  const pending = window.sessionStorage.getItem(PENDING);
  if (pending) {
    window.sessionStorage.removeItem(PENDING);
    const formHere = draftForms.some((form) => keyOf(form) === pending);
    if (!formHere && document.querySelector(".alert-success")) {
      storage.removeItem(pending);
    }
  }

  function offer(form, key, draft) {
    const box = document.createElement("div");
    box.className = "alert alert-info d-flex flex-wrap align-items-center gap-2 draft-offer";
    box.setAttribute("role", "status");
    box.setAttribute("data-draft-offer", "");
    const text = document.createElement("span");
    text.className = "me-auto";
    // In the page's language (<html lang>), like the sentence around it, not the browser's.
    const when = new Date(draft.savedAt).toLocaleString(document.documentElement.lang || undefined,
      { dateStyle: "medium", timeStyle: "short" });
    text.textContent = `${texts.draftText || "You have unsaved changes to this form, typed in this browser on"} ${when}.`;
    const restore = document.createElement("button");
    restore.type = "button";
    restore.className = "btn btn-sm btn-primary";
    restore.textContent = texts.draftRestore || "Restore them";
    restore.setAttribute("data-draft-restore", "");
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-sm btn-outline-secondary";
    discard.textContent = texts.draftDiscard || "Discard";
    restore.addEventListener("click", () => {
      write(form, draft.values);
      box.remove();
      const first = fields(form)[0];
      if (first) {
        first.focus();
      }
    });
    discard.addEventListener("click", () => {
      storage.removeItem(key);
      box.remove();
    });
    box.append(text, restore, discard);
    form.prepend(box);
  }

  for (const form of draftForms) {
    if (!fields(form).length) {
      continue; // a button-only form (archive, delete, sign out)
    }
    const key = keyOf(form);
    const draft = load(key);
    if (draft && !same(draft.values, read(form))) {
      offer(form, key, draft);
    }
    let timer = null;
    const save = () => {
      timer = null;
      storage.setItem(key, JSON.stringify({savedAt: Date.now(), values: read(form)}));
    };
    const later = () => {
      if (timer === null) {
        timer = window.setTimeout(save, 300);
      }
    };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("submit", () => {
      if (timer !== null) {
        window.clearTimeout(timer);
      }
      save();
      window.sessionStorage.setItem(PENDING, key);
    });
  }
})();
