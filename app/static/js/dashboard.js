// Draws the dashboard's plotly figures (JSON from /dashboard/figures.json) with the locally served plotly.js.
(function () {
  const container = document.getElementById("dashboard");
  if (!container || typeof Plotly === "undefined") {
    return;
  }
  const config = {
    responsive: true,
    displaylogo: false,
    topojsonURL: container.dataset.topojsonUrl,
  };

  function card(figure) {
    const column = document.createElement("div");
    column.className = figure.id === "world_map" ? "col-12" : "col-lg-6";
    const box = document.createElement("div");
    box.className = "card card-body";
    const plot = document.createElement("div");
    plot.className = "dashboard-plot";
    plot.id = "plot-" + figure.id.replace(/[^a-z0-9_-]/gi, "-");
    box.appendChild(plot);
    column.appendChild(box);
    container.appendChild(column);
    return plot;
  }

  fetch(container.dataset.figuresUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    })
    .then((payload) => {
      document.getElementById("dashboard-loading").remove();
      payload.figures.forEach((figure) => {
        Plotly.newPlot(card(figure), figure.data, figure.layout, config);
      });
    })
    .catch((error) => {
      const loading = document.getElementById("dashboard-loading");
      loading.textContent = loading.dataset.failed + " (" + error.message + ")"; // the page's language
    });
})();
