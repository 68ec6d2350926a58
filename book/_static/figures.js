// Draws every figure on the page from its JSON. Loaded with `defer` right after the deferred plotly.js
// (page_assets.py), so Plotly is defined here and the page's text has been parsed and painted first.
"use strict";
// Below this width a figure takes the layout changes its `layout.meta.narrow` names (figures.py), such
// as upright column names in a matrix. Decided once, when the figure is drawn.
const NARROW_PX = 500;
// Plotly measures its labels when it draws: wait for the web fonts (the Arabic edition's Noto Naskh
// Arabic), or labels measured in a fallback font are clipped once the real one arrives.
document.fonts.ready.then(() => {
for (const spec of document.querySelectorAll("script.plotly-figure")) {
  const figure = JSON.parse(spec.textContent);
  const gd = document.getElementById(spec.dataset.target);
  const narrow = (figure.layout.meta || {}).narrow;
  if (narrow && gd.clientWidth < NARROW_PX) {
    for (const [path, value] of Object.entries(narrow)) {
      const keys = path.split(".");
      const parent = keys.slice(0, -1).reduce((node, key) => (node[key] = node[key] || {}), figure.layout);
      parent[keys[keys.length - 1]] = value;
    }
  }
  // The Arabic edition's pages load plotly.js's Arabic locale (page_assets.py).
  const locale = document.documentElement.lang === "ar" ? { locale: "ar" } : {};
  // figure-theme.js repaints a figure for the page's theme only once this first drawing is complete: a
  // repaint made while it is under way (a map waits for its outlines) would be drawn over in light ink.
  Plotly.newPlot(gd, figure.data, figure.layout, { ...figure.config, ...locale }).then(() => {
    gd.dataset.bookDrawn = "yes";
    gd.dispatchEvent(new CustomEvent("book-drawn", { bubbles: true }));
  });
}
});
