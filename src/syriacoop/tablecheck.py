"""The files and the schema: the first two stages of validation, before any coding rule.

Stage 1 reads each table as a user's spreadsheet may have left it: present, UTF-8 (not Windows-1256 or
UTF-16), soundly quoted, with the schema's header and one cell per column in every row, its numbers in
the digits 0-9. Stage 2 is the Frictionless schema: types, vocabularies, patterns, unique, primary and
foreign keys. Every problem is one line, `file:row: column=value: rule`, with a rule a user can act on.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from pathlib import Path

from .paths import validated_dir


def problem(file: str, row: int | str, column: str, value: object, rule: str) -> str:
    return f"{file}:{row}: {column}={value!s}: {rule}"


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
    return problem(name, number, column, _shown(cells[at]), rule)


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


def _quotingproblem(name: str, number: int, text: str, header: list[str], error: csv.Error) -> str:
    """Where strict CSV reading stopped: a quotation mark that does not close, or one inside a quoted
    cell that is not doubled."""
    line = text.splitlines()[number - 1]
    fault = _quote_fault(line)
    if fault is None:
        column = header[0] if header else "header"
        return problem(name, number, column, _shown(line, 40), f"bad CSV quoting: {error}")
    cell, at, opens = fault
    column = "header" if number == 1 else header[cell] if cell < len(header) else f"column {cell + 1}"
    if opens:
        rule = 'a quotation mark opens this cell and does not close it on this line; add the closing "'
    else:
        rule = 'a quotation mark inside a quoted cell; write it twice ("") or use « »'
    return problem(name, number, column, _shown(line[at:], 40), rule)


def _header_problems(name: str, header: list[str], expected: list[str]) -> list[str]:
    if len(header) == 1 and (separator := next((s for s in _SEPARATORS if s in header[0]), None)):
        rule = f"separated by {_SEPARATORS[separator]}, not commas; save the file as CSV UTF-8"
        return [problem(name, 1, "header", header[0].replace("\t", "\\t"), rule)]
    width = len(expected)
    if header[:width] == expected and len(header) > width and not any(header[width:]):
        rule = "a comma at the end of the line makes an unnamed column; delete the last comma of every line"
        return [problem(name, 1, "header", ",".join(header), rule)]
    problems = []
    extra = [c for c in header if c not in expected]
    missing = [c for c in expected if c not in header]
    for column in extra:
        meant = next((m for m in missing if m == column.strip().lower().replace(" ", "_")), None)
        if meant:
            missing.remove(meant)
        rule = f"not the schema's spelling; write {meant}" if meant else "column not in the schema"
        problems.append(problem(name, 1, "header", _shown(column), rule))
    for column in missing:
        problems.append(problem(name, 1, "header", column, "column missing; the schema requires it"))
    if not extra and not missing and header != expected:
        rule = f"columns out of order; expected {','.join(expected)}"
        problems.append(problem(name, 1, "header", ",".join(header), rule))
    return problems


def _row_problems(name: str, number: int, cells: list[str], fields: list[dict]) -> list[str]:
    """A row has one cell per column, and its numbers are written in the digits 0-9."""
    expected = [f["name"] for f in fields]
    width = len(expected)
    if cells == expected:
        rule = "the header again, as a row (two files pasted together?); delete this line"
        return [problem(name, number, expected[0], cells[0], rule)]
    if not any(c.strip() for c in cells):
        shown = _shown(",".join(cells)) if cells else "(blank line)"
        return [problem(name, number, expected[0], shown, "blank row; delete it")]
    if len(cells) > width:
        rule = f"{len(cells)} cells, the header has {width} columns: a comma in a cell without double quotes?"
        return [problem(name, number, f"column {width + 1}", _shown(cells[width]), rule)]
    if len(cells) < width:
        rule = f"{len(cells)} cells, the header has {width} columns: a cell or a comma is missing"
        return [problem(name, number, expected[len(cells)], "(no cell)", rule)]
    problems = []
    for field, cell in zip(fields, cells, strict=True):
        if field["type"] in ("integer", "number") and not cell.isascii():
            ascii_cell = cell.translate(_ASCII_DIGITS)
            rule = "not in the digits 0-9" + (f"; write {ascii_cell}" if ascii_cell.isascii() else "")
            problems.append(problem(name, number, field["name"], _shown(cell), rule))
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
        return [_quotingproblem(name, start, text, rows[0][1] if rows else [], error)]
    if not rows:
        rule = f"the file is empty; it needs the header {','.join(expected)} and rows"
        return [problem(name, 1, "header", "(empty file)", rule)]
    if problems := _header_problems(name, rows[0][1], expected):
        return problems
    if len(rows) < 2:
        return [problem(name, 2, expected[0], "(end of file)", "the table has a header and no rows")]
    return [problem for number, cells in rows[1:] for problem in _row_problems(name, number, cells, fields)]


def file_problems(folder: Path) -> list[str]:
    """Each table exists, is UTF-8, has the schema's columns in order, and has rows of that width."""
    try:
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [problem("datapackage.json", 1, "descriptor", "", f"unreadable: {error}")]
    problems = []
    for resource in descriptor["resources"]:
        name = resource["path"]
        path = folder / name
        if not path.exists():
            rule = "missing; every table of datapackage.json is needed"
            problems.append(problem(name, 1, "file", name, rule))
            continue
        raw = path.read_bytes()
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            rule = "saved as UTF-16 (Excel's Unicode Text); save the file as CSV UTF-8"
            problems.append(problem(name, 1, "header", "UTF-16", rule))
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            problems.append(_undecodable(name, raw, error))
            continue
        if text.startswith("\ufeff"):
            rule = "starts with a byte-order mark; save as UTF-8 without BOM"
            problems.append(problem(name, 1, "header", "BOM", rule))
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


def _lookups(name: str, entry: dict) -> list[str]:
    """The table `name` and every table its foreign keys look up (an empty reference is the table itself)."""
    keys = entry.get("schema", {}).get("foreignKeys", [])
    return list(dict.fromkeys([name, *(key["reference"]["resource"] or name for key in keys)]))


def _table_stamps(package: dict, folder: Path) -> dict[str, Path | None]:
    """Each table's stamp, naming everything the schema validation of the table reads: the package's own
    properties, the table's entry and bytes, those of every table its foreign keys look up, this module
    and the Frictionless version. None when a reference names no table (Frictionless reports it)."""
    from importlib.metadata import version

    entries = {r["name"]: r for r in package["resources"]}
    common = hashlib.sha256(Path(__file__).read_bytes() + f"frictionless=={version('frictionless')}".encode())
    common.update(json.dumps({k: v for k, v in package.items() if k != "resources"}, sort_keys=True).encode())
    stamps: dict[str, Path | None] = {}
    for name, entry in entries.items():
        names = _lookups(name, entry)
        if not all(n in entries for n in names):
            stamps[name] = None
            continue
        digest = common.copy()
        for n in names:
            digest.update(json.dumps(entries[n], sort_keys=True).encode())
            digest.update((folder / entries[n]["path"]).read_bytes())
        stamps[name] = validated_dir() / "tables" / digest.hexdigest()
    return stamps


def schema_problems(descriptor: Path) -> list[str]:
    """Types, required fields, enums, patterns, unique and primary keys, foreign keys. A table found valid
    is remembered (`_table_stamps`) and not validated again until it, its schema or a table it looks up
    changes: a rebuild after one CSV edit, or a test that breaks one table, validates that table alone."""
    from frictionless import Package, system

    package = json.loads(descriptor.read_text(encoding="utf-8"))
    entries = {r["name"]: r for r in package["resources"]}
    stamps = _table_stamps(package, descriptor.parent)
    stale = [name for name, stamp in stamps.items() if stamp is None or not stamp.exists()]
    twins = len(entries) != len(package["resources"])  # two entries of one name: Frictionless rejects them
    if not stale and not twins:
        return []
    if not twins:
        # Only the tables to validate and those their foreign keys look up: building the package validates
        # each entry it holds (all 13: 46 ms; 3: 7 ms), and the others were found valid as they stand.
        needed = {looked_up for name in stale for looked_up in _lookups(name, entries[name])}
        package = {**package, "resources": [entry for name, entry in entries.items() if name in needed]}
    problems = []
    with system.use_context(trusted=True):
        # Building the package validates the descriptor itself, as Package.validate() would first.
        for resource in Package(package, basepath=str(descriptor.parent)).resources:
            if resource.name not in stale:
                continue
            report = resource.validate()
            entry = entries[resource.name]
            for task in report.tasks:
                problems.extend(_task_problems(entry["path"], entry["schema"], task))
            stamp = stamps.get(resource.name)
            if report.valid and stamp is not None:
                stamp.parent.mkdir(parents=True, exist_ok=True)
                stamp.touch()
    return problems


def _task_problems(file: str, schema: dict, task) -> list[str]:
    """One line per error Frictionless found in the table `file`."""
    by_name = {f["name"]: f for f in schema["fields"]}
    unique = {e.row_number for e in task.errors if e.type == "unique-error"}
    problems = []
    # Blank rows and rows of the wrong width never get here: the file stage reports them.
    for error in task.errors:
        row = getattr(error, "row_number", None)
        if error.type == "primary-key":
            if row not in unique:  # a one-column key's duplicate is told once, by its unique-error
                key = schema.get("primaryKey", [])
                rule = f"{error.type}: {error.note.replace('the row at position', 'the row at line')}"
                problems.append(problem(file, row, ",".join(key), ",".join(map(str, error.cells)), rule))
        elif getattr(error, "field_names", None):  # foreign keys name their fields and cells
            column = ",".join(error.field_names)
            cells = ["" if c is None else str(c) for c in error.field_cells]
            field = by_name.get(error.field_names[0], {})
            rule = _rule(error, cells[0], field) if len(cells) == 1 else f"{error.type}: {error.note}"
            problems.append(problem(file, row, column, ",".join(map(_shown, cells)), rule))
        elif getattr(error, "field_name", None):
            rule = _rule(error, str(error.cell), by_name.get(error.field_name, {}))
            problems.append(problem(file, row, error.field_name, _shown(str(error.cell)), rule))
        else:
            problems.append(problem(file, row or 1, "table", "", f"{error.type}: {error.note}"))
    return problems
