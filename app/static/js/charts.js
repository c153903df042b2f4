// Draws the plotly figures a page carries as JSON in data-plotly-figure (no inline scripts: the CSP forbids them).
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Plotly === "undefined") {
    return;
  }
  document.querySelectorAll("[data-plotly-figure]").forEach((element) => {
    const figure = JSON.parse(element.dataset.plotlyFigure);
    Plotly.newPlot(element, figure.data, figure.layout, { displaylogo: false, responsive: true })
      .then(() => element.setAttribute("data-plotly-drawn", "true"));
  });
});
