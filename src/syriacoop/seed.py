"""The source text: the raw PDF extraction, the repaired reading-order text, and lookups between them.

The raw file is kept byte for byte; the repaired file re-orders and re-joins its pieces into paragraphs
(`{#p12 lines=87-89}` markers, each followed by one line of Arabic). `conservation_problems()` proves the
repair changed no letter: per group of paragraphs sharing raw lines, the multiset of letters and digits
of the repaired text equals that of the raw lines, less page furniture and the listed exceptions.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

from .paths import seeds_dir

RAW_NAME = "grajewski-2021-russian-iranian-cooperation-syria.raw.ar.txt"
REPAIRED_NAME = "grajewski-2021-russian-iranian-cooperation-syria.repaired.ar.md"
EXCEPTIONS_NAME = "repair-exceptions.csv"
RAW_SHA256 = "23c1c8cb25d28de3ec2d60b9e6dd3845d6f55f157589bc7a964dd3b40d4c1e3e"

# Page furniture inside the text: raw line -> why it is not part of the report's prose.
FURNITURE = {
    110: "page number («5»)",
    113: "running title «تطوُّر التعاون الروسي والإيراني في سورية» and «ترجمات جسور»",
}

_SECTION = re.compile(r"^## (?P<ar>.+?) — (?P<en>.+?) \{#(?P<id>[a-z0-9-]+)\}$")
_PARAGRAPH = re.compile(r"^\{#(?P<id>p\d{2}) lines=(?P<first>\d+)-(?P<last>\d+)\}$")

# Harakat, Quranic marks and the superscript alef: dropped for matching.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_ALEFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})
_SPACES = re.compile(r"\s+")
# The extraction splits a final yaa off its word («الروس ي»): a lone «ي» after a word joins it.
_SPLIT_YAA = re.compile(r"(?<=\S) ي(?= |$)")


@dataclass(frozen=True)
class Section:
    id: str
    title_ar: str
    title_en: str


@dataclass(frozen=True)
class Paragraph:
    id: str
    section: str
    first_line: int
    last_line: int
    text: str

    @property
    def lines(self) -> str:
        return f"{self.first_line}-{self.last_line}"


def normalize(text: str) -> str:
    """Fold Arabic text for matching: drop harakat and tatweel, unify alef forms, collapse spaces and
    rejoin a split final yaa. Idempotent: normalize(normalize(x)) == normalize(x)."""
    text = _MARKS.sub("", text).replace(_TATWEEL, "").translate(_ALEFS)
    text = _SPACES.sub(" ", text).strip()
    return _SPLIT_YAA.sub("ي", text)


def letters(text: str) -> Counter[str]:
    """The multiset of letters and digits in `text` (the repair invariant's unit)."""
    return Counter(ch for ch in text if unicodedata.category(ch)[0] in "LN" and ch != _TATWEEL)


@cache
def raw_text() -> str:
    return (seeds_dir() / RAW_NAME).read_text(encoding="utf-8")


def raw_lines() -> list[str]:
    """Raw lines as `cat -n` numbers them: index 0 is line 1 (the file's 481 newlines are followed by a
    last, unterminated line holding one space)."""
    return raw_text().split("\n")


@cache
def _parse_repaired() -> tuple[tuple[Section, ...], tuple[Paragraph, ...]]:
    path = seeds_dir() / REPAIRED_NAME
    lines = path.read_text(encoding="utf-8").split("\n")
    sections: list[Section] = []
    paragraphs: list[Paragraph] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if section := _SECTION.match(line):
            sections.append(Section(section["id"], section["ar"], section["en"]))
        elif para := _PARAGRAPH.match(line):
            if not sections or i + 1 >= len(lines) or not lines[i + 1].strip():
                raise ValueError(f"{path.name}:{i + 1}: paragraph {para['id']} has no text")
            paragraphs.append(
                Paragraph(
                    para["id"],
                    sections[-1].id,
                    int(para["first"]),
                    int(para["last"]),
                    lines[i + 1].strip(),
                )
            )
            i += 1
        elif line.strip() and not line.startswith("# "):
            raise ValueError(f"{path.name}:{i + 1}: not a heading, marker or blank: {line[:40]!r}")
        i += 1
    return tuple(sections), tuple(paragraphs)


def sections() -> tuple[Section, ...]:
    return _parse_repaired()[0]


def paragraphs() -> tuple[Paragraph, ...]:
    return _parse_repaired()[1]


def paragraph(pid: str) -> Paragraph:
    for para in paragraphs():
        if para.id == pid:
            return para
    raise KeyError(f"no paragraph {pid!r} in the repaired source")


def find(quote: str) -> list[str]:
    """Ids of the paragraphs whose normalised text contains the normalised quote."""
    needle = normalize(quote)
    if not needle:
        return []
    return [p.id for p in paragraphs() if needle in normalize(p.text)]


def paragraphs_at_line(line: int) -> list[str]:
    """Ids of the paragraphs built from raw line `line` (two where a line ends one and opens the next)."""
    return [p.id for p in paragraphs() if p.first_line <= line <= p.last_line]


def _exceptions() -> dict[str, tuple[Counter[str], Counter[str]]]:
    """Listed letter differences, keyed by the group's raw line range `A-B`."""
    path = seeds_dir() / EXCEPTIONS_NAME
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["lines"]: (letters(row["raw_only"]), letters(row["repaired_only"]))
            for row in csv.DictReader(handle)
        }


def paragraph_groups() -> list[tuple[int, int, list[Paragraph]]]:
    """Consecutive paragraphs that share a raw line, as (first line, last line, paragraphs)."""
    groups: list[tuple[int, int, list[Paragraph]]] = []
    for para in paragraphs():
        if groups and para.first_line <= groups[-1][1]:
            first, last, members = groups[-1]
            groups[-1] = (first, max(last, para.last_line), [*members, para])
        else:
            groups.append((para.first_line, para.last_line, [para]))
    return groups


def conservation_problems() -> list[str]:
    """Every place where the repair added, dropped or changed a letter, or left a raw line unused."""
    raw = raw_lines()
    listed = _exceptions()
    problems: list[str] = []
    covered: set[int] = set()
    for first, last, members in paragraph_groups():
        span = range(first, last + 1)
        covered.update(span)
        raw_letters = letters("".join(raw[n - 1] for n in span if n not in FURNITURE))
        repaired_letters = letters("".join(p.text for p in members))
        raw_only, repaired_only = raw_letters - repaired_letters, repaired_letters - raw_letters
        key = f"{first}-{last}"
        if (raw_only or repaired_only) and listed.get(key) != (raw_only, repaired_only):
            ids = ",".join(p.id for p in members)
            problems.append(
                f"raw lines {key} ({ids}): raw only {dict(raw_only)}, repaired only {dict(repaired_only)}"
            )
    for number, line in enumerate(raw, start=1):
        if number not in covered and number not in FURNITURE and letters(line):
            problems.append(f"raw line {number} is in no paragraph: {line.strip()[:40]!r}")
    return problems
