"""Load the dataset, validated against `data/datapackage.json` and the cross-table rules.

`load()` returns a `Dataset` of DataFrames or raises `DataValidationError`, whose message lists every
problem as `file:row: column=value: rule` (row = line in the CSV, the header being line 1).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import seed
from .paths import data_dir

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_SEASON_STARTS, _SEASON_ENDS = {3, 6, 9, 12}, {5, 8, 11, 2}
_DATE_SHAPES = {
    "day": r"\d{4}-\d{2}-\d{2}",
    "month": r"\d{4}-\d{2}",
    "season": r"\d{4}-\d{2}",
    "year": r"\d{4}",
}


class DataValidationError(ValueError):
    """The data broke the contract; `problems` holds one `file:row: column=value: rule` line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} data problem(s):\n" + "\n".join(f"  {p}" for p in problems))


@dataclass(frozen=True)
class Dataset:
    events: pd.DataFrame
    actors: pd.DataFrame
    event_actors: pd.DataFrame
    places: pd.DataFrame
    codebook: pd.DataFrame
    chapters: pd.DataFrame


def _problem(file: str, row: int | str, column: str, value: object, rule: str) -> str:
    return f"{file}:{row}: {column}={value!s}: {rule}"


def _on_event(row: int, column: str, value: object, rule: str) -> str:
    return _problem("events.csv", row, column, value, rule)


def _schema_problems(descriptor: Path) -> list[str]:
    """Types, required fields, enums, patterns, unique and primary keys, foreign keys."""
    from frictionless import Package, system

    problems = []
    with system.use_context(trusted=True):
        report = Package(str(descriptor)).validate()
    for task in report.tasks:
        file = Path(task.place).name
        for error in task.errors:
            row = getattr(error, "row_number", None) or "-"
            if getattr(error, "field_names", None):  # foreign keys name their fields and cells
                column = ",".join(error.field_names)
                cell = ",".join(map(str, error.field_cells))
            else:
                column = getattr(error, "field_name", None) or "-"
                cell = getattr(error, "cell", "")
            problems.append(_problem(file, row, column, cell, f"{error.type}: {error.note}"))
    return problems


def _read(folder: Path, name: str) -> pd.DataFrame:
    frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False, encoding="utf-8")
    frame.index = range(2, len(frame) + 2)  # CSV line numbers, for messages
    return frame


def period_bounds(value: str, precision: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a reduced-precision ISO date (`2015`, `2015-07`, `2015-07-24`)."""
    if precision == "day":
        day = pd.Timestamp(value)
        return day, day
    if precision in ("month", "season"):
        start = pd.Timestamp(f"{value}-01")
        return start, start + pd.offsets.MonthEnd(0)
    start = pd.Timestamp(f"{value}-01-01")
    return start, pd.Timestamp(f"{value}-12-31")


def _date_problems(events: pd.DataFrame) -> list[str]:
    problems: list[str] = []
    for row, ev in events.iterrows():
        fields = (ev.date_start, ev.date_end, ev.date_precision)
        if not any(fields):
            if not ev.note:
                problems.append(_on_event(row, "note", "", "an undated row must say why in note"))
            continue
        if not all(fields):
            problems.append(
                _on_event(
                    row, "date_start", ev.date_start, "date_start, date_end and date_precision go together"
                )
            )
            continue
        shape = _DATE_SHAPES[ev.date_precision]
        misshapen = [c for c in ("date_start", "date_end") if not re.fullmatch(shape, ev[c])]
        for column in misshapen:
            problems.append(
                _on_event(row, column, ev[column], f"does not match date_precision={ev.date_precision}")
            )
        if misshapen:
            continue
        if not ev.date_basis:
            problems.append(_on_event(row, "date_basis", "", "a dated row says stated or inferred"))
        if ev.date_basis == "inferred" and not ev.note:
            problems.append(_on_event(row, "note", "", "an inferred date must say where from"))
        if ev.date_precision == "season" and (
            int(ev.date_start[5:7]) not in _SEASON_STARTS or int(ev.date_end[5:7]) not in _SEASON_ENDS
        ):
            season = "a season runs from its first month (03, 06, 09, 12) to its last (05, 08, 11, 02)"
            problems.append(_on_event(row, "date_start", ev.date_start, season))
        try:
            start = period_bounds(ev.date_start, ev.date_precision)[0]
            end = period_bounds(ev.date_end, ev.date_precision)[1]
        except ValueError:
            problems.append(_on_event(row, "date_start", ev.date_start, "not a calendar date"))
            continue
        if end < start:
            problems.append(_on_event(row, "date_end", ev.date_end, "ends before date_start"))
        years = {int(y) for y in _YEAR.findall(ev.quote_ar)}
        if years and not any(start.year <= y <= end.year for y in years):
            rule = f"the event's years miss every year the quote states {sorted(years)}"
            problems.append(_on_event(row, "date_start", ev.date_start, rule))
    return problems


def _citation_problems(events: pd.DataFrame, chapters: pd.DataFrame) -> list[str]:
    problems = []
    paragraphs = {p.id: p for p in seed.paragraphs()}
    spans = {c.chapter_id: tuple(map(int, c.seed_lines.split("-"))) for c in chapters.itertuples()}
    for row, ev in events.iterrows():
        para = paragraphs.get(ev.seed_paragraph)
        if para is None:
            problems.append(
                _on_event(
                    row,
                    "seed_paragraph",
                    ev.seed_paragraph,
                    "no such paragraph in the repaired source",
                )
            )
            continue
        first, last = map(int, ev.seed_lines.split("-"))
        if not (para.first_line <= first <= last <= para.last_line):
            problems.append(
                _on_event(
                    row,
                    "seed_lines",
                    ev.seed_lines,
                    f"not within {para.id}'s raw lines {para.lines}",
                )
            )
        if ev.chapter in spans and not spans[ev.chapter][0] <= first <= spans[ev.chapter][1]:
            problems.append(
                _on_event(
                    row,
                    "seed_lines",
                    ev.seed_lines,
                    f"outside chapter {ev.chapter}'s raw lines",
                )
            )
        if seed.normalize(ev.quote_ar) not in seed.normalize(para.text):
            problems.append(
                _on_event(
                    row,
                    "quote_ar",
                    ev.quote_ar[:40],
                    f"not found in source paragraph {para.id}",
                )
            )
    return problems


def _coding_problems(events: pd.DataFrame, codebook: pd.DataFrame, event_actors: pd.DataFrame) -> list[str]:
    problems = []
    codes = codebook.set_index("sub_event_type")
    with_actors = set(event_actors.event_id)
    for row, ev in events.iterrows():
        if ev.event_id not in with_actors:
            problems.append(_on_event(row, "event_id", ev.event_id, "has no row in event_actors.csv"))
        if ev.sub_event_type not in codes.index:
            continue  # the schema's foreign key reports it
        code = codes.loc[ev.sub_event_type]
        if ev.event_type != code.event_type:
            problems.append(
                _on_event(
                    row,
                    "event_type",
                    ev.event_type,
                    f"codebook gives {code.event_type!r} for {ev.sub_event_type}",
                )
            )
        expected = {"": "", "bilateral": code.quad_class, "joint": code.joint_quad_class}.get(ev.ri_relation)
        if ev.ri_relation == "joint" and not code.joint_quad_class:
            problems.append(
                _on_event(
                    row,
                    "ri_relation",
                    "joint",
                    f"{ev.sub_event_type} has no joint code in the codebook",
                )
            )
        elif expected is not None and ev.quad_class != expected:
            problems.append(
                _on_event(
                    row,
                    "quad_class",
                    ev.quad_class,
                    f"codebook gives {expected!r} for {ev.sub_event_type} ({ev.ri_relation or 'context'})",
                )
            )
        low, high = ev.fatalities_low, ev.fatalities_high
        if bool(low) != bool(high):
            problems.append(_on_event(row, "fatalities_low", low, "give both low and high figures"))
        elif low and low.isdigit() and high.isdigit() and int(low) > int(high):
            problems.append(_on_event(row, "fatalities_low", low, "greater than fatalities_high"))
    return problems


def _reference_problems(actors: pd.DataFrame, places: pd.DataFrame) -> list[str]:
    problems = []
    parents = dict(zip(actors.actor_id, actors.parent_actor_id, strict=True))
    for row, actor in actors.iterrows():
        seen, current = {actor.actor_id}, parents.get(actor.actor_id, "")
        while current:
            if current in seen:
                problems.append(
                    _problem(
                        "actors.csv", row, "parent_actor_id", actor.parent_actor_id, "parent chain loops"
                    )
                )
                break
            seen.add(current)
            current = parents.get(current, "")
    for row, place in places.iterrows():
        has_coords = bool(place.lat) and bool(place.lon)
        if (place.geo_precision == "none") == has_coords or bool(place.lat) != bool(place.lon):
            problems.append(
                _problem(
                    "places.csv",
                    row,
                    "geo_precision",
                    place.geo_precision,
                    "coordinates are given exactly when geo_precision is not none",
                )
            )
        if has_coords and not place.coord_source:
            problems.append(_problem("places.csv", row, "coord_source", "", "coordinates need a source"))
    return problems


def _section_problems(chapters: pd.DataFrame) -> list[str]:
    problems = []
    titles = {s.id: (s.title_en, s.title_ar) for s in seed.sections()}
    for row, chapter in chapters.iterrows():
        if titles.get(chapter.chapter_id) != (chapter.title_en, chapter.title_ar):
            problems.append(
                _problem(
                    "chapters.csv",
                    row,
                    "chapter_id",
                    chapter.chapter_id,
                    "titles differ from the repaired text's section heading",
                )
            )
    return problems


def validate(folder: Path | None = None) -> list[str]:
    """Every problem in the dataset at `folder` (default: the project's data/), schema first."""
    folder = folder or data_dir()
    problems = _schema_problems(folder / "datapackage.json")
    if problems:
        return problems  # cross-table rules assume well-typed tables
    tables = {
        name: _read(folder, f"{name}.csv")
        for name in ("events", "actors", "event_actors", "places", "codebook", "chapters")
    }
    return [
        *_date_problems(tables["events"]),
        *_citation_problems(tables["events"], tables["chapters"]),
        *_coding_problems(tables["events"], tables["codebook"], tables["event_actors"]),
        *_reference_problems(tables["actors"], tables["places"]),
        *_section_problems(tables["chapters"]),
    ]


def _typed(folder: Path) -> Dataset:
    read = {
        name: _read(folder, f"{name}.csv").reset_index(drop=True)
        for name in ("events", "actors", "event_actors", "places", "codebook", "chapters")
    }
    codebook = read["codebook"]
    for column in ("goldstein", "joint_goldstein"):
        codebook[column] = pd.to_numeric(codebook[column])
    events = read["events"]
    for column in ("fatalities_low", "fatalities_high", "distance_km"):
        events[column] = pd.to_numeric(events[column]).astype(
            "Float64" if column == "distance_km" else "Int64"
        )
    bounds = [
        period_bounds(s, p)[0] if s else pd.NaT
        for s, p in zip(events.date_start, events.date_precision, strict=True)
    ]
    ends = [
        period_bounds(e, p)[1] if e else pd.NaT
        for e, p in zip(events.date_end, events.date_precision, strict=True)
    ]
    events["start"], events["end"] = pd.to_datetime(bounds), pd.to_datetime(ends)
    weights = codebook.set_index("sub_event_type")
    events["goldstein"] = [
        weights.loc[s, "goldstein"]
        if r == "bilateral"
        else weights.loc[s, "joint_goldstein"]
        if r == "joint"
        else float("nan")
        for s, r in zip(events.sub_event_type, events.ri_relation, strict=True)
    ]
    places = read["places"]
    for column in ("lat", "lon"):
        places[column] = pd.to_numeric(places[column])
    chapters = read["chapters"]
    chapters["order"] = chapters["order"].astype(int)
    return Dataset(events, read["actors"], read["event_actors"], places, codebook, chapters)


def load(folder: Path | None = None) -> Dataset:
    """The validated dataset, typed: dates as `start`/`end` timestamps, numbers as numbers, and each
    Russia–Iran event's Goldstein weight looked up from the codebook."""
    folder = folder or data_dir()
    problems = validate(folder)
    if problems:
        raise DataValidationError(problems)
    return _typed(folder)


def datapackage(folder: Path | None = None) -> dict:
    return json.loads(((folder or data_dir()) / "datapackage.json").read_text(encoding="utf-8"))
