"""The book's partial plotly.js bundle (built by tools/bundles, vendored in book/_static/vendor).

Its first line names the trace types it holds; a figure of any other type would draw nothing, so the
build warns (an error under -W) and the tests fail on one.
"""

from __future__ import annotations

import re
from pathlib import Path

from .paths import project_root

BUNDLE_IN_STATIC = "vendor/plotly-book.min.js"
_TRACES = re.compile(r"traces: ([a-z0-9, ]+)\.")


def bundle_path(root: Path | None = None) -> Path:
    return (root or project_root()) / "book/_static" / BUNDLE_IN_STATIC


def bundle_traces(root: Path | None = None) -> frozenset[str]:
    """The trace types the vendored bundle registers, read from its banner."""
    with bundle_path(root).open(encoding="utf-8") as handle:
        banner = handle.readline()
    match = _TRACES.search(banner)
    if match is None:
        raise ValueError(f"{bundle_path(root)}: no trace list in its first line")
    return frozenset(t.strip() for t in match.group(1).split(","))


def trace_types(figure: dict) -> set[str]:
    """Trace types a plotly figure JSON uses (plotly.js draws a trace without `type` as scatter)."""
    return {trace.get("type", "scatter") for trace in figure.get("data", [])}


def missing_traces(figure: dict, available: frozenset[str]) -> list[str]:
    return sorted(trace_types(figure) - available)
