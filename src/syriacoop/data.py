"""Load the dataset, validated against `data/datapackage.json` and the coding rules.

`load()` returns a `Dataset` of DataFrames or raises `DataValidationError`, whose message lists every
problem as `file:row: column=value: rule` (row = line in the CSV, the header being line 1). The checks
run in three stages, each only when the one before found nothing, because each assumes the last:
files (present, UTF-8, sound CSV quoting, header as the schema, a cell per column in every row, numbers in
the digits 0-9), then the Frictionless schema (types, vocabularies, keys), then the coding rules of the
book's Coding rules appendix (R1–R12) across tables.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import geo, seed
from .paths import data_dir

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


def _problem(file: str, row: int | str, column: str, value: object, rule: str) -> str:
    return f"{file}:{row}: {column}={value!s}: {rule}"


def _on_event(row: int, column: str, value: object, rule: str) -> str:
    return _problem("events.csv", row, column, value, rule)


# ---------------------------------------------------------------------------- stage 1: the files


_SEPARATORS = {";": "semicolons", "\t": "tabs"}
# Characters a text editor or a right-to-left keyboard slips in unseen: no-break and zero-width spaces,
# direction marks and embeddings, a stray byte-order mark.
_INVISIBLE = re.compile("[\u00a0\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_ASCII_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.")


def _shown(value: str, width: int = 60) -> str:
    """A cell as a message shows it: in quotes when it is empty or when spaces or invisible characters
    would hide what is wrong with it, invisible characters spelled out as [U+200F]."""
    value = value if len(value) <= width else value[:width].rstrip() + "…"
    if value and value == value.strip() and not _INVISIBLE.search(value):
        return value
    return '"' + _INVISIBLE.sub(lambda m: f"[U+{ord(m[0]):04X}]", value) + '"'


def _undecodable(name: str, raw: bytes, error: UnicodeDecodeError) -> str:
    """The cell holding the first byte that is not UTF-8, read as Windows-1256 (what Excel and Notepad
    on an Arabic Windows save) so the user recognises the text."""
    start = raw.rfind(b"\n", 0, error.start) + 1
    end = raw.find(b"\n", error.start)
    line = raw[start : len(raw) if end < 0 else end].decode("cp1256", "replace").rstrip("\r")
    header = next(csv.reader([raw.split(b"\n", 1)[0].decode("utf-8", "replace").rstrip("\r")]), [])
    cells = next(csv.reader([line]), [""])
    at = next((i for i, cell in enumerate(cells) if not cell.isascii()), 0)
    number = raw[: error.start].count(b"\n") + 1
    column = "header" if number == 1 else header[at] if at < len(header) else f"column {at + 1}"
    rule = "not UTF-8 (shown as read in Windows-1256); save the file as CSV UTF-8"
    return _problem(name, number, column, _shown(cells[at]), rule)


def _quote_fault(line: str) -> tuple[int, int, bool] | None:
    """The first badly quoted cell of a line: its index, where its quotation mark is, and whether the
    mark opens a cell that does not close on the line (else a bare quotation mark follows a closed one)."""
    cell = at = 0
    while at <= len(line):
        if line.startswith('"', at):
            close = at + 1
            while (close := line.find('"', close)) >= 0 and line.startswith('"', close + 1):
                close += 2
            if close < 0:
                return cell, at, True
            if close + 1 < len(line) and line[close + 1] != ",":
                return cell, at, False
            at = close + 1
        else:
            comma = line.find(",", at)
            at = len(line) if comma < 0 else comma
        cell, at = cell + 1, at + 1
    return None


def _quoting_problem(name: str, number: int, text: str, header: list[str], error: csv.Error) -> str:
    """Where strict CSV reading stopped: a quotation mark that does not close, or one inside a quoted
    cell that is not doubled."""
    line = text.splitlines()[number - 1]
    fault = _quote_fault(line)
    if fault is None:
        column = header[0] if header else "header"
        return _problem(name, number, column, _shown(line, 40), f"bad CSV quoting: {error}")
    cell, at, opens = fault
    column = "header" if number == 1 else header[cell] if cell < len(header) else f"column {cell + 1}"
    if opens:
        rule = 'a quotation mark opens this cell and does not close it on this line; add the closing "'
    else:
        rule = 'a quotation mark inside a quoted cell; write it twice ("") or use « »'
    return _problem(name, number, column, _shown(line[at:], 40), rule)


def _header_problems(name: str, header: list[str], expected: list[str]) -> list[str]:
    if len(header) == 1 and (separator := next((s for s in _SEPARATORS if s in header[0]), None)):
        rule = f"separated by {_SEPARATORS[separator]}, not commas; save the file as CSV UTF-8"
        return [_problem(name, 1, "header", header[0].replace("\t", "\\t"), rule)]
    width = len(expected)
    if header[:width] == expected and len(header) > width and not any(header[width:]):
        rule = "a comma at the end of the line makes an unnamed column; delete the last comma of every line"
        return [_problem(name, 1, "header", ",".join(header), rule)]
    problems = []
    extra = [c for c in header if c not in expected]
    missing = [c for c in expected if c not in header]
    for column in extra:
        meant = next((m for m in missing if m == column.strip().lower().replace(" ", "_")), None)
        if meant:
            missing.remove(meant)
        rule = f"not the schema's spelling; write {meant}" if meant else "column not in the schema"
        problems.append(_problem(name, 1, "header", _shown(column), rule))
    for column in missing:
        problems.append(_problem(name, 1, "header", column, "column missing; the schema requires it"))
    if not extra and not missing and header != expected:
        rule = f"columns out of order; expected {','.join(expected)}"
        problems.append(_problem(name, 1, "header", ",".join(header), rule))
    return problems


def _row_problems(name: str, number: int, cells: list[str], fields: list[dict]) -> list[str]:
    """A row has one cell per column, and its numbers are written in the digits 0-9."""
    expected = [f["name"] for f in fields]
    width = len(expected)
    if cells == expected:
        rule = "the header again, as a row (two files pasted together?); delete this line"
        return [_problem(name, number, expected[0], cells[0], rule)]
    if not any(c.strip() for c in cells):
        shown = _shown(",".join(cells)) if cells else "(blank line)"
        return [_problem(name, number, expected[0], shown, "blank row; delete it")]
    if len(cells) > width:
        rule = f"{len(cells)} cells, the header has {width} columns: a comma in a cell without double quotes?"
        return [_problem(name, number, f"column {width + 1}", _shown(cells[width]), rule)]
    if len(cells) < width:
        rule = f"{len(cells)} cells, the header has {width} columns: a cell or a comma is missing"
        return [_problem(name, number, expected[len(cells)], "(no cell)", rule)]
    problems = []
    for field, cell in zip(fields, cells, strict=True):
        if field["type"] in ("integer", "number") and not cell.isascii():
            ascii_cell = cell.translate(_ASCII_DIGITS)
            rule = "not in the digits 0-9" + (f"; write {ascii_cell}" if ascii_cell.isascii() else "")
            problems.append(_problem(name, number, field["name"], _shown(cell), rule))
    return problems


def _table_problems(name: str, text: str, fields: list[dict]) -> list[str]:
    """The header is the schema's, every row has its cells, the CSV's quoting is sound."""
    expected = [f["name"] for f in fields]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        return [_quoting_problem(name, start, text, rows[0][1] if rows else [], error)]
    if not rows:
        rule = f"the file is empty; it needs the header {','.join(expected)} and rows"
        return [_problem(name, 1, "header", "(empty file)", rule)]
    if problems := _header_problems(name, rows[0][1], expected):
        return problems
    if len(rows) < 2:
        return [_problem(name, 2, expected[0], "(end of file)", "the table has a header and no rows")]
    return [problem for number, cells in rows[1:] for problem in _row_problems(name, number, cells, fields)]


def _file_problems(folder: Path) -> list[str]:
    """Each table exists, is UTF-8, has the schema's columns in order, and has rows of that width."""
    try:
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [_problem("datapackage.json", 1, "descriptor", "", f"unreadable: {error}")]
    problems = []
    for resource in descriptor["resources"]:
        name = resource["path"]
        path = folder / name
        if not path.exists():
            rule = "missing; every table of datapackage.json is needed"
            problems.append(_problem(name, 1, "file", name, rule))
            continue
        raw = path.read_bytes()
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            rule = "saved as UTF-16 (Excel's Unicode Text); save the file as CSV UTF-8"
            problems.append(_problem(name, 1, "header", "UTF-16", rule))
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            problems.append(_undecodable(name, raw, error))
            continue
        if text.startswith("\ufeff"):
            rule = "starts with a byte-order mark; save as UTF-8 without BOM"
            problems.append(_problem(name, 1, "header", "BOM", rule))
            continue
        problems += _table_problems(name, text, resource["schema"]["fields"])
    return problems


# ---------------------------------------------------------------------------- stage 2: the schema


# What a schema pattern or type asks for, in words a user can act on (else Frictionless's own note).
_ISO_DATE = "[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?"
_PATTERN_RULES = {
    "[^<>]*": "no < or > in text (no HTML)",
    "[^<>_]*": "no <, > or _ in a label",
    _ISO_DATE: "not an ISO date; write YYYY, YYYY-MM or YYYY-MM-DD",
    "[a-z]+(-[a-z]+)*-[0-9]{2}": "an event id: lower-case words and two digits joined by hyphens (runup-02)",
    "[a-z][a-z0-9_]*": "an id is lower-case Latin letters, digits and _ (al_bukamal)",
    "[0-9]+-[0-9]+": "two raw line numbers joined by a hyphen (44-48)",
    "p[0-9]{2}\\.[0-9]+(-[0-9]+)?": "a sentence or a run of sentences of one paragraph (p12.3, p12.3-4)",
}
_TYPE_RULES = {"integer": "not a whole number (digits 0-9 only)", "number": "not a number (digits 0-9 and .)"}
_NO_VALUE = {"NA", "N/A", "NAN", "NONE", "NULL", "-", "–", "—", "?"}


def _cell_rule(value: str, field: dict, latin: bool) -> str | None:
    """What is wrong with a cell when a hidden character, a stray space, a spreadsheet's habit or a
    look-alike letter is the cause."""
    if mark := _INVISIBLE.search(value):
        name = unicodedata.name(mark[0], "character").lower()
        return f"holds an invisible {name} (U+{ord(mark[0]):04X}); delete it"
    if value != value.strip():
        return "a space before or after the value; delete it"
    if field.get("type") in ("integer", "number"):
        if value.upper() in _NO_VALUE:
            return "leave the cell empty when there is no figure"
        if re.fullmatch(r"-?[0-9]+,[0-9]+", value):
            return f"a decimal comma; write {value.replace(',', '.')}"
        if field["type"] == "integer" and re.fullmatch(r"-?[0-9]+\.0+", value):
            return f"a whole number; write {value.split('.')[0]}"
    if latin and (odd := next((c for c in value if not c.isascii()), None)):
        name = unicodedata.name(odd, "a character")
        dash = unicodedata.category(odd) == "Pd"
        kind = "a Latin letter" if odd.isalpha() else "a plain hyphen (-)" if dash else "ASCII"
        return f"«{odd}» is {name} (U+{ord(odd):04X}), not {kind}; retype it"
    return None


def _rule(error: object, value: str, field: dict) -> str:
    """`type: what to do` for one Frictionless error on one cell."""
    note = error.note.replace("the row at position", "the row at line")
    constraints = field.get("constraints", {})
    # ids, keys and vocabularies are Latin; free text (a `[^<>]*` pattern) may be Arabic
    free_text = constraints.get("pattern", "[^").startswith("[^")
    latin = error.type == "foreign-key" or "enum" in constraints or not free_text
    if specific := _cell_rule(value, field, latin):
        return f"{error.type}: " + (f"{note}; {specific}" if error.type == "foreign-key" else specific)
    constraint = re.match(r'constraint "(\w+)"', note)
    if error.type == "type-error":
        note = _TYPE_RULES.get(field.get("type"), note)
    elif constraint and constraint[1] == "pattern":
        note = _PATTERN_RULES.get(constraints["pattern"], note)
    elif constraint and constraint[1] == "enum":
        note = "not one of " + ", ".join(constraints["enum"])
    elif constraint and constraint[1] == "required":
        note = "required; fill it in"
    return f"{error.type}: {note}"


def _schema_problems(descriptor: Path) -> list[str]:
    """Types, required fields, enums, patterns, unique and primary keys, foreign keys."""
    from frictionless import Package, system

    problems = []
    resources = json.loads(descriptor.read_text(encoding="utf-8"))["resources"]
    schemas = {r["path"]: r["schema"] for r in resources}
    with system.use_context(trusted=True):
        report = Package(str(descriptor)).validate()
    for task in report.tasks:
        place = Path(task.place).as_posix()
        file = next((path for path in schemas if place.endswith(path)), Path(place).name)
        schema = schemas.get(file, {"fields": [{"name": "table"}]})
        fields = [f["name"] for f in schema["fields"]]
        by_name = {f["name"]: f for f in schema["fields"]}
        blank = {e.row_number for e in task.errors if e.type == "blank-row"}
        unique = {e.row_number for e in task.errors if e.type == "unique-error"}
        for error in task.errors:
            row = getattr(error, "row_number", None)
            if error.type == "blank-row":
                problems.append(_problem(file, row, fields[0], "", "blank row; delete it"))
            elif row in blank:
                continue  # a blank row's key errors say nothing more
            elif error.type == "extra-cell":
                column = f"column {getattr(error, 'field_number', len(fields) + 1)}"
                problems.append(
                    _problem(file, row, column, error.cell, "more cells than the header has columns")
                )
            elif error.type == "missing-cell":
                problems.append(
                    _problem(file, row, error.field_name, "", "fewer cells than the header has columns")
                )
            elif error.type == "primary-key":
                if row not in unique:  # a one-column key's duplicate is told once, by its unique-error
                    key = schema.get("primaryKey", [])
                    rule = f"{error.type}: {error.note.replace('the row at position', 'the row at line')}"
                    problems.append(_problem(file, row, ",".join(key), ",".join(map(str, error.cells)), rule))
            elif getattr(error, "field_names", None):  # foreign keys name their fields and cells
                column = ",".join(error.field_names)
                cells = ["" if c is None else str(c) for c in error.field_cells]
                field = by_name.get(error.field_names[0], {})
                rule = _rule(error, cells[0], field) if len(cells) == 1 else f"{error.type}: {error.note}"
                problems.append(_problem(file, row, column, ",".join(map(_shown, cells)), rule))
            elif getattr(error, "field_name", None):
                rule = _rule(error, str(error.cell), by_name.get(error.field_name, {}))
                problems.append(_problem(file, row, error.field_name, _shown(str(error.cell)), rule))
            else:
                problems.append(_problem(file, row or 1, "table", "", f"{error.type}: {error.note}"))
    return problems


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


def _relation_problem(row: int, ev: pd.Series, roles: dict[str, set[str]]) -> str | None:
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
        if problem := _relation_problem(row, ev, sides.get(ev.event_id, {})):
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
                _problem("episodes.csv", row, "episode_id", episode.episode_id, "no event belongs to it")
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
                    _problem(
                        "actors.csv", row, "parent_actor_id", actor.parent_actor_id, "parent chain loops"
                    )
                )
                break
            seen.add(current)
            current = parents.get(current, "")
    return problems


def _place_problems(places: pd.DataFrame) -> list[str]:
    problems = []
    for row, place in places.iterrows():
        has_coords = bool(place.lat) and bool(place.lon)
        if (place.geo_precision == "none") == has_coords or bool(place.lat) != bool(place.lon):
            rule = "coordinates are given exactly when geo_precision is not none"
            problems.append(_problem("places.csv", row, "geo_precision", place.geo_precision, rule))
            continue
        if has_coords and not place.coord_source:
            problems.append(_problem("places.csv", row, "coord_source", "", "coordinates need a source"))
        if has_coords and not geo.in_country(float(place.lat), float(place.lon), place.country):
            rule = (
                f"not in {place.country} (Natural Earth 110m outline, 0.3° tolerance): swapped or mistyped?"
            )
            problems.append(_problem("places.csv", row, "lat,lon", f"{place.lat},{place.lon}", rule))
    return problems


def _section_problems(chapters: pd.DataFrame) -> list[str]:
    problems = []
    titles = {s.id: (s.title_en, s.title_ar) for s in seed.sections()}
    for row, chapter in chapters.iterrows():
        if titles.get(chapter.chapter_id) != (chapter.title_en, chapter.title_ar):
            rule = "titles differ from the repaired text's section heading"
            problems.append(_problem("chapters.csv", row, "chapter_id", chapter.chapter_id, rule))
    return problems


def validate(folder: Path | None = None) -> list[str]:
    """Every problem in the dataset at `folder` (default: the project's data/), files first."""
    folder = folder or data_dir()
    problems = _file_problems(folder) or _schema_problems(folder / "datapackage.json")
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


def load(folder: Path | None = None) -> Dataset:
    """The validated dataset, typed: dates as `start`/`end` timestamps, numbers as numbers, each row's
    chapter and paragraph from its citation, and each event's codes looked up from the codebook."""
    folder = folder or data_dir()
    problems = validate(folder)
    if problems:
        raise DataValidationError(problems)
    return _typed(folder)


def datapackage(folder: Path | None = None) -> dict:
    return json.loads(((folder or data_dir()) / "datapackage.json").read_text(encoding="utf-8"))
