// Draws every figure on the page from its JSON. Loaded with `defer` on pages that hold a figure
// (page_assets.py), it fetches plotly.js, and the Arabic edition's plotly.js locale, itself, once the page
// has painted its text: fetched and parsed with the page, plotly.js held back the first paint.
"use strict";
(() => {
// Below this width a figure takes the layout changes its `layout.meta.narrow` names (figures.py), such
// as upright column names in a matrix. Decided once, when the figure is drawn.
const NARROW_PX = 500;
// This script's tag names plotly.js and, on the Arabic edition's pages, its locale (page_assets.py), by
// URLs relative to this script.
const tag = document.currentScript || document.querySelector("script[data-plotly]");
const url = (path) => new URL(path, tag.src);

// Fetched at once, they run in the order inserted (not async): the locale registers itself with Plotly.
const load = (path) => new Promise((resolve, reject) => {
  const script = document.createElement("script");
  script.src = url(path);
  script.async = false;
  script.onload = resolve;
  script.onerror = () => reject(new Error(`${script.src} did not load`));
  document.head.appendChild(script);
});

// Resolves once the page has painted its first text, or at once if it has already, if nothing is on
// screen to hold back (a page opened in a background tab or prerendered), or if the browser does not
// report paints; and after 3 s whatever happens, so that a paint never reported cannot leave the page
// without its figures.
const painted = () => new Promise((resolve) => {
  const fcp = () => performance.getEntriesByName("first-contentful-paint").length > 0;
  if (document.visibilityState !== "visible" || document.prerendering || fcp()) return resolve();
  setTimeout(resolve, 3000);
  try {
    new PerformanceObserver((list, observer) => {
      if (list.getEntriesByName("first-contentful-paint").length) {
        observer.disconnect();
        resolve();
      }
    }).observe({ type: "paint", buffered: true });
  } catch {
    resolve(); // no PerformanceObserver, or none that observes paints
  }
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

// plotly.js is inserted first, so that it runs first. Without its locale a figure is still drawn, in
// English; without plotly.js none is, and the console says why. Plotly measures its labels when it draws:
// wait for the web fonts (the Arabic edition's Noto Naskh Arabic), or labels measured in a fallback font
// are clipped once the real one arrives.
painted()
  .then(() => {
    if (!tag.dataset.plotly) throw new Error("figures.js: its script tag names no plotly.js (data-plotly)");
    const plotly = load(tag.dataset.plotly);
    const locale = tag.dataset.locale ? load(tag.dataset.locale).catch(console.warn) : null;
    return Promise.all([plotly, locale]);
  })
  .then(() => document.fonts.ready)
  .then(draw)
  .catch(console.error);
})();
