// Draws every figure on the page from its JSON. Loaded with `defer` on pages that hold a figure
// (page_assets.py), it fetches plotly.js, and the Arabic edition's plotly.js locale, itself, once the page
// has painted its text: fetched and parsed with the page, plotly.js held back the first paint.
"use strict";
(() => {
// Below this width a figure takes the layout changes its `layout.meta.narrow` names (figures.py), such
// as upright column names in a matrix. Decided once, when the figure is drawn.
const NARROW_PX = 500;
// plotly.js, then the edition's locale if it has one (its data attributes, relative to this script).
const self = document.currentScript;
const scripts = [self.dataset.plotly, self.dataset.locale].filter(Boolean).map((path) => new URL(path, self.src));

const load = (url) => new Promise((resolve, reject) => {
  const script = document.createElement("script");
  script.src = url;
  script.onload = resolve;
  script.onerror = () => reject(new Error(`${url} did not load`));
  document.head.appendChild(script);
});

// Resolves once the page has painted its first text: at once if it already has, or if the browser does
// not report paints.
const painted = () => new Promise((resolve) => {
  if (!(PerformanceObserver.supportedEntryTypes || []).includes("paint")) return resolve();
  new PerformanceObserver((list, observer) => {
    if (list.getEntriesByName("first-contentful-paint").length) {
      observer.disconnect();
      resolve();
    }
  }).observe({ type: "paint", buffered: true });
});

const draw = () => {
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
    // The Arabic edition's pages load plotly.js's Arabic locale (above).
    const locale = document.documentElement.lang === "ar" ? { locale: "ar" } : {};
    // figure-theme.js repaints a figure for the page's theme only once this first drawing is complete: a
    // repaint made while it is under way (a map waits for its outlines) would be drawn over in light ink.
    Plotly.newPlot(gd, figure.data, figure.layout, { ...figure.config, ...locale }).then(() => {
      gd.dataset.bookDrawn = "yes";
      gd.dispatchEvent(new CustomEvent("book-drawn", { bubbles: true }));
    });
  }
};

// Plotly measures its labels when it draws: wait for the web fonts (the Arabic edition's Noto Naskh
// Arabic), or labels measured in a fallback font are clipped once the real one arrives.
painted()
  .then(() => scripts.reduce((loaded, url) => loaded.then(() => load(url)), Promise.resolve()))
  .then(() => document.fonts.ready)
  .then(draw);
})();
