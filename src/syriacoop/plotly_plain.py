"""Notebook figures stored with plain numbers.

Plotly ≥ 6 stores numeric arrays as base64 typed arrays (`{"dtype": "i1", "bdata": "FA=="}`), so a failing
nbval diff would show `'FA=='` against `'KA=='` where the reader needs 20 against 40. The renderer
`plotly_plain` is plotly's own JSON mime renderer with those arrays decoded back to lists of numbers;
`figures` makes it the default, so every notebook's stored figure JSON reads as numbers.
"""

from __future__ import annotations

import base64

import numpy as np
import plotly.io as pio
from plotly.io._base_renderers import PlotlyRenderer

NAME = "plotly_plain"
PLOTLY_MIME = "application/vnd.plotly.v1+json"


def _is_typed_array(value: object) -> bool:
    return isinstance(value, dict) and "bdata" in value and "dtype" in value


def _decode(spec: dict) -> list:
    """A typed array spec as nested lists; plotly.js's dtype codes are numpy's (little-endian)."""
    array = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=np.dtype("<" + spec["dtype"]))
    if "shape" in spec:
        array = array.reshape([int(n) for n in spec["shape"].split(",")])
    return array.tolist()


def plain_numbers(value: object) -> object:
    """`value` with every typed array spec, at any depth, replaced by its numbers."""
    if _is_typed_array(value):
        return _decode(value)
    if isinstance(value, dict):
        return {key: plain_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_numbers(item) for item in value]
    return value


class PlainNumbersRenderer(PlotlyRenderer):
    """plotly's `plotly_mimetype` renderer, numbers as JSON numbers."""

    def to_mimebundle(self, fig_dict: dict) -> dict:
        bundle = super().to_mimebundle(fig_dict)
        bundle[PLOTLY_MIME] = plain_numbers(bundle[PLOTLY_MIME])
        return bundle


pio.renderers[NAME] = PlainNumbersRenderer()
