// Draws plotly figures sent as JSON (no inline scripts: the CSP forbids them), each followed by a
// table of its data for screen readers and for anyone who prefers numbers. plotly.js (400 kB
// compressed) is loaded only when a chart is to be drawn: on the node page when its chart is opened.
(function () {
  "use strict";
  const CONFIG = { displayModeBar: false, displaylogo: false, responsive: true };
  let loading = null;

  function loadPlotly(src) {
    if (window.Plotly) {
      return Promise.resolve(window.Plotly);
    }
    if (!loading) {
      loading = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = src;
        script.onload = () => resolve(window.Plotly);
        script.onerror = () => reject(new Error("plotly.js could not be loaded"));
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function titleOf(figure) {
    const title = figure.layout && figure.layout.title;
    return (title && (title.text || title)) || "";
  }

  // One row per category (or country, or slice), one column per trace.
  function columnsOf(figure) {
    return figure.data.map((trace, i) => {
      const name = trace.name || (trace.type === "choropleth" ? "" : "Series " + (i + 1));
      if (trace.type === "pie") {
        return { name: name || "Value", keys: trace.labels || [], values: trace.values || [] };
      }
      if (trace.type === "choropleth") {
        return { name: name || "Value", keys: trace.text || trace.locations || [], values: trace.z || [] };
      }
      const horizontal = trace.orientation === "h";
      return { name: name, keys: (horizontal ? trace.y : trace.x) || [], values: (horizontal ? trace.x : trace.y) || [] };
    });
  }

  function cell(tag, text, scope) {
    const element = document.createElement(tag);
    element.textContent = text === null || text === undefined ? "" : String(text);
    if (scope) {
      element.scope = scope;
    }
    return element;
  }

  function dataTable(figure, label, emptyLabel) {
    const columns = columnsOf(figure);
    const keys = [];
    columns.forEach((column) => column.keys.forEach((key) => { if (!keys.includes(key)) { keys.push(key); } }));
    const details = document.createElement("details");
    details.className = "chart-data mt-2";
    details.appendChild(cell("summary", label));
    const wrapper = document.createElement("div");
    wrapper.className = "table-responsive";
    const table = document.createElement("table");
    table.className = "table table-sm";
    table.appendChild(cell("caption", titleOf(figure)));
    const head = table.createTHead().insertRow();
    head.appendChild(cell("th", "", "col"));
    columns.forEach((column) => head.appendChild(cell("th", column.name, "col")));
    const body = table.createTBody();
    keys.forEach((key) => {
      const row = body.insertRow();
      row.appendChild(cell("th", key, "row"));
      columns.forEach((column) => {
        const at = column.keys.indexOf(key);
        const td = cell("td", at < 0 ? "" : column.values[at]);
        td.className = "text-end";
        row.appendChild(td);
      });
    });
    if (!keys.length) {
      const td = cell("td", emptyLabel || "No data");
      td.colSpan = columns.length + 1;
      body.insertRow().appendChild(td);
    }
    wrapper.appendChild(table);
    details.appendChild(wrapper);
    return details;
  }

  // Draws one figure into element; the layout keeps room above the plot so nothing covers its title.
  function draw(element, figure, config) {
    const layout = Object.assign({}, figure.layout);
    return window.Plotly.newPlot(element, figure.data, layout, Object.assign({}, CONFIG, config || {}))
      .then(() => element.setAttribute("data-plotly-drawn", "true"));
  }

  window.CsdrCharts = { loadPlotly: loadPlotly, draw: draw, dataTable: dataTable, title: titleOf };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-plotly-src] [data-plotly-figure]").forEach((element) => {
      const holder = element.closest("[data-plotly-src]");
      const start = () => loadPlotly(holder.dataset.plotlySrc)
        .then(() => draw(element, JSON.parse(element.dataset.plotlyFigure)))
        .catch((error) => { element.textContent = error.message; });
      if (holder.tagName === "DETAILS" && !holder.open) {
        holder.addEventListener("toggle", () => { if (holder.open && !element.dataset.plotlyDrawn) { start(); } }, { once: true });
      } else {
        start();
      }
    });
  });
})();
