"""Load the dataset, validated against `data/datapackage.json` and the coding rules.

`load()` returns a `Dataset` of DataFrames or raises `DataValidationError`, whose message lists every
problem as `file:row: column=value: rule` (row = line in the CSV, the header being line 1). The checks
run in three stages, each only when the one before found nothing, because each assumes the last: the
files and then the Frictionless schema (`tablecheck`), then here the coding rules of the book's Coding
rules appendix (R1–R13) across tables.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import geo, seed
from .paths import data_dir, project_root, seeds_dir, validated_dir
from .tablecheck import file_problems, problem, schema_problems

TABLES = ("events", "event_actors", "episodes", "threads", "actors", "places", "codebook", "chapters")
EVENT_ROLES = {"initiator", "target", "mediator"}
CONTEXT_ROLES = {"holder", "subject"}
RUSSIAN_SIDE, IRANIAN_SIDE = "Russia", "Iran"

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_SEASON_STARTS, _SEASON_ENDS = {3, 6, 9, 12}, {5, 8, 11, 2}
_DATE_SHAPES = {
    "day": r"\d{4}-\d{2}-\d{2}",
    "month": r"\d{4}-\d{2}",
    "season": r"\d{4}-\d{2}",
    "year": r"\d{4}",
}
# How the translation names months («كانون الثاني/ يناير») and seasons: a stated month or season must
# be named in the quotation (rule R8). Either name of a month will do.
MONTH_NAMES = {
    1: ("كانون الثاني", "يناير"),
    2: ("شباط", "فبراير"),
    3: ("آذار", "مارس"),
    4: ("نيسان", "أبريل"),
    5: ("أيار", "مايو"),
    6: ("حزيران", "يونيو"),
    7: ("تموز", "يوليو"),
    8: ("آب", "أغسطس"),
    9: ("أيلول", "سبتمبر"),
    10: ("تشرين الأول", "أكتوبر"),
    11: ("تشرين الثاني", "نوفمبر"),
    12: ("كانون الأول", "ديسمبر"),
}
SEASON_NAMES = {3: "ربيع", 6: "صيف", 9: "خريف", 12: "شتاء"}


class DataValidationError(ValueError):
    """The data broke the contract; `problems` holds one `file:row: column=value: rule` line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} data problem(s):\n" + "\n".join(f"  {p}" for p in problems))


@dataclass(frozen=True)
class Dataset:
    """`events` holds the acts (row kind *event*), the only rows that are counted; `context` holds the
    attitudes, situations, assessments and summary sentences kept for citation."""

    events: pd.DataFrame
    context: pd.DataFrame
    event_actors: pd.DataFrame
    episodes: pd.DataFrame
    threads: pd.DataFrame
    actors: pd.DataFrame
    places: pd.DataFrame
    codebook: pd.DataFrame
    chapters: pd.DataFrame
    adjudication: pd.DataFrame


def _on_event(row: int, column: str, value: object, rule: str) -> str:
    return problem("events.csv", row, column, value, rule)


# ---------------------------------------------------------------------------- stage 3: the coding rules


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


def _stated_date_problems(row: int, ev: pd.Series) -> list[str]:
    """A stated date is in the quotation: its years, and its month or season names (rule R8)."""
    problems = []
    quote = ev.quote_ar
    for column in ("date_start", "date_end"):
        value = ev[column]
        if not value:
            continue
        if value[:4] not in quote:
            problems.append(
                _on_event(row, column, value, f"stated, but the quotation lacks the year {value[:4]}")
            )
        month = int(value[5:7]) if len(value) >= 7 else None
        if (
            ev.date_precision in ("month", "day")
            and month
            and not any(n in quote for n in MONTH_NAMES[month])
        ):
            problems.append(
                _on_event(row, column, value, f"stated, but the quotation names no {MONTH_NAMES[month][1]}")
            )
        season = SEASON_NAMES.get(month) if ev.date_precision == "season" and column == "date_start" else None
        if season and season not in quote:
            problems.append(
                _on_event(row, column, value, f"stated, but the quotation lacks «{SEASON_NAMES[month]}»")
            )
    return problems


def _date_problems(events: pd.DataFrame) -> list[str]:
    problems: list[str] = []
    for row, ev in events.iterrows():
        given = [c for c in ("date_start", "date_end") if ev[c]]
        if not given:
            for column in ("date_precision", "date_basis"):
                if ev[column]:
                    problems.append(
                        _on_event(row, column, ev[column], "an undated row has no precision or basis")
                    )
            continue
        if not ev.date_precision or not ev.date_basis:
            column = "date_precision" if not ev.date_precision else "date_basis"
            problems.append(_on_event(row, column, "", "a dated row gives date_precision and date_basis"))
            continue
        shape = _DATE_SHAPES[ev.date_precision]
        misshapen = [c for c in given if not re.fullmatch(shape, ev[c])]
        for column in misshapen:
            problems.append(
                _on_event(row, column, ev[column], f"does not match date_precision={ev.date_precision}")
            )
        if misshapen:
            continue
        if ev.date_basis == "inferred" and not ev.note:
            problems.append(_on_event(row, "note", "", "an inferred date gives its evidence in note"))
        if ev.date_basis == "stated":
            problems += _stated_date_problems(row, ev)
        if ev.date_precision == "season":
            months = {"date_start": _SEASON_STARTS, "date_end": _SEASON_ENDS}
            for column in given:
                if int(ev[column][5:7]) not in months[column]:
                    rule = "a season runs from its first month (03, 06, 09, 12) to its last (05, 08, 11, 02)"
                    problems.append(_on_event(row, column, ev[column], rule))
        try:
            bounds = {c: period_bounds(ev[c], ev.date_precision) for c in given}
        except ValueError:
            problems.append(_on_event(row, given[0], ev[given[0]], "not a calendar date"))
            continue
        if len(bounds) == 2 and bounds["date_end"][1] < bounds["date_start"][0]:
            problems.append(_on_event(row, "date_end", ev.date_end, "ends before date_start"))
        first = bounds.get("date_start", bounds.get("date_end"))[0].year
        last = bounds.get("date_end", bounds.get("date_start"))[1].year
        years = {int(y) for y in _YEAR.findall(ev.quote_ar)}
        if years and len(bounds) == 2 and not any(first <= y <= last for y in years):
            rule = f"the row's years miss every year the quotation states {sorted(years)}"
            problems.append(_on_event(row, given[0], ev[given[0]], rule))
    return problems


def _citation_problems(events: pd.DataFrame) -> list[str]:
    problems = []
    raw = seed.raw_lines()
    for row, ev in events.iterrows():
        try:
            passage = seed.passage(ev.source_ref)
        except KeyError as error:
            problems.append(
                _on_event(
                    row, "source_ref", ev.source_ref, f"no such sentence in the source: {error.args[0]}"
                )
            )
            continue
        para = seed.paragraph(seed.paragraph_of(ev.source_ref))
        first, last = map(int, ev.seed_lines.split("-"))
        if not (para.first_line <= first <= last <= para.last_line):
            rule = f"not within {para.id}'s raw lines {para.lines}"
            problems.append(_on_event(row, "seed_lines", ev.seed_lines, rule))
        elif seed.letters(ev.quote_ar, "LN") - seed.letters(
            "".join(raw[n - 1] for n in range(first, last + 1) if n not in seed.FURNITURE), "LN"
        ):
            problems.append(
                _on_event(
                    row, "seed_lines", ev.seed_lines, "the quotation's letters are not all in these raw lines"
                )
            )
        if seed.normalize(ev.quote_ar) not in seed.normalize(passage):
            problems.append(
                _on_event(
                    row, "quote_ar", ev.quote_ar[:40], f"not found in source sentence(s) {ev.source_ref}"
                )
            )
    return problems


def _sides(links: pd.DataFrame, actors: pd.DataFrame) -> dict[str, dict[str, set[str]]]:
    """Per event: the alignments of its actors in each role."""
    side = dict(zip(actors.actor_id, actors.aligned_with, strict=True))
    table: dict[str, dict[str, set[str]]] = {}
    for link in links.itertuples():
        table.setdefault(link.event_id, {}).setdefault(link.role, set()).add(side.get(link.actor_id, ""))
    return table


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def _relationproblem(row: int, ev: pd.Series, roles: dict[str, set[str]]) -> str | None:
    """Rule R6: a relation needs actors of both sides in the right roles, and such actors need one."""
    initiators, targets = roles.get("initiator", set()), roles.get("target", set())
    both = {RUSSIAN_SIDE, IRANIAN_SIDE}
    if ev.ri_relation == "bilateral" and not both <= initiators | targets:
        return _on_event(
            row,
            "ri_relation",
            "bilateral",
            "needs a Russian-side and an Iranian-side actor as initiator or target",
        )
    if ev.ri_relation == "joint" and not (both <= initiators and targets - both):
        rule = "needs Russian-side and Iranian-side initiators and a third-party target"
        return _on_event(row, "ri_relation", "joint", rule)
    if not ev.ri_relation and both <= initiators | targets:
        return _on_event(
            row, "ri_relation", "", "a Russian-side and an Iranian-side actor take part: bilateral or joint"
        )
    return None


def _coding_problems(events: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> list[str]:
    problems = []
    codes = tables["codebook"].set_index("sub_event_type")
    links = tables["event_actors"]
    sides = _sides(links, tables["actors"])
    roles_of = links.groupby("event_id").role.agg(set).to_dict()
    for row, ev in events.iterrows():
        roles = roles_of.get(ev.event_id, set())
        if not roles:
            problems.append(_on_event(row, "event_id", ev.event_id, "has no row in event_actors.csv"))
        if ev.row_kind != "event":
            for column in ("sub_event_type", "ri_relation", "certainty", "episode_id"):
                if ev[column]:
                    problems.append(
                        _on_event(
                            row,
                            column,
                            ev[column],
                            f"a {ev.row_kind} row is not an event: leave it empty (rule R2)",
                        )
                    )
            for role in sorted(roles - CONTEXT_ROLES):
                problems.append(
                    _on_event(
                        row,
                        "event_id",
                        ev.event_id,
                        f"a {ev.row_kind} row has holders and subjects, not {_article(role)} {role}",
                    )
                )
            continue
        for column in ("sub_event_type", "certainty"):
            if not ev[column]:
                problems.append(_on_event(row, column, "", "an event needs one"))
        for role in sorted(roles - EVENT_ROLES):
            problems.append(
                _on_event(
                    row,
                    "event_id",
                    ev.event_id,
                    f"an event's actors are initiators, targets or mediators, not a {role}",
                )
            )
        if roles and "initiator" not in roles:
            problems.append(
                _on_event(
                    row,
                    "event_id",
                    ev.event_id,
                    "an event is an act by an identified actor: name its initiator (rule R1)",
                )
            )
        if (
            ev.sub_event_type in codes.index
            and ev.ri_relation == "joint"
            and not codes.loc[ev.sub_event_type].joint_quad_class
        ):
            problems.append(
                _on_event(
                    row, "ri_relation", "joint", f"{ev.sub_event_type} has no joint code in the codebook"
                )
            )
        if problem := _relationproblem(row, ev, sides.get(ev.event_id, {})):
            problems.append(problem)
        low, high = ev.fatalities_low, ev.fatalities_high
        if bool(low) != bool(high):
            problems.append(_on_event(row, "fatalities_low", low, "give both low and high figures"))
        elif low and int(low) > int(high):
            problems.append(_on_event(row, "fatalities_low", low, "greater than fatalities_high"))
    return problems


def chapter_of(source_ref: str) -> str:
    """The report section a citation falls in."""
    return seed.paragraph(seed.paragraph_of(source_ref)).section


def _episode_problems(events: pd.DataFrame, episodes: pd.DataFrame) -> list[str]:
    problems = []
    members = events[events.episode_id != ""]
    for row, episode in episodes.iterrows():
        told = members[members.episode_id == episode.episode_id]
        if told.empty:
            problems.append(
                problem("episodes.csv", row, "episode_id", episode.episode_id, "no event belongs to it")
            )
    for row, ev in members.iterrows():
        home = episodes.set_index("episode_id").chapter.get(ev.episode_id)
        if home and seed.REF.fullmatch(ev.source_ref) and chapter_of(ev.source_ref) != home:
            problems.append(
                _on_event(
                    row,
                    "episode_id",
                    ev.episode_id,
                    f"the episode belongs to {home}; the row cites {ev.source_ref}",
                )
            )
    return problems


def _actor_problems(actors: pd.DataFrame) -> list[str]:
    problems = []
    parents = dict(zip(actors.actor_id, actors.parent_actor_id, strict=True))
    for row, actor in actors.iterrows():
        seen, current = {actor.actor_id}, parents.get(actor.actor_id, "")
        while current:
            if current in seen:
                problems.append(
                    problem("actors.csv", row, "parent_actor_id", actor.parent_actor_id, "parent chain loops")
                )
                break
            seen.add(current)
            current = parents.get(current, "")
    return problems


# Each English text field and its Arabic, which the Arabic edition shows in its place.
TRANSLATED = {
    "events": (("summary_en", "summary_ar"), ("note", "note_ar")),
    "codebook": (("definition_en", "definition_ar"),),
    "episodes": (("summary_en", "summary_ar"),),
    "actors": (("note", "note_ar"),),
}


def _translation_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    """An English text and its Arabic come together: neither without the other."""
    problems = []
    for name, pairs in TRANSLATED.items():
        for row, record in tables[name].iterrows():
            for english, arabic in pairs:
                if bool(record[english]) != bool(record[arabic]):
                    missing, present = (arabic, english) if record[english] else (english, arabic)
                    rule = f"empty while {present} is given; the two editions show one or the other"
                    problems.append(problem(f"{name}.csv", row, missing, "", rule))
    return problems


def _description_problems(package: dict) -> list[str]:
    """Every description of the package, its tables and their columns has its Arabic (`description_ar`),
    which the Arabic edition's data page shows."""
    items = [("package", package)]
    for resource in package["resources"]:
        items.append((resource["name"], resource))
        items += [(f"{resource['name']}.{f['name']}", f) for f in resource["schema"]["fields"]]
    return [
        problem("datapackage.json", 1, f"{where}.description_ar", "", "missing; the Arabic edition shows it")
        for where, item in items
        if item.get("description") and not item.get("description_ar")
    ]


def _place_problems(places: pd.DataFrame) -> list[str]:
    problems = []
    for row, place in places.iterrows():
        has_coords = bool(place.lat) and bool(place.lon)
        if (place.geo_precision == "none") == has_coords or bool(place.lat) != bool(place.lon):
            rule = "coordinates are given exactly when geo_precision is not none"
            problems.append(problem("places.csv", row, "geo_precision", place.geo_precision, rule))
            continue
        if has_coords and not place.coord_source:
            problems.append(problem("places.csv", row, "coord_source", "", "coordinates need a source"))
        if has_coords and not geo.in_country(float(place.lat), float(place.lon), place.country):
            rule = (
                f"not in {place.country} (Natural Earth 110m outline, 0.3° tolerance): swapped or mistyped?"
            )
            problems.append(problem("places.csv", row, "lat,lon", f"{place.lat},{place.lon}", rule))
    return problems


def _section_problems(chapters: pd.DataFrame) -> list[str]:
    problems = []
    titles = {s.id: (s.title_en, s.title_ar) for s in seed.sections()}
    for row, chapter in chapters.iterrows():
        if titles.get(chapter.chapter_id) != (chapter.title_en, chapter.title_ar):
            rule = "titles differ from the repaired text's section heading"
            problems.append(problem("chapters.csv", row, "chapter_id", chapter.chapter_id, rule))
    return problems


def validate(folder: Path | None = None) -> list[str]:
    """Every problem in the dataset at `folder` (default: the project's data/), files first."""
    folder = folder or data_dir()
    problems = file_problems(folder) or schema_problems(folder / "datapackage.json")
    if problems:
        return problems  # the coding rules assume well-formed, well-typed tables
    tables = {name: _read(folder, f"{name}.csv") for name in TABLES}
    events = tables["events"]
    return [
        *_date_problems(events),
        *_citation_problems(events),
        *_coding_problems(events, tables),
        *_episode_problems(events, tables["episodes"]),
        *_actor_problems(tables["actors"]),
        *_translation_problems(tables),
        *_description_problems(datapackage(folder)),
        *_place_problems(tables["places"]),
        *_section_problems(tables["chapters"]),
    ]


# ---------------------------------------------------------------------------- typed tables


def _with_dates(rows: pd.DataFrame) -> pd.DataFrame:
    """`start` and `end` as timestamps (NaT where the source gives none: undated, or an open range)."""
    rows["start"] = pd.to_datetime(
        [
            period_bounds(s, p)[0] if s else pd.NaT
            for s, p in zip(rows.date_start, rows.date_precision, strict=True)
        ]
    )
    rows["end"] = pd.to_datetime(
        [
            period_bounds(e, p)[1] if e else pd.NaT
            for e, p in zip(rows.date_end, rows.date_precision, strict=True)
        ]
    )
    return rows


def _coded(events: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """Event type, CAMEO code, QuadClass and Goldstein weight from the codebook: a Russia–Iran event
    takes the one-sided code when bilateral and the joint code when joint; a context event has none."""
    codes = codebook.set_index("sub_event_type")
    events["event_type"] = events.sub_event_type.map(codes.event_type)
    bilateral, joint = events.ri_relation == "bilateral", events.ri_relation == "joint"
    for column in ("cameo_code", "quad_class", "goldstein"):
        one_sided = events.sub_event_type.map(codes[column])
        together = events.sub_event_type.map(codes[f"joint_{column}"])
        events[column] = one_sided.where(bilateral, together.where(joint))
    events["quad_class"] = events.quad_class.fillna("")
    events["cameo_code"] = events.cameo_code.fillna("")
    return events


def coding(name: str, folder: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One of the two independent codings in `data/coding/` (`first` or `second`), typed like
    `Dataset.events` (its event rows, with chapter, dates and codes) and with its actor links, so a
    measure can be recomputed on the blind second coding."""
    folder = folder or data_dir()
    rows = _read(folder / "coding", f"{name}.csv").reset_index(drop=True)
    links = _read(folder / "coding", f"{name}_actors.csv").reset_index(drop=True)
    codebook = _read(folder, "codebook.csv").reset_index(drop=True)
    codebook["goldstein"] = pd.to_numeric(codebook.goldstein)
    codebook["joint_goldstein"] = pd.to_numeric(codebook.joint_goldstein)
    rows["chapter"] = rows.source_ref.map(chapter_of)
    rows["paragraph"] = rows.source_ref.map(seed.paragraph_of)
    events = _coded(_with_dates(rows[rows.row_kind == "event"].reset_index(drop=True)), codebook)
    return events, links[links.event_id.isin(events.event_id)].reset_index(drop=True)


def _typed(folder: Path) -> Dataset:
    read = {name: _read(folder, f"{name}.csv").reset_index(drop=True) for name in TABLES}
    codebook = read["codebook"]
    for column in ("goldstein", "joint_goldstein"):
        codebook[column] = pd.to_numeric(codebook[column])
    rows = read["events"]
    for column in ("fatalities_low", "fatalities_high"):
        rows[column] = pd.to_numeric(rows[column]).astype("Int64")
    rows["distance_km"] = pd.to_numeric(rows.distance_km).astype("Float64")
    rows["chapter"] = rows.source_ref.map(chapter_of)
    rows["paragraph"] = rows.source_ref.map(seed.paragraph_of)
    rows["source_order"] = range(len(rows))
    rows = _with_dates(rows)
    is_event = rows.row_kind == "event"
    events = _coded(rows[is_event].reset_index(drop=True), codebook)
    context = rows[~is_event].reset_index(drop=True)
    places = read["places"]
    for column in ("lat", "lon"):
        places[column] = pd.to_numeric(places[column])
    chapters = read["chapters"]
    chapters["order"] = chapters["order"].astype(int)
    return Dataset(
        events,
        context,
        read["event_actors"],
        read["episodes"],
        read["threads"],
        read["actors"],
        places,
        codebook,
        chapters,
        _read(folder, "adjudication.csv").reset_index(drop=True),
    )


def _validity_stamp(folder: Path) -> Path:
    """The stamp naming everything validation reads: the tables and their schema, the source text (the
    quotations are checked against it), the country outlines (places are checked against them), the
    rules (this package) and the libraries that apply them."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    inputs = [
        *sorted(folder.rglob("*.csv")),
        folder / "datapackage.json",
        *sorted(seeds_dir().glob("*.*")),
        project_root() / geo.TOPOJSON,
        *sorted(package.glob("*.py")),
    ]
    for path in inputs:
        digest.update(f"{path.parent.name}/{path.name}".encode())
        digest.update(path.read_bytes())
    for library in ("frictionless", "pandas"):
        digest.update(f"{library}=={importlib.metadata.version(library)}".encode())
    return validated_dir() / digest.hexdigest()


def checked(folder: Path | None = None) -> list[str]:
    """`validate(folder)`, remembered: data found valid once is not validated again until one of its
    inputs changes (`_validity_stamp`). Every notebook kernel loads the data after `make validate` has
    checked it; the stamp spares each kernel the second and a half that schema validation takes."""
    folder = folder or data_dir()
    stamp = _validity_stamp(folder)
    if stamp.exists():
        return []
    problems = validate(folder)
    if not problems:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    return problems


def input_problems() -> list[str]:
    """What stops a build before any notebook runs: every problem in the project's data (`checked`) and
    in the source text's repair (`seed.conservation_problems`)."""
    return [*checked(), *seed.conservation_problems()]


def load(folder: Path | None = None) -> Dataset:
    """The validated dataset, typed: dates as `start`/`end` timestamps, numbers as numbers, each row's
    chapter and paragraph from its citation, and each event's codes looked up from the codebook."""
    folder = folder or data_dir()
    problems = checked(folder)
    if problems:
        raise DataValidationError(problems)
    return _typed(folder)


def datapackage(folder: Path | None = None) -> dict:
    return json.loads(((folder or data_dir()) / "datapackage.json").read_text(encoding="utf-8"))
