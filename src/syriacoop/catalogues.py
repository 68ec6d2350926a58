"""The Arabic edition's prose catalogues, by Sphinx's own internationalisation.

`python -m syriacoop catalogues` extracts every translatable message of the English book with Sphinx's
gettext builder into `_build/gettext/<page>.pot`, adds a notebook's own strings (its code's `_()`
calls: chart titles, table headers, glued phrases) to its page's template, then brings
`locales/ar/LC_MESSAGES/<page>.po` up to date: a new message is added untranslated, a changed one keeps
its old translation marked fuzzy, and one no longer in the book is dropped. It prints what is left to
translate. `problems()` lists every untranslated or fuzzy message, file by file; the tests fail on any.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from .i18n import CODE, is_code_string, messages_in_code
from .paths import project_root
from .translation_check import message_problems

TEMPLATES = "_build/gettext"
# Catalogues kept partly by hand: `sphinx` holds the strings of Sphinx and of the themes that their own
# Arabic catalogues lack (buttons, labels, tooltips). Its template holds only our templates' strings, so
# an update adds what is new and drops nothing.
HAND_MADE = {"sphinx"}


def locale_folder(lang: str) -> Path:
    return project_root() / "locales" / lang / "LC_MESSAGES"


def _read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


PROJECT = "Russia and Iran in Syria, 2015–2021"
HEADER = (
    "# The Arabic edition's translations of one page of the book (python -m syriacoop catalogues).\n"
    "# Term choices: locales/ar/glossary.md."
)
# Header lines that change with every extraction, not with the messages.
_DATED = (b'"POT-Creation-Date:', b'"PO-Revision-Date:')


def _write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.project, catalog.version = PROJECT, "1"
    catalog.header_comment = HEADER
    buffer = io.BytesIO()
    # No line wrapping, no source line numbers and no dates: a catalogue changes only where a message does.
    write_po(buffer, catalog, width=0, omit_header=False, include_lineno=False, sort_output=False)
    lines = buffer.getvalue().splitlines(keepends=True)
    path.write_bytes(b"".join(line for line in lines if not line.startswith(_DATED)))


def update(lang: str, templates: Path | None = None) -> dict[str, tuple[int, int]]:
    """Merge each `.pot` into the language's `.po`; returns {page: (messages, still to translate)}."""
    templates = templates or project_root() / TEMPLATES
    folder = locale_folder(lang)
    report = {}
    pages = set()
    for template_path in sorted(templates.rglob("*.pot")):
        page = template_path.relative_to(templates).with_suffix("").as_posix()
        pages.add(page)
        template = _read(template_path)
        _add_code_strings(template, project_root() / f"{page}.ipynb")
        target = folder / f"{page}.po"
        if target.exists() and page in HAND_MADE:
            catalog = _read(target, lang)
            for message in template:
                if message.id and message.id not in catalog:
                    catalog.add(message.id, locations=message.locations)
        elif target.exists():
            catalog = _read(target, lang)
            catalog.update(template, no_fuzzy_matching=False, update_header_comment=False)
            catalog.obsolete.clear()
        else:
            catalog = Catalog(locale=lang, project=template.project, fuzzy=False)
            for message in template:
                if message.id:
                    catalog.add(message.id, locations=message.locations, flags=message.flags)
        _write(catalog, target)
        report[page] = (len(_messages(catalog)), len(_open(catalog)))
    for stale in folder.rglob("*.po"):
        name = stale.relative_to(folder).with_suffix("").as_posix()
        if name not in pages and name not in HAND_MADE:
            stale.unlink()
    return report


def _add_code_strings(template: Catalog, notebook: Path) -> None:
    if not notebook.exists():
        return
    import nbformat

    cells = nbformat.read(notebook, as_version=4).cells
    for number, cell in enumerate(cells):
        if cell.cell_type == "code":
            try:
                found = messages_in_code(cell.source)
            except ValueError as error:
                raise ValueError(f"{notebook.name}, cell {number}: {error}") from None
            for message in found:
                template.add(message, locations=[(f"{notebook.name}{CODE}", number)])


def _messages(catalog: Catalog) -> list:
    return [m for m in catalog if m.id]


def _open(catalog: Catalog) -> list:
    return [m for m in _messages(catalog) if not m.string or m.fuzzy]


def problems(lang: str) -> list[str]:
    """One line per untranslated or fuzzy message, `locales/ar/LC_MESSAGES/page.po: fuzzy: «msgid…»`, per
    translation whose markup does not match the English (`translation_check`), and per notebook string
    translated two ways in two catalogues: `i18n._()` looks it up in all of them."""
    folder = locale_folder(lang)
    found = []
    translations: dict[str, dict[str, str]] = {}
    for path in sorted(folder.rglob("*.po")):
        name = path.relative_to(project_root()).as_posix()
        catalog = _read(path, lang)
        for message in _open(catalog):
            state = "fuzzy" if message.fuzzy else "untranslated"
            found.append(f"{name}: {state}: {message.id[:70]!r}")
        for message in _messages(catalog):
            found += [f"{name}: {problem}: {message.id[:70]!r}" for problem in message_problems(message)]
        for message in _messages(catalog):
            if message.string and not message.fuzzy and is_code_string(message):
                translations.setdefault(message.id, {})[name] = message.string
    for message, where in translations.items():
        if len(set(where.values())) > 1:
            found.append(f"{' and '.join(where)}: translated differently: {message[:70]!r}")
    return found
