// The case form's tag picker: type "11.5", "B-1" or "disaster", choose a suggestion, and the
// code joins the SDG, Sendai or Paris field. Suggestions come from the JSON endpoint named in
// data-source. Without script the three fields stay as plain text inputs for codes.
(() => {
  const picker = document.querySelector("[data-tag-picker]");
  if (!picker || !window.fetch) {
    return;
  }
  const LABELS = { sdg: "SDG", sendai: "Sendai", paris: "Paris" };
  const ui = picker.querySelector("[data-picker-ui]");
  const search = picker.querySelector("#tag-search");
  const options = picker.querySelector("#tag-options");
  const chips = picker.querySelector("[data-chips]");
  const fields = {
    sdg: picker.querySelector("input[name=sdg]"),
    sendai: picker.querySelector("input[name=sendai]"),
    paris: picker.querySelector("input[name=paris]"),
  };
  let active = -1;
  let items = [];
  let timer = null;
  let sequence = 0;

  ui.classList.remove("d-none");
  picker.querySelector("[data-code-fields]").classList.add("d-none");
  picker.querySelector("[data-picker-errors]").classList.remove("d-none");

  const codesOf = (vocabulary) => fields[vocabulary].value.split(/[,;\s]+/).filter(Boolean);
  const setCodes = (vocabulary, codes) => {
    fields[vocabulary].value = codes.join(", ");
  };

  function chip(item) {
    const li = document.createElement("li");
    li.className = "tag-chip";
    li.dataset.vocabulary = item.vocabulary;
    li.dataset.code = item.code;
    const code = document.createElement("span");
    code.className = "fw-bold";
    code.textContent = `${LABELS[item.vocabulary]} ${item.code}`;
    const title = document.createElement("span");
    title.className = "tag-chip-title";
    title.textContent = item.short_title || item.title || "";
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn-close btn-sm";
    remove.dataset.remove = "";
    remove.setAttribute("aria-label", `${picker.dataset.removeLabel} ${code.textContent}`);
    li.append(code, " ", title, " ", remove);
    return li;
  }

  function choose(item) {
    const codes = codesOf(item.vocabulary);
    if (!codes.includes(item.code)) {
      setCodes(item.vocabulary, codes.concat(item.code));
      chips.appendChild(chip(item));
    }
    search.value = "";
    close();
    search.focus();
  }

  function close() {
    options.classList.add("d-none");
    options.replaceChildren();
    search.setAttribute("aria-expanded", "false");
    search.removeAttribute("aria-activedescendant");
    items = [];
    active = -1;
  }

  function highlight(index) {
    const nodes = options.querySelectorAll("[role=option]");
    nodes.forEach((node, i) => {
      node.classList.toggle("active", i === index);
      node.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (nodes[index]) {
      search.setAttribute("aria-activedescendant", nodes[index].id);
      nodes[index].scrollIntoView({ block: "nearest" });
    }
  }

  function show(found) {
    items = found;
    options.replaceChildren();
    if (!found.length) {
      const li = document.createElement("li");
      li.className = "list-group-item text-muted small";
      li.textContent = picker.dataset.emptyLabel;
      options.appendChild(li);
    }
    found.forEach((item, i) => {
      const li = document.createElement("li");
      li.className = "list-group-item list-group-item-action tag-option";
      li.id = `tag-option-${i}`;
      li.setAttribute("role", "option");
      li.dataset.vocabulary = item.vocabulary;
      li.dataset.code = item.code;
      const code = document.createElement("strong");
      code.textContent = `${LABELS[item.vocabulary]} ${item.code}`;
      const title = document.createElement("span");
      title.className = "small ms-2";
      title.textContent = item.short_title ? `${item.short_title} · ${item.title}` : item.title;
      li.append(code, title);
      li.addEventListener("mousedown", (event) => event.preventDefault());
      li.addEventListener("click", () => choose(item));
      options.appendChild(li);
    });
    options.classList.remove("d-none");
    search.setAttribute("aria-expanded", "true");
    active = -1;
  }

  async function lookup(query) {
    const mine = ++sequence;
    const url = new URL(picker.dataset.source, window.location.href);
    url.searchParams.set("q", query);
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok || mine !== sequence) {
        return;
      }
      const body = await response.json();
      if (mine === sequence && search.value.trim() === query) {
        show(body.items);
      }
    } catch (_error) {
      close();
    }
  }

  search.addEventListener("input", () => {
    clearTimeout(timer);
    const query = search.value.trim();
    if (!query) {
      close();
      return;
    }
    timer = setTimeout(() => lookup(query), 150);
  });

  search.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && items.length) {
      event.preventDefault();
      highlight(Math.min(active + 1, items.length - 1));
    } else if (event.key === "ArrowUp" && items.length) {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === "Enter") {
      // Enter in the search box chooses; it never submits the form half-filled.
      event.preventDefault();
      if (items.length) {
        choose(items[Math.max(active, 0)]);
      }
    } else if (event.key === "Escape") {
      close();
    }
  });

  search.addEventListener("blur", () => setTimeout(close, 150));

  chips.addEventListener("click", (event) => {
    const button = event.target.closest("[data-remove]");
    if (!button) {
      return;
    }
    const li = button.closest(".tag-chip");
    const vocabulary = li.dataset.vocabulary;
    setCodes(vocabulary, codesOf(vocabulary).filter((c) => c !== li.dataset.code));
    li.remove();
    search.focus();
  });
})();
