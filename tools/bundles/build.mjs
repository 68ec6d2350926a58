// Builds the book's two partial JavaScript bundles with esbuild, from the exact npm versions pinned in
// package-lock.json, into book/_static (committed). Run it through `make bundles`; see README.md here.
//
// - vendor/plotly-book.min.js: plotly.js core (which holds `scatter`) plus only the trace types the book
//   draws. Its first line lists them; tests/test_bundles.py fails on a figure of any other type.
// - scripts/fontawesome.js: Font Awesome with only the icons the theme puts on the book's pages. It
//   replaces the theme's file of the same name (html_static_path is copied after the theme's static
//   files), which holds every icon (1.5 MB); tests/test_bundles.py checks the built pages need no other.
import { build } from "esbuild";
import { copyFileSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const staticDir = join(here, "../../book/_static");

const PLOTLY_TRACES = ["bar", "heatmap", "scattergeo"]; // registered beside core's `scatter`
const ICONS = [
  "angle-left",
  "angle-right",
  "arrow-up",
  "bars",
  "chevron-down",
  "circle-half-stroke",
  "download",
  "expand",
  "file",
  "file-pdf",
  "list",
  "magnifying-glass",
  "moon",
  "outdent",
  "sun",
  "xmark",
];

const version = (name) => JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8")).version;

function bundle(entry, outfile, banner, globalName) {
  return build({
    stdin: { contents: entry, resolveDir: here, sourcefile: "entry.js" },
    outfile,
    bundle: true,
    minify: true,
    format: "iife",
    globalName,
    target: "es2016",
    // As plotly.js's own esbuild-config.js; its only CSS is maplibre's, for map traces the book lacks.
    define: { global: "window", "define.amd": "false" },
    loader: { ".css": "empty" },
    legalComments: "none",
    banner: { js: banner },
    logLevel: "warning",
  });
}

async function plotly() {
  const traces = ["scatter", ...PLOTLY_TRACES].sort();
  const entry = [
    "var Plotly = require('plotly.js/lib/core');",
    `Plotly.register([${PLOTLY_TRACES.map((t) => `require('plotly.js/lib/${t}')`).join(", ")}]);`,
    "module.exports = Plotly;",
  ].join("\n");
  const banner =
    `/* plotly.js v${version("plotly.js")} partial bundle for this book; traces: ${traces.join(", ")}. ` +
    "MIT licence: LICENSE-plotly.js.txt */";
  await bundle(entry, join(staticDir, "vendor/plotly-book.min.js"), banner, "Plotly");
  copyFileSync(join(modules, "plotly.js/LICENSE"), join(staticDir, "vendor/LICENSE-plotly.js.txt"));
  // Kept at hand for the Arabic edition (number, date and modebar strings); no English page loads it.
  copyFileSync(join(modules, "plotly.js-locales/ar.js"), join(staticDir, "vendor/plotly-locale-ar.js"));
}

async function fontawesome() {
  const names = ICONS.map((icon) => "fa" + icon.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase()));
  const entry = [
    "import { library, dom } from '@fortawesome/fontawesome-svg-core';",
    `import { ${names.join(", ")} } from '@fortawesome/free-solid-svg-icons';`,
    `library.add(${names.join(", ")});`,
    // As the theme's all.js: replace each <i class="fa-…"> with its SVG, now and as the page changes.
    "dom.watch();",
  ].join("\n");
  const banner =
    `/* Font Awesome Free ${version("@fortawesome/fontawesome-svg-core")} subset for this book; ` +
    `icons: ${ICONS.join(", ")}. Licences: ../vendor/LICENSE-fontawesome.txt */`;
  await bundle(entry, join(staticDir, "scripts/fontawesome.js"), banner, undefined);
  copyFileSync(
    join(modules, "@fortawesome/fontawesome-svg-core/LICENSE.txt"),
    join(staticDir, "vendor/LICENSE-fontawesome.txt"),
  );
}

await plotly();
await fontawesome();
console.log("built book/_static/vendor/plotly-book.min.js and book/_static/scripts/fontawesome.js");
