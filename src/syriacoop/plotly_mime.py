"""myst-nb renders plotly's notebook output (`application/vnd.plotly.v1+json`) as HTML.

Without this plugin myst-nb skips that mime type with a warning and the figure vanishes from the book.
The element id derives from the figure's content, so two builds give the same HTML, and plotly.js is not
inlined: the book loads one local copy on every page (`html_js_files`). Geo traces read their shapes from
the book's own static files, never from plotly's CDN.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import plotly.io as pio
from docutils import nodes

PLOTLY_MIME = "application/vnd.plotly.v1+json"
TOPOJSON_DIR = "_static/vendor/topojson/"
# The notebook's config carries plotly's server URL; the book sets its own.
BOOK_CONFIG = {"displaylogo": False, "responsive": True}


def _docname(renderer: Any) -> str:
    env = getattr(renderer.renderer.document.settings, "env", None)
    return env.docname if env is not None else ""


def figure_html(figure: dict, docname: str) -> str:
    """The HTML div and script for one figure, as placed in page `docname`."""
    fig = {"data": figure.get("data", []), "layout": figure.get("layout", {})}
    digest = hashlib.sha256(json.dumps(fig, sort_keys=True).encode("utf-8")).hexdigest()[:16]
    to_static = "../" * docname.count("/")
    config = {**BOOK_CONFIG, "topojsonURL": to_static + TOPOJSON_DIR}
    return pio.to_html(
        fig,
        include_plotlyjs=False,
        full_html=False,
        div_id=f"plotly-{digest}",
        config=config,
        validate=False,
    )


class PlotlyMimeRenderer:
    """A myst-nb mime renderer plugin (entry point group `myst_nb.mime_renderers`)."""

    # Ahead of text/html (30) for HTML builders, so a bundle carrying both shows the live figure.
    mime_priority_overrides = (("html", PLOTLY_MIME, 5), ("dirhtml", PLOTLY_MIME, 5))

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        if inline or data.mime_type != PLOTLY_MIME:
            return None
        html = figure_html(data.content, _docname(renderer))
        return [nodes.raw("", html, format="html", classes=["output", "text_html", "plotly-output"])]
