"""Sphinx glue for page weight and build time.

- The script that draws the figures and the one that recolours them in dark mode are added, deferred,
  only to pages that hold a figure. The first fetches plotly.js (the book's partial bundle) and the
  edition's plotly.js locale itself, once the page has painted its text. Fetched and parsed with the
  page, plotly.js competed with the first paint for the processor: measured once, on loopback and a
  loaded 2-core machine, a chapter's first paint came at 596 ms with plotly.js as a deferred script and
  at 440 ms with it fetched after the paint, against 416 ms for the page with no script (medians of 15
  interleaved cold loads). `make bench` measures the ratio in each run (BENCHMARKS.md).
- The site's root `index.html` redirects to the first page and names the book's icon: the bare redirect
  that sphinx-external-toc writes names none, so browsers asked for `/favicon.ico` and logged a 404.
- Notebook outputs come from the execution cache (`execution`). When `python -m syriacoop build` runs
  notebooks ahead in parallel, reading a notebook's page waits for its run, and says so if it failed; a
  notebook the cache lacks is executed by myst-nb and cached.
"""

from __future__ import annotations

import sys
import zlib
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError

from .execution import cache_path, wait_for
from .plotly_bundle import BUNDLE_IN_STATIC
from .plotly_mime import FIGURE_CLASS

DRAW_SCRIPT = "figures.js"
# Recolours the figures in the theme's dark mode (they are drawn for light mode).
THEME_SCRIPT = "figure-theme.js"
# plotly.js's months, days and modebar in Arabic, for the Arabic edition's figures (figures.js asks for it).
LOCALE_SCRIPTS = {"ar": "plotly-locale-ar.js"}


def _read_outputs_from_the_cache(app: Sphinx, config: Config) -> None:
    config.nb_execution_cache_path = str(cache_path(Path(app.srcdir)))


def _wait_for_the_notebook(app: Sphinx, docname: str, source: list[str]) -> None:
    path = Path(app.env.doc2path(docname))
    if path.suffix == ".ipynb":
        # A notebook that failed ahead of the build runs again in a kernel of its own, which reports a
        # real error in full and fails the build. The first failure is printed all the same, not as a
        # warning (which would fail the build too): a notebook that fails only on the in-process kernel,
        # or a run cut short by the machine, must not pass unseen, nor stop a build that succeeds.
        for failure in wait_for(path):
            print(f"{docname}: failed in its run ahead of the build, runs again: {failure}", file=sys.stderr)


def _has_figure(doctree: nodes.document | None) -> bool:
    return doctree is not None and any(FIGURE_CLASS in node["classes"] for node in doctree.findall(nodes.raw))


def _static_url(app: Sphinx, name: str) -> str:
    """`name`, a file of the static folders, as figures.js resolves it (relative to `_static`), marked
    with its content's checksum as Sphinx marks the files it links (of its copy in the site, which is the
    same file), so that a browser does not reuse an older copy from its cache."""
    found = [Path(app.confdir, folder, name) for folder in app.config.html_static_path]
    found = [path for path in found if path.is_file()]
    if len(found) != 1:
        raise ExtensionError(f"{name}: found in {len(found)} of the static folders, not in one: {found}")
    content = found[0].read_bytes().translate(None, b"\r")
    return f"{name}?v={zlib.crc32(content):08x}"


def _plotly_where_drawn(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if _has_figure(doctree):
        urls = {"data-plotly": _static_url(app, BUNDLE_IN_STATIC)}
        if app.config.language in LOCALE_SCRIPTS:
            urls["data-locale"] = _static_url(app, LOCALE_SCRIPTS[app.config.language])
        app.add_js_file(DRAW_SCRIPT, loading_method="defer", **urls)
        app.add_js_file(THEME_SCRIPT, loading_method="defer")


REDIRECT = """<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="icon" href="_static/{icon}">
<meta http-equiv="Refresh" content="0; url={target}">
</head>
<body><p><a href="{target}">{title}</a></p></body>
</html>
"""


def _root_redirect(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or app.config.root_doc == "index":
        return
    page = REDIRECT.format(
        language=app.config.language,
        title=escape(app.config.html_title or app.config.project),
        icon=Path(app.config.html_favicon).name,
        target=app.builder.get_target_uri(app.config.root_doc),
    )
    (Path(app.outdir) / "index.html").write_text(page, encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _read_outputs_from_the_cache)
    app.connect("source-read", _wait_for_the_notebook)
    app.connect("html-page-context", _plotly_where_drawn)
    # Ahead of sphinx-external-toc's bare redirect, which it writes only when no index.html exists.
    app.connect("build-finished", _root_redirect, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
