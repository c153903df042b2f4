// Draws the dashboard's plotly figures (JSON from /dashboard/figures.json) with the vendored plotly.js,
// each with a table of its data (charts.js) that a screen reader can read.
(function () {
  "use strict";
  const container = document.getElementById("dashboard");
  if (!container || !window.CsdrCharts) {
    return;
  }
  const charts = window.CsdrCharts;
  const config = { topojsonURL: container.dataset.topojsonUrl };

  function card(figure) {
    const column = document.createElement("div");
    column.className = figure.id === "world_map" ? "col-12" : "col-lg-6";
    const box = document.createElement("figure");
    box.className = "card card-body mb-0";
    const plot = document.createElement("div");
    plot.className = "dashboard-plot";
    plot.id = "plot-" + figure.id.replace(/[^a-z0-9_-]/gi, "-");
    plot.setAttribute("role", "img");
    plot.setAttribute("aria-label", charts.title(figure));
    box.appendChild(plot);
    box.appendChild(charts.dataTable(figure, container.dataset.tableLabel || "Data table", container.dataset.emptyLabel));
    column.appendChild(box);
    container.appendChild(column);
    return plot;
  }

  Promise.all([
    charts.loadPlotly(container.dataset.plotlySrc),
    fetch(container.dataset.figuresUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      }),
  ])
    .then(([, payload]) => {
      document.getElementById("dashboard-loading").remove();
      // One chart at a time, letting the browser paint between them: the first shows as soon as it can.
      // The map goes last: it waits for its map data, and it is the slowest to draw.
      const plots = payload.figures.map((figure) => [card(figure), figure]);
      plots.push(plots.shift());
      return plots.reduce((previous, [plot, figure]) => previous
        .then(() => new Promise((resolve) => window.requestAnimationFrame(resolve)))
        .then(() => charts.draw(plot, figure, config)), Promise.resolve());
    })
    .catch((error) => {
      document.getElementById("dashboard-loading").textContent = (container.dataset.errorLabel || "The charts could not be loaded") + " (" + error.message + ").";
    });
})();
