"""The dataset: loads through the package, honours its contract, and bad input fails with one clear
message per problem (`file:row: column=value: rule`, the row being the line in the CSV)."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

from syriacoop import data, seed
from syriacoop.paths import copy_project

MALFORMED = Path(__file__).parent / "fixtures" / "malformed"
CONTEXT_KINDS = {"situation", "attitude", "assessment", "summary"}
# `file:row: column=value: rule`, every part present; `-` or an empty column is the old placeholder.
MESSAGE = re.compile(
    r"(?P<file>[a-z_/]+\.csv):(?P<row>[1-9][0-9]*): (?P<column>[^=:]+)=(?P<value>.*?): (?P<rule>.+)"
)


# ---------------------------------------------------------------------------- the committed data


def test_committed_dataset_validates():
    assert data.validate() == []


@pytest.fixture(scope="module")
def dataset() -> data.Dataset:
    return data.load()


def test_dataset_loads_typed_with_events_and_context_apart(dataset):
    raw = pd.read_csv(ROOT / "data" / "events.csv", dtype=str, keep_default_na=False)
    assert set(dataset.events.row_kind) == {"event"}
    assert set(dataset.context.row_kind) <= CONTEXT_KINDS
    assert sorted([*dataset.events.event_id, *dataset.context.event_id]) == sorted(raw.event_id)
    for column in ("start", "end"):
        assert pd.api.types.is_datetime64_dtype(dataset.events[column]), column
        assert pd.api.types.is_datetime64_dtype(dataset.context[column]), column
    assert str(dataset.events.fatalities_low.dtype) == "Int64"
    assert str(dataset.places.lat.dtype) == "float64"


def _event(ds: data.Dataset, event_id: str) -> pd.Series:
    return ds.events.set_index("event_id").loc[event_id]


@pytest.mark.parametrize(
    ("event_id", "start", "end"),
    [
        ("runup-14", "2015-07-24", "2015-07-26"),  # day
        ("runup-02", "2015-01-01", "2015-01-31"),  # month
        ("runup-09", "2015-03-01", "2015-05-31"),  # season: spring, its first month to its last
        ("runup-15", "2015-01-01", "2015-12-31"),  # year
        ("summary-01", "2015-09-01", None),  # open range: a start and no end
        ("runup-03", None, "2015-01-31"),  # a stated end and no start
        ("runup-13", None, None),  # undated
    ],
)
def test_dates_become_the_first_and_last_day_of_their_period(dataset, event_id, start, end):
    ev = _event(dataset, event_id)
    assert [None if pd.isna(d) else d.date().isoformat() for d in (ev.start, ev.end)] == [start, end]


def test_derived_chapter_and_codes_come_from_the_citation_and_the_codebook(dataset):
    ds = dataset
    codes = ds.codebook.set_index("sub_event_type")
    visit = _event(ds, "runup-02")  # a bilateral visit takes the one-sided code
    assert (visit.chapter, visit.paragraph) == ("runup", "p05")
    assert (visit.cameo_code, visit.quad_class, visit.goldstein) == ("042", "verbal cooperation", 1.9)
    capture = _event(ds, "integration-37")  # a joint capture takes the joint code
    joint = codes.loc["territorial_capture"]
    assert (capture.cameo_code, capture.quad_class, capture.goldstein) == (
        joint.joint_cameo_code,
        joint.joint_quad_class,
        joint.joint_goldstein,
    )
    assert capture.chapter == "integration"
    support = _event(ds, "summary-01")  # no Russia–Iran relation: no code, no weight
    assert (support.quad_class, support.cameo_code) == ("", "") and pd.isna(support.goldstein)
    ri = ds.events[ds.events.ri_relation != ""]
    assert (ri.quad_class != "").all() and ri.goldstein.notna().all()
    assert (ds.events[ds.events.ri_relation == ""].quad_class == "").all()
    khan_tuman = _event(ds, "integration-17")
    assert (khan_tuman.fatalities_low, khan_tuman.fatalities_high) == (80, 100)


def _raw_lines_of(seed_lines: str) -> str:
    first, last = map(int, seed_lines.split("-"))
    return "".join(seed.raw_lines()[n - 1] for n in range(first, last + 1) if n not in seed.FURNITURE)


def test_every_quote_is_verbatim_in_its_sentences_and_its_letters_in_its_raw_lines():
    rows = pd.read_csv(ROOT / "data" / "events.csv", dtype=str, keep_default_na=False)
    for row in rows.itertuples():
        assert seed.normalize(row.quote_ar) in seed.normalize(seed.passage(row.source_ref)), row.event_id
        para = seed.paragraph(seed.paragraph_of(row.source_ref))
        first, last = map(int, row.seed_lines.split("-"))
        assert para.first_line <= first <= last <= para.last_line, row.event_id
        assert not seed.letters(row.quote_ar, "LN") - seed.letters(_raw_lines_of(row.seed_lines), "LN"), (
            row.event_id
        )


def test_quoted_years_agree_with_dates(dataset):
    for ev in dataset.events.dropna(subset=["start", "end"]).itertuples():
        years = {int(y) for y in data._YEAR.findall(ev.quote_ar)}
        if years:
            assert any(ev.start.year <= y <= ev.end.year for y in years), ev.event_id


def test_frictionless_contract_covers_every_table_and_column():
    package = data.datapackage()
    on_disk = {p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*.csv")}
    assert {r["path"] for r in package["resources"]} == on_disk
    for resource in package["resources"]:
        assert resource.get("description"), resource["name"]
        with (ROOT / "data" / resource["path"]).open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header == [f["name"] for f in resource["schema"]["fields"]], resource["name"]
        assert [f["name"] for f in resource["schema"]["fields"] if not f.get("description")] == [], resource[
            "name"
        ]


def test_frictionless_command_line_validates_every_resource():
    done = subprocess.run(
        [str(Path(sys.executable).parent / "frictionless"), "validate", "--json", "data/datapackage.json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    report = json.loads(done.stdout)
    assert {t["name"]: t["valid"] for t in report["tasks"]} == {
        r["name"]: True for r in data.datapackage()["resources"]
    }


# ---------------------------------------------------------------------------- broken fixtures: the rules

Change = Callable[[Path], None]


def _table(folder: Path, table: str) -> tuple[list[str], list[list[str]]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        header, *rows = csv.reader(handle)
    return header, rows


def _save(folder: Path, table: str, header: list[str], rows: list[list[str]]) -> None:
    with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *rows])


def _matches(row: list[str], key: str) -> bool:
    """`key` names a row by its leading cells: `runup-02`, or `runup-02,velayati` in a link table."""
    parts = key.split(",")
    return row[: len(parts)] == parts


def cell(table: str, key: str, column: str, value: str) -> Change:
    """Set one cell of the one row that `key` names."""

    def change(folder: Path) -> None:
        header, rows = _table(folder, table)
        found = [r for r in rows if _matches(r, key)]
        assert len(found) == 1, f"{key} names {len(found)} rows of {table}"
        found[0][header.index(column)] = value
        _save(folder, table, header, rows)

    return change


def cells(table: str, key: str, **values: str) -> Change:
    def change(folder: Path) -> None:
        for column, value in values.items():
            cell(table, key, column, value)(folder)

    return change


def drop(table: str, key: str) -> Change:
    """Delete every row that `key` names."""

    def change(folder: Path) -> None:
        header, rows = _table(folder, table)
        kept = [r for r in rows if not _matches(r, key)]
        assert len(kept) < len(rows), f"{key} names no row of {table}"
        _save(folder, table, header, kept)

    return change


def add(table: str, **values: str) -> Change:
    """Append a row (columns not given are empty)."""

    def change(folder: Path) -> None:
        header, rows = _table(folder, table)
        assert set(values) <= set(header)
        _save(folder, table, header, [*rows, [values.get(c, "") for c in header]])

    return change


def copy_row(table: str, key: str, **values: str) -> Change:
    """Paste the row that `key` names once more at the end of the table, with `values` changed."""

    def change(folder: Path) -> None:
        header, rows = _table(folder, table)
        copy = dict(zip(header, next(r for r in rows if _matches(r, key)), strict=True)) | values
        _save(folder, table, header, [*rows, [copy[c] for c in header]])

    return change


GHOST_EPISODE = {
    "episode_id": "ghost-2019",
    "name_en": "Ghost",
    "name_ar": "شبح",
    "chapter": "south",
    "summary_en": "An episode no row tells.",
    "summary_ar": "واقعة لا يرويها أي سطر.",
}


# (case, change, the one message the validator gives). Rows are CSV lines: events.csv line 10 is runup-02.
# fmt: off
def _without_arabic_description(folder: Path) -> None:
    path = folder / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    places = next(r for r in package["resources"] if r["name"] == "places")
    del next(f for f in places["schema"]["fields"] if f["name"] == "lat")["description_ar"]
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")


BROKEN: list[tuple[str, Change, str]] = [
    # dates (rule R8)
    ("date-shape-vs-precision", cell("events", "runup-02", "date_start", "2015-01-05"), "events.csv:10: date_start=2015-01-05: does not match date_precision=month"),
    ("date-not-a-calendar-day", cell("events", "runup-14", "date_start", "2015-02-30"), "events.csv:22: date_start=2015-02-30: not a calendar date"),
    ("season-month", cell("events", "runup-09", "date_start", "2015-04"), "events.csv:17: date_start=2015-04: a season runs from its first month (03, 06, 09, 12) to its last (05, 08, 11, 02)"),
    ("end-before-start", cell("events", "runup-14", "date_end", "2015-07-20"), "events.csv:22: date_end=2015-07-20: ends before date_start"),
    ("stated-year-missing", cell("events", "summary-01", "date_start", "2016-09"), "events.csv:2: date_start=2016-09: stated, but the quotation lacks the year 2016"),
    ("stated-month-name-missing", cell("events", "summary-01", "date_start", "2015-10"), "events.csv:2: date_start=2015-10: stated, but the quotation names no أكتوبر"),
    ("stated-season-word-missing", cells("events", "deir-ez-zor-24", date_start="2021-06", date_end="2021-08"), "events.csv:93: date_start=2021-06: stated, but the quotation lacks «صيف»"),
    ("inferred-date-without-note", cells("events", "runup-15", note="", note_ar=""), "events.csv:23: note=: an inferred date gives its evidence in note"),
    ("undated-with-precision", cell("events", "runup-13", "date_precision", "year"), "events.csv:21: date_precision=year: an undated row has no precision or basis"),
    ("dated-without-basis", cell("events", "runup-02", "date_basis", ""), "events.csv:10: date_basis=: a dated row gives date_precision and date_basis"),
    ("quoted-years-vs-dates", cells("events", "runup-06", date_start="2016-01", date_end="2016-02"), "events.csv:14: date_start=2016-01: the row's years miss every year the quotation states [2015]"),
    # keys and vocabularies (the Frictionless schema)
    ("duplicate-id", copy_row("events", "runup-02"), "events.csv:126: event_id=runup-02: unique-error: the same as in the row at line 10"),
    ("unknown-sub-type", cell("events", "runup-02", "sub_event_type", "summit"), 'events.csv:10: sub_event_type=summit: foreign-key: for "sub_event_type": values "summit" not found in the lookup table "codebook" as "sub_event_type"'),
    ("unknown-place", cell("events", "runup-02", "place_id", "atlantis"), 'events.csv:10: place_id=atlantis: foreign-key: for "place_id": values "atlantis" not found in the lookup table "places" as "place_id"'),
    ("unknown-episode", cell("events", "runup-13", "episode_id", "gaza-2014"), 'events.csv:21: episode_id=gaza-2014: foreign-key: for "episode_id": values "gaza-2014" not found in the lookup table "episodes" as "episode_id"'),
    ("unknown-actor", cell("event_actors", "runup-02,velayati", "actor_id", "napoleon"), 'event_actors.csv:21: actor_id=napoleon: foreign-key: for "actor_id": values "napoleon" not found in the lookup table "actors" as "actor_id"'),
    ("script-in-text", cell("events", "runup-02", "summary_en", "<script>alert(1)</script>"), "events.csv:10: summary_en=<script>alert(1)</script>: constraint-error: no < or > in text (no HTML)"),
    ("unknown-row-kind", cell("events", "runup-02", "row_kind", "incident"), "events.csv:10: row_kind=incident: constraint-error: not one of event, situation, attitude, assessment, summary"),
    ("required-title", cell("events", "runup-02", "title_en", ""), 'events.csv:10: title_en="": constraint-error: required; fill it in'),
    ("event-id-pattern", copy_row("events", "runup-13", event_id="Runup-99"), "events.csv:126: event_id=Runup-99: constraint-error: an event id: lower-case words and two digits joined by hyphens (runup-02)"),
    ("actor-id-pattern", add("actors", actor_id="Hamas", name_en="Hamas", name_ar="حماس", kind="militia", aligned_with="Syrian opposition"), "actors.csv:69: actor_id=Hamas: constraint-error: an id is lower-case Latin letters, digits and _ (al_bukamal)"),
    ("citation-of-a-whole-paragraph", cell("events", "runup-02", "source_ref", "p05"), "events.csv:10: source_ref=p05: constraint-error: a sentence or a run of sentences of one paragraph (p12.3, p12.3-4)"),
    ("seed-lines-with-an-en-dash", cell("events", "runup-02", "seed_lines", "44–48"), "events.csv:10: seed_lines=44–48: constraint-error: «–» is EN DASH (U+2013), not a plain hyphen (-); retype it"),
    ("underscore-in-a-label", cell("codebook", "meeting", "label_en", "meeting_x"), "codebook.csv:3: label_en=meeting_x: constraint-error: no <, > or _ in a label"),
    ("text-in-a-number", cell("places", "aleppo", "lat", "36.2N"), "places.csv:4: lat=36.2N: type-error: not a number (digits 0-9 and .)"),
    ("negative-fatalities", cell("events", "integration-17", "fatalities_low", "-80"), 'events.csv:42: fatalities_low=-80: constraint-error: constraint "minimum" is "0"'),
    ("duplicate-actor-link", copy_row("event_actors", "runup-02,velayati"), "event_actors.csv:293: event_id,actor_id,role=runup-02,velayati,initiator: primary-key: the same as in the row at line 21"),
    # citations (rule R12)
    ("unknown-sentence", cell("events", "runup-02", "source_ref", "p05.9"), "events.csv:10: source_ref=p05.9: no such sentence in the source: 'p05.9': p05 has sentences 1-3"),
    ("unknown-paragraph", cell("events", "runup-02", "source_ref", "p99.1"), "events.csv:10: source_ref=p99.1: no such sentence in the source: no paragraph 'p99' in the repaired source"),
    ("quote-not-in-sentence", cell("events", "runup-02", "source_ref", "p05.1"), "events.csv:10: quote_ar=ففي شهر كانون الثاني/ يناير من عام 2015،: not found in source sentence(s) p05.1"),
    ("seed-lines-outside-paragraph", cell("events", "runup-02", "seed_lines", "87-89"), "events.csv:10: seed_lines=87-89: not within p05's raw lines 42-50"),
    ("quote-letters-not-in-raw-lines", cell("events", "runup-02", "seed_lines", "42-43"), "events.csv:10: seed_lines=42-43: the quotation's letters are not all in these raw lines"),
    # row kinds, roles and relations (rules R1, R2, R5, R6)
    ("context-with-sub-type", cell("events", "runup-01", "sub_event_type", "meeting"), "events.csv:9: sub_event_type=meeting: a summary row is not an event: leave it empty (rule R2)"),
    ("context-with-certainty", cell("events", "runup-01", "certainty", "stated"), "events.csv:9: certainty=stated: a summary row is not an event: leave it empty (rule R2)"),
    ("context-with-initiator", cell("event_actors", "runup-01,russia", "role", "initiator"), "events.csv:9: event_id=runup-01: a summary row has holders and subjects, not an initiator"),
    ("event-without-certainty", cell("events", "runup-13", "certainty", ""), "events.csv:21: certainty=: an event needs one"),
    ("event-without-sub-type", cell("events", "runup-13", "sub_event_type", ""), "events.csv:21: sub_event_type=: an event needs one"),
    ("event-with-a-holder", add("event_actors", event_id="runup-02", actor_id="khamenei", role="holder"), "events.csv:10: event_id=runup-02: an event's actors are initiators, targets or mediators, not a holder"),
    ("event-without-initiator", cell("event_actors", "runup-13,assad", "role", "target"), "events.csv:21: event_id=runup-13: an event is an act by an identified actor: name its initiator (rule R1)"),
    ("event-without-actors", drop("event_actors", "runup-13"), "events.csv:21: event_id=runup-13: has no row in event_actors.csv"),
    ("bilateral-without-both-sides", cell("event_actors", "runup-02,velayati", "actor_id", "assad"), "events.csv:10: ri_relation=bilateral: needs a Russian-side and an Iranian-side actor as initiator or target"),
    ("joint-without-third-party", cell("event_actors", "integration-37,syrian_armed_opposition", "actor_id", "hezbollah"), "events.csv:62: ri_relation=joint: needs Russian-side and Iranian-side initiators and a third-party target"),
    ("russia-iran-pair-left-as-context", cell("events", "runup-02", "ri_relation", ""), "events.csv:10: ri_relation=: a Russian-side and an Iranian-side actor take part: bilateral or joint"),
    ("joint-without-joint-code", cell("events", "integration-37", "sub_event_type", "withdrawal"), "events.csv:62: ri_relation=joint: withdrawal has no joint code in the codebook"),
    # fatalities
    ("fatalities-low-above-high", cell("events", "integration-17", "fatalities_low", "120"), "events.csv:42: fatalities_low=120: greater than fatalities_high"),
    ("fatalities-one-figure", cell("events", "integration-17", "fatalities_high", ""), "events.csv:42: fatalities_low=80: give both low and high figures"),
    # episodes (rule R9)
    ("episode-without-event", add("episodes", **GHOST_EPISODE), "episodes.csv:14: episode_id=ghost-2019: no event belongs to it"),
    ("episode-in-another-chapter", cell("events", "runup-13", "episode_id", "khan-tuman"), "events.csv:21: episode_id=khan-tuman: the episode belongs to integration; the row cites p07.4"),
    # actors, places, chapters
    ("actor-parent-loop", cell("actors", "tabnak", "parent_actor_id", "tabnak"), "actors.csv:62: parent_actor_id=tabnak: parent chain loops"),
    ("coordinates-without-precision", cell("places", "aleppo", "geo_precision", "none"), "places.csv:4: geo_precision=none: coordinates are given exactly when geo_precision is not none"),
    ("precision-without-coordinates", cell("places", "iran", "geo_precision", "point"), "places.csv:12: geo_precision=point: coordinates are given exactly when geo_precision is not none"),
    ("coordinates-without-source", cell("places", "aleppo", "coord_source", ""), "places.csv:4: coord_source=: coordinates need a source"),
    ("lat-lon-swapped", cells("places", "aleppo", lat="37.1612", lon="36.2012"), "places.csv:4: lat,lon=37.1612,36.2012: not in SY (Natural Earth 110m outline, 0.3° tolerance): swapped or mistyped?"),
    ("place-in-the-sea", cell("places", "latakia", "lon", "35.0"), "places.csv:15: lat,lon=35.5312,35.0: not in SY (Natural Earth 110m outline, 0.3° tolerance): swapped or mistyped?"),
    ("chapter-title-vs-heading", cell("chapters", "runup", "title_en", "Prelude"), "chapters.csv:3: chapter_id=runup: titles differ from the repaired text's section heading"),
    # the Arabic edition shows each English text's Arabic
    ("note-without-arabic", cell("events", "runup-14", "note_ar", ""), "events.csv:22: note_ar=: empty while note is given; the two editions show one or the other"),
    ("arabic-note-without-english", cell("actors", "afghan_militias", "note", ""), "actors.csv:2: note=: empty while note_ar is given; the two editions show one or the other"),
    ("description-without-arabic", _without_arabic_description, "datapackage.json:1: places.lat.description_ar=: missing; the Arabic edition shows it"),
]
# fmt: on


@pytest.mark.parametrize(("change", "message"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_fixture_fails_with_its_one_message(data_copy, change, message):
    change(data_copy)
    assert data.validate(data_copy) == [message]


def test_an_unreadable_descriptor_is_reported(data_copy):
    (data_copy / "datapackage.json").write_text("{", encoding="utf-8")
    assert data.validate(data_copy) == [
        "datapackage.json:1: descriptor=: unreadable: Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)"
    ]


def test_lat_lon_swap_fails_validate_not_only_a_test(data_copy):
    cells("places", "tehran", lat="51.4215", lon="35.6944")(data_copy)
    with pytest.raises(data.DataValidationError) as failure:
        data.load(data_copy)
    assert failure.value.problems == [
        "places.csv:25: lat,lon=51.4215,35.6944: not in IR (Natural Earth 110m outline, 0.3° tolerance): swapped or mistyped?"
    ]


def test_valid_data_is_remembered_and_any_edit_validates_again(data_copy):
    """The kernels skip validation only for inputs once found valid: an edit after that is caught."""
    data.load(data_copy)
    assert data._validity_stamp(data_copy).exists()
    cells("places", "tehran", lat="51.4215", lon="35.6944")(data_copy)
    assert not data._validity_stamp(data_copy).exists()
    with pytest.raises(data.DataValidationError):
        data.load(data_copy)
    assert not data._validity_stamp(data_copy).exists(), "invalid data was stamped valid"


def test_a_table_remembered_valid_fails_when_a_table_it_looks_up_loses_a_row(data_copy):
    """The schema stage remembers each valid table by its own bytes and those of the tables its foreign
    keys look up: three tables that name an actor fail once the actor is gone, though their own bytes are
    unchanged (and each is named by its own path, not taken for actors.csv)."""
    assert data.validate(data_copy) == []
    drop("actors", "velayati")(data_copy)
    missing = (
        'actor_id=velayati: foreign-key: for "actor_id": values "velayati" not found in the lookup table '
        '"actors" as "actor_id"'
    )
    assert data.validate(data_copy) == [
        f"event_actors.csv:21: {missing}",
        f"coding/first_actors.csv:21: {missing}",
        f"coding/second_actors.csv:28: {missing}",
    ]


def test_every_problem_is_listed_not_just_the_first(data_copy):
    cell("events", "runup-02", "source_ref", "p99.1")(data_copy)
    cell("events", "runup-14", "date_end", "2015-07-20")(data_copy)
    assert len(data.validate(data_copy)) == 2


# ---------------------------------------------------------------------------- malformed files

# (case folder under tests/fixtures/malformed/, the messages). Each folder holds only the changed file(s),
# copied over a fresh copy of data/; `<name>.removed` deletes data/<name>. `build.py` there remakes them.
# fmt: off
MALFORMED_CASES: list[tuple[str, list[str]]] = [
    ("extra-column", ["chapters.csv:1: header=notes: column not in the schema"]),
    ("missing-column", ["chapters.csv:1: header=seed_lines: column missing; the schema requires it"]),
    ("columns-out-of-order", ["chapters.csv:1: header=chapter_id,title_en,order,title_ar,seed_lines: columns out of order; expected chapter_id,order,title_en,title_ar,seed_lines"]),
    ("column-renamed", ["chapters.csv:1: header=Title_EN: not the schema's spelling; write title_en"]),
    ("header-with-trailing-space", ['chapters.csv:1: header="title_en ": not the schema\'s spelling; write title_en']),
    ("header-only", ["chapters.csv:2: chapter_id=(end of file): the table has a header and no rows"]),
    ("empty-file", ["chapters.csv:1: header=(empty file): the file is empty; it needs the header chapter_id,order,title_en,title_ar,seed_lines and rows"]),
    ("missing-file", ["chapters.csv:1: file=chapters.csv: missing; every table of datapackage.json is needed"]),
    ("windows-1256", ["chapters.csv:2: title_ar=ملخّص: not UTF-8 (shown as read in Windows-1256); save the file as CSV UTF-8"]),
    ("utf-16", ["chapters.csv:1: header=UTF-16: saved as UTF-16 (Excel's Unicode Text); save the file as CSV UTF-8"]),
    ("utf-8-bom", ["chapters.csv:1: header=BOM: starts with a byte-order mark; save as UTF-8 without BOM"]),
    ("blank-line", ["chapters.csv:5: chapter_id=(blank line): blank row; delete it"]),
    ("row-of-empty-cells", ["chapters.csv:10: chapter_id=,,,,: blank row; delete it"]),
    ("extra-cell", ["chapters.csv:7: column 6=x: 6 cells, the header has 5 columns: a comma in a cell without double quotes?"]),
    ("missing-cell", ["chapters.csv:7: seed_lines=(no cell): 4 cells, the header has 5 columns: a cell or a comma is missing"]),
    ("comma-in-unquoted-cell", ["chapters.csv:8: column 6=426-455: 6 cells, the header has 5 columns: a comma in a cell without double quotes?"]),
    ("semicolon-separated", ["chapters.csv:1: header=chapter_id;order;title_en;title_ar;seed_lines: separated by semicolons, not commas; save the file as CSV UTF-8"]),
    ("trailing-comma", ["chapters.csv:1: header=chapter_id,order,title_en,title_ar,seed_lines,: a comma at the end of the line makes an unnamed column; delete the last comma of every line"]),
    ("unclosed-quote", ['chapters.csv:4: title_en="Integration problems,تحديات التكامل الع…: a quotation mark opens this cell and does not close it on this line; add the closing "']),
    ("undoubled-quote", ['chapters.csv:8: title_en="Reconstruction, "economic" competition…: a quotation mark inside a quoted cell; write it twice ("") or use « »']),
    ("duplicated-header", ["chapters.csv:6: chapter_id=chapter_id: the header again, as a row (two files pasted together?); delete this line"]),
    ("duplicated-row", ["chapters.csv:5: chapter_id=integration: unique-error: the same as in the row at line 4"]),
    ("integer-with-decimals", ["chapters.csv:3: order=12.5: type-error: not a whole number (digits 0-9 only)"]),
    ("arabic-indic-digits", ["events.csv:42: fatalities_low=٨٠: not in the digits 0-9; write 80"]),
    ("date-dd-mm-yyyy", ["events.csv:22: date_start=24/07/2015: constraint-error: not an ISO date; write YYYY, YYYY-MM or YYYY-MM-DD"]),
    ("pandas-float-integer", ["places.csv:4: geonameid=170063.0: type-error: a whole number; write 170063"]),
    ("not-available", ["places.csv:4: geonameid=N/A: type-error: leave the cell empty when there is no figure"]),
    ("decimal-comma", ["places.csv:4: lat=36,2012: type-error: a decimal comma; write 36.2012"]),
    ("lat-lon-swapped", ["places.csv:4: lat,lon=37.1612,36.2012: not in SY (Natural Earth 110m outline, 0.3° tolerance): swapped or mistyped?"]),
    ("trailing-space-in-id", ['event_actors.csv:21: event_id="runup-02 ": foreign-key: for "event_id": values "runup-02 " not found in the lookup table "events" as "event_id"; a space before or after the value; delete it']),
    ("latin-lookalike-in-id", ['event_actors.csv:21: actor_id=velаyati: foreign-key: for "actor_id": values "velаyati" not found in the lookup table "actors" as "actor_id"; «а» is CYRILLIC SMALL LETTER A (U+0430), not a Latin letter; retype it']),
    ("invisible-mark-in-id", ['event_actors.csv:22: actor_id="putin[U+200F]": foreign-key: for "actor_id": values "putin\u200f" not found in the lookup table "actors" as "actor_id"; holds an invisible right-to-left mark (U+200F); delete it']),
    ("space-after-vocabulary-word", ['places.csv:4: kind="city ": constraint-error: a space before or after the value; delete it']),
]
# fmt: on


def _with_fixture(folder: Path, case: str) -> None:
    fixture = MALFORMED / case
    assert fixture.is_dir(), f"no fixture folder {fixture}"
    for path in sorted(fixture.rglob("*")):
        name = path.relative_to(fixture).as_posix()
        if name.endswith(".removed"):
            (folder / name.removesuffix(".removed")).unlink()
        elif name.endswith(".csv"):
            shutil.copyfile(path, folder / name)


@pytest.mark.parametrize(("case", "messages"), MALFORMED_CASES, ids=[c[0] for c in MALFORMED_CASES])
def test_malformed_file_fails_with_its_message(data_copy, case, messages):
    _with_fixture(data_copy, case)
    assert data.validate(data_copy) == messages


@pytest.mark.parametrize("message", [m for _, ms in MALFORMED_CASES for m in ms])
def test_a_malformed_file_message_names_file_row_column_value_and_rule(message):
    parts = MESSAGE.fullmatch(message)
    assert parts, message
    assert Path(parts["file"]).name in {Path(r["path"]).name for r in data.datapackage()["resources"]}
    assert parts["column"].strip() not in {"", "-", "–", "—"}
    assert parts["value"].strip() not in {"", "-", "–", "—"}
    assert parts["rule"].strip() not in {"", "-", "–", "—"}


def test_every_malformed_fixture_folder_has_a_case():
    folders = {p.name for p in MALFORMED.iterdir() if p.is_dir()}
    assert folders == {case for case, _ in MALFORMED_CASES} | {"crlf-line-endings"}


def test_excel_crlf_line_endings_pass(data_copy):
    """Excel on Windows ends lines with CRLF; that is still a well-formed CSV."""
    _with_fixture(data_copy, "crlf-line-endings")
    assert b"\r\n" in (data_copy / "chapters.csv").read_bytes()
    assert data.validate(data_copy) == []


# ---------------------------------------------------------------------------- the validate command


def _syriacoop(project: Path, *arguments: str) -> subprocess.CompletedProcess:
    """`python -m syriacoop …` run in `project`, which it finds from its working directory."""
    env = {k: v for k, v in os.environ.items() if k != "SYRIACOOP_ROOT"}
    return subprocess.run(
        [sys.executable, "-m", "syriacoop", *arguments],
        cwd=project,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )


def test_validate_command_passes_the_committed_project():
    done = _syriacoop(ROOT, "validate")
    assert (done.returncode, done.stdout.strip()) == (0, "data and source text valid"), done.stderr


def test_the_parallel_build_stops_before_any_notebook_runs(tmp_path):
    """`build` validates in its first worker while it prepares the notebooks: invalid data still stops it
    with the message alone, with no notebook run and no page written."""
    from jupyter_cache import get_cache

    project = copy_project(ROOT, tmp_path / "project")
    cells("places", "aleppo", lat="37.1612", lon="36.2012")(project / "data")
    done = _syriacoop(project, "build", "--jobs", "3")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        "places.csv:4: lat,lon=37.1612,36.2012: not in SY (Natural Earth 110m outline, 0.3° tolerance): swapped or mistyped?",
        "data validation failed: 1 problem(s); no notebook was run",
    ]
    assert not (project / "_build/html").exists()
    caches = list((project / "_build/.jupyter_cache").glob("*"))
    assert caches and all(get_cache(str(cache)).list_cache_records() == [] for cache in caches)


def test_validate_command_stops_the_build_with_the_message(tmp_path):
    project = copy_project(ROOT, tmp_path / "project")
    cells("places", "aleppo", lat="37.1612", lon="36.2012")(project / "data")
    done = _syriacoop(project, "validate")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "places.csv:4: lat,lon=37.1612,36.2012: not in SY (Natural Earth 110m outline, 0.3° tolerance): swapped or mistyped?",
        "data validation failed: 1 problem(s); no notebook was run",
    ]
