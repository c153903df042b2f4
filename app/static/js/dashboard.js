// Draws the dashboard's charts. The page already holds every number (headline figures, each chart's title
// and data table, and the figures as JSON at its end); this script, run once the page's own styles and
// scripts are in, loads plotly.js, then draws the charts one at a time, those on screen first, letting
// the browser paint between them. The map goes last unless it is in view: only it needs map data, which
// plotly.js fetches when it draws it.
// Performance marks (read by bench/pages.py): "csdr-chart-drawn" after each chart, "csdr-charts-drawn"
// when all are.
(function () {
  "use strict";
  const container = document.getElementById("dashboard");
  if (!container || !window.CsdrCharts) {
    return;
  }
  const charts = window.CsdrCharts;
  const status = document.getElementById("dashboard-loading");
  const config = { topojsonURL: container.dataset.topojsonUrl };
  const queue = Array.from(container.querySelectorAll(".dashboard-plot[data-figure]"));
  const onScreen = new Set();
  const observer = "IntersectionObserver" in window ? new IntersectionObserver((entries) => {
    entries.forEach((entry) => (entry.isIntersecting ? onScreen.add(entry.target) : onScreen.delete(entry.target)));
  }, { rootMargin: "100px" }) : null;
  if (observer) {
    queue.forEach((plot) => observer.observe(plot));
  }

  function mark(name) {
    if (window.performance && window.performance.mark) {
      window.performance.mark(name);
    }
  }

  function nextPlot() {
    const visible = queue.find((plot) => onScreen.has(plot));
    const plot = visible || queue[0];
    queue.splice(queue.indexOf(plot), 1);
    return plot;
  }

  // One chart per animation frame: the browser paints each before the next is drawn.
  function drawAll(figures) {
    if (!queue.length) {
      if (observer) {
        observer.disconnect();
      }
      mark("csdr-charts-drawn");
      return Promise.resolve();
    }
    const plot = nextPlot();
    const figure = figures.get(plot.dataset.figure);
    return new Promise((resolve) => window.requestAnimationFrame(resolve))
      .then(() => {
        if (!figure) {
          return null;
        }
        plot.textContent = "";
        return charts.draw(plot, figure, config).then(() => mark("csdr-chart-drawn"));
      })
      .then(() => drawAll(figures));
  }

  charts.loadPlotly(container.dataset.plotlySrc, container.dataset.plotlyCss)
    .then(() => {
      const payload = JSON.parse(document.getElementById("dashboard-figures").textContent);
      status.remove();
      return drawAll(new Map(payload.map((figure) => [figure.id, figure])));
    })
    .catch((error) => {
      if (status.isConnected) {
        status.textContent = (container.dataset.errorLabel || "The charts could not be loaded") + " (" + error.message + ").";
      }
    });
})();
