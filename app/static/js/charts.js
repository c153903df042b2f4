// Draws plotly figures sent as JSON (no inline scripts: the CSP forbids them); each page carries the
// same figures as a table for screen readers and for anyone who prefers numbers. plotly.js (350 kB
// compressed) is loaded only when a chart is to be drawn: on the node page when its chart is opened,
// on the dashboard once the page is up.
(function () {
  "use strict";
  const CONFIG = { displayModeBar: false, displaylogo: false, responsive: true };
  let loading = null;

  // plotly.js's style rules come as a stylesheet (vendored beside it): with this id and class plotly.js
  // injects no inline <style>, which the CSP (style-src 'self') would block.
  function loadStyles(href) {
    if (!href || document.getElementById("plotly.js-style-global")) {
      return;
    }
    const link = document.createElement("link");
    link.id = "plotly.js-style-global";
    link.className = "no-inline-styles";
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  function loadPlotly(src, cssHref) {
    loadStyles(cssHref);
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

  // Draws one figure into element; the layout keeps room above the plot so nothing covers its title.
  function draw(element, figure, config) {
    const layout = Object.assign({}, figure.layout);
    return window.Plotly.newPlot(element, figure.data, layout, Object.assign({}, CONFIG, config || {}))
      .then(() => element.setAttribute("data-plotly-drawn", "true"));
  }

  window.CsdrCharts = { loadPlotly: loadPlotly, draw: draw };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-plotly-src] [data-plotly-figure]").forEach((element) => {
      const holder = element.closest("[data-plotly-src]");
      const start = () => loadPlotly(holder.dataset.plotlySrc, holder.dataset.plotlyCss)
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
