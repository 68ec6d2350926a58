// Figures follow the page's light or dark theme. The figures' JSON is drawn for light mode with
// transparent backgrounds; in dark mode this script recolours their text, grid lines and map borders,
// and it repaints them whenever the reader switches the theme.
(function () {
  "use strict";
  const PALETTE = {
    light: { ink: "#1f2328", muted: "#57606a", grid: "#d8dee4" },
    dark: { ink: "#e6edf3", muted: "#9da7b3", grid: "#3d444d" },
  };
  const mode = () => (document.documentElement.dataset.theme === "dark" ? "dark" : "light");

  function paint(gd) {
    const layout = gd.layout || {};
    const target = mode();
    if (!window.Plotly || !(layout.meta && layout.meta.book_theme)) return;
    // `bookTheme` says a figure is painted for that theme, so it is set only once every change has been
    // drawn (the browser tests wait for it). One paint at a time: `bookThemePending` keeps the redraws a
    // paint causes, each of which fires `plotly_afterplot`, from starting another, and a theme switched
    // during a paint is painted when that paint ends. Two paints at once could finish in either order and
    // leave labels in the other theme's ink.
    if (gd.dataset.bookTheme === target || gd.dataset.bookThemePending) return;
    gd.dataset.bookThemePending = target;
    const colour = PALETTE[target];
    const update = {
      "font.color": colour.ink,
      "title.font.color": colour.ink,
      "legend.font.color": colour.ink,
    };
    Object.keys(layout)
      .filter((key) => /^[xy]axis\d*$/.test(key))
      .forEach((axis) => {
        update[axis + ".gridcolor"] = colour.grid;
        update[axis + ".linecolor"] = colour.grid;
        update[axis + ".zerolinecolor"] = colour.grid;
      });
    (layout.annotations || []).forEach((_, i) => {
      update["annotations[" + i + "].font.color"] = colour.muted;
    });
    if (layout.geo) {
      update["geo.countrycolor"] = colour.muted;
      update["geo.coastlinecolor"] = colour.muted;
    }
    let painted = window.Plotly.relayout(gd, update);
    const traces = [];
    const colours = [];
    (gd.data || []).forEach((trace, i) => {
      if (trace.textfont && trace.textfont.color) {
        traces.push(i);
        colours.push(trace.name === "country name" ? colour.muted : colour.ink);
      }
    });
    if (traces.length) {
      painted = painted.then(() => window.Plotly.restyle(gd, { "textfont.color": colours }, traces));
    }
    // Heatmap counts: plotly picks dark or light ink from a cell's colour as if on white; the cells are
    // translucent, so on the dark page every count takes the light ink (and light mode gets plotly's pick).
    // A heatmap writes its counts only when plotted, so the new ink needs a redraw, not a restyle.
    const heatmaps = (gd.data || []).flatMap((trace, i) => (trace.type === "heatmap" ? [i] : []));
    if (heatmaps.length) {
      const ink = target === "dark" ? colour.ink : null;
      painted = painted
        .then(() => window.Plotly.restyle(gd, { "textfont.color": ink }, heatmaps))
        .then(() => window.Plotly.redraw(gd));
    }
    painted.then(() => {
      gd.dataset.bookTheme = target;
      delete gd.dataset.bookThemePending;
      if (mode() !== target) paint(gd);
    });
  }

  function paintAll() {
    document.querySelectorAll(".plotly-graph-div[data-book-drawn]").forEach(paint);
  }

  // Figures are drawn after plotly.js loads (figures.js); paint each once its first drawing is complete,
  // then again after every redraw and theme switch.
  function watch(gd) {
    if (gd.dataset.bookThemeWatched) return;
    gd.dataset.bookThemeWatched = "yes";
    gd.on("plotly_afterplot", () => paint(gd));
    paint(gd);
  }

  new MutationObserver(paintAll).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ["data-theme"],
  });
  document.addEventListener("book-drawn", (event) => watch(event.target));
  document.querySelectorAll(".plotly-graph-div[data-book-drawn]").forEach(watch);
})();
