"""The book's two editions, English and Arabic, from the same notebooks and data.

A build chooses its edition with `python -m syriacoop build --lang ar`; the language reaches every
notebook through the environment variable `SYRIACOOP_LANG`, so the same notebook labels its
figures, tables and glued values in the edition's language (`EDITION`). The prose is translated by Sphinx's
own gettext machinery from the catalogues in `locales/<lang>/LC_MESSAGES`.
"""

from __future__ import annotations

import ast
import os
from functools import cache
from pathlib import Path

from .paths import project_root

LANGUAGES = ("en", "ar")
ENVIRONMENT = "SYRIACOOP_LANG"


def language() -> str:
    """The edition being built: `SYRIACOOP_LANG`, English when unset."""
    value = os.environ.get(ENVIRONMENT, "en")
    if value not in LANGUAGES:
        raise ValueError(f"{ENVIRONMENT}={value!r}: the book's editions are {', '.join(LANGUAGES)}")
    return value


# The edition, read once, when this module is imported: a notebook's language is fixed for its run. (The
# build's workers import it afresh when they had read it before the build chose: `inprocess.warm`.)
EDITION = language()


def html_folder(lang: str) -> str:
    """Where an edition is built, relative to the project: `_build/html` and `_build/html-ar`."""
    return "_build/html" if lang == "en" else f"_build/html-{lang}"


def _locale_folder(lang: str) -> Path:
    return project_root() / "locales" / lang / "LC_MESSAGES"


CODE = "#code"  # the location suffix of a notebook's own string in a catalogue


def is_code_string(message) -> bool:
    return any(str(path).endswith(CODE) for path, _line in message.locations)


@cache
def _translations(lang: str) -> dict[str, str]:
    """Every translated, settled notebook string of the language's catalogues. A page's prose is
    translated by Sphinx from that page's catalogue alone; a notebook string is looked up in all of them,
    so it is translated once wherever it appears."""
    from babel.messages.pofile import read_po

    found: dict[str, str] = {}
    for path in sorted(_locale_folder(lang).rglob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=lang):
                if message.id and message.string and not message.fuzzy and is_code_string(message):
                    found[message.id] = message.string
    return found


def _(message: str) -> str:
    """`message`, a notebook's own English string (a chart title, a table header, a glued phrase), in
    the edition's language. Placeholders are filled after translation: `_("{n} acts").format(n=3)`.
    The Arabic edition has no fallback: a string with no settled translation stops the build."""
    lang = language()
    if lang == "en":
        return message
    translated = _translations(lang).get(message)
    if translated is None:
        raise KeyError(f"locales/{lang}/LC_MESSAGES: no translation of {message!r}")
    return translated


def messages_in_code(source: str) -> list[str]:
    """The literal strings passed to `_()` in a notebook cell's code, in order, for the catalogues. Any
    other argument is an error: the catalogues could not hold it, so the Arabic edition would lack it."""
    calls = [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
    ]
    found = []
    for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset)):
        argument = call.args[0] if len(call.args) == 1 and not call.keywords else None
        if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
            raise ValueError(f"line {call.lineno}: _() takes one literal string, got {ast.unparse(call)}")
        found.append(argument.value)
    return found
