// Draws every figure on the page from its JSON. Loaded with `defer` right after the deferred plotly.js
// (page_assets.py), so Plotly is defined here and the page's text has been parsed and painted first.
"use strict";
for (const spec of document.querySelectorAll("script.plotly-figure")) {
  const figure = JSON.parse(spec.textContent);
  Plotly.newPlot(spec.dataset.target, figure.data, figure.layout, figure.config);
}
