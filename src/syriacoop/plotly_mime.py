"""myst-nb renders plotly's notebook output (`application/vnd.plotly.v1+json`) as HTML.

Without this plugin myst-nb skips that mime type with a warning and the figure vanishes from the book.
Each figure becomes an empty div and its JSON in a `<script type="application/json">`; the page's
deferred figures.js (`page_assets`) fetches plotly.js once the text has painted, then draws every such
figure. The element id derives from the figure's content, so two builds give
the same HTML. Geo traces read their shapes from the book's own static files, never from plotly's CDN.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from docutils import nodes
from sphinx.util import logging

from .plotly_bundle import bundle_traces, missing_traces

PLOTLY_MIME = "application/vnd.plotly.v1+json"
TOPOJSON_DIR = "_static/vendor/topojson/"
# The notebook's config carries plotly's server URL; the book sets its own.
BOOK_CONFIG = {"displaylogo": False, "responsive": True}
FIGURE_CLASS = "plotly-output"
LOGGER = logging.getLogger(__name__)


def _docname(renderer: Any) -> str:
    env = getattr(renderer.renderer.document.settings, "env", None)
    return env.docname if env is not None else ""


def figure_html(figure: dict, docname: str) -> str:
    """The HTML div and JSON for one figure, as placed in page `docname`."""
    fig = {"data": figure.get("data", []), "layout": figure.get("layout", {})}
    digest = hashlib.sha256(json.dumps(fig, sort_keys=True).encode("utf-8")).hexdigest()[:16]
    to_static = "../" * docname.count("/")
    config = {**BOOK_CONFIG, "topojsonURL": to_static + TOPOJSON_DIR}
    # Keys sorted: a figure read back from the execution cache and one straight from its kernel give the
    # same page. `<` escaped as JSON allows, so no text in a label can close the script element.
    spec = json.dumps({**fig, "config": config}, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    height = fig["layout"].get("height")
    # The div reserves the figure's height, so the page does not jump when plotly.js draws it.
    style = f"height:{height}px; width:100%;" if height else "width:100%;"
    div_id = f"plotly-{digest}"
    return (
        f'<div id="{div_id}" class="plotly-graph-div" style="{style}"></div>'
        f'<script type="application/json" class="plotly-figure" data-target="{div_id}">{spec}</script>'
    )


class PlotlyMimeRenderer:
    """A myst-nb mime renderer plugin (entry point group `myst_nb.mime_renderers`)."""

    # Ahead of text/html (30) for HTML builders, so a bundle carrying both shows the live figure.
    mime_priority_overrides = (("html", PLOTLY_MIME, 5), ("dirhtml", PLOTLY_MIME, 5))

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        if inline or data.mime_type != PLOTLY_MIME:
            return None
        missing = missing_traces(data.content, bundle_traces())
        if missing:
            LOGGER.warning(
                "figure uses trace types the plotly.js bundle lacks: %s (add them in tools/bundles)",
                ", ".join(missing),
                location=_docname(renderer),
            )
        html = figure_html(data.content, _docname(renderer))
        return [nodes.raw("", html, format="html", classes=["output", "text_html", FIGURE_CLASS])]
