"""Checks a translation must pass before the Arabic build sees it, message by message, with the message
named: the build would fail on most of these too, but later and with a page and line instead.

- A {tr} role left in a translation: the Arabic edition quotes the source itself with {quote}.
- A {quote} whose words are not in the cited sentence (`sphinx_ext.source_quotation`).
- A different number of cross-references ({ev}, {src}, {tr}/{quote}, {cite}, Markdown links) or a
  different set of glued values or link targets than the English: Sphinx rejects such a paragraph.
- A notebook string with other {placeholders} than the English: `.format()` would fail in the kernel.
- A message with English words whose translation has no Arabic letter.
"""

from __future__ import annotations

import re
from collections import Counter

from babel.messages.catalog import Message

from .i18n import is_code_string

_XREF = re.compile(r"\{(ev|src|tr|quote|cite(?::\w+)?|doc|ref)\}`")
_LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
_GLUE = re.compile(r"\{glue:\}`([^`]+)`")
_QUOTE = re.compile(r"\{quote\}`([^`]+)`")
_PLACEHOLDER = re.compile(r"(?<!\{)\{(\w*)(?:[:!][^{}]*)?\}(?!\})")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
_ROLES_AND_TARGETS = re.compile(r"\{[\w:]+\}`[^`]*`|\]\([^)]*\)")


def _references(text: str) -> Counter:
    kinds = Counter("quote" if kind in ("tr", "quote") else kind for kind in _XREF.findall(text))
    kinds["link"] = len(_LINK_TARGET.findall(text))
    return kinds


def _prose_problems(english: str, arabic: str) -> list[str]:
    found = []
    ours, theirs = _references(english), _references(arabic)
    if ours != theirs:
        found.append(f"references differ: English {dict(ours)}, Arabic {dict(theirs)}")
    if Counter(_GLUE.findall(english)) != Counter(_GLUE.findall(arabic)):
        found.append("glued values differ")
    if set(_LINK_TARGET.findall(english)) != set(_LINK_TARGET.findall(arabic)):
        found.append("link targets differ")
    return found


def message_problems(message: Message) -> list[str]:
    """What is wrong with one translated message (an untranslated one is `catalogues.problems`' concern)."""
    from .sphinx_ext import source_quotation

    english, arabic = message.id, message.string
    if not arabic:
        return []
    found = ["a {tr} role: quote the source with {quote}"] if "{tr}`" in arabic else []
    for quote in _QUOTE.findall(arabic):
        try:
            source_quotation(quote)
        except ValueError as error:
            found.append(str(error))
    if is_code_string(message):
        if set(_PLACEHOLDER.findall(english)) != set(_PLACEHOLDER.findall(arabic)):
            found.append("placeholders differ")
    else:
        found += _prose_problems(english, arabic)
    if _ENGLISH_WORD.search(_ROLES_AND_TARGETS.sub("", english)) and not _ARABIC.search(arabic):
        found.append("no Arabic in the translation")
    return found
