"""The source text: the raw PDF extraction, the repaired reading-order text, and lookups between them.

The raw file is kept byte for byte; the repaired file re-orders and re-joins its pieces into paragraphs
(`{#p12 lines=87-89}` markers, each followed by one sentence a line). A paragraph is cited as `p12`, a
sentence as `p12.3`, consecutive sentences as `p12.3-4`.

`conservation_problems()` proves the repair changed no character that carries meaning: per paragraph,
the multiset of letters, digits and punctuation of the repaired text equals that of its raw lines, less
page furniture and the listed exceptions. Paragraphs follow the PDF: in a PDF a new paragraph starts a
new line, so two paragraphs may never share a raw line.
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

_SECTION = re.compile(r"^(?P<level>##|###) (?P<ar>.+?) — (?P<en>.+?) \{#(?P<id>[a-z0-9-]+)\}$")
_PARAGRAPH = re.compile(r"^\{#(?P<id>p\d{2}) lines=(?P<first>\d+)-(?P<last>\d+)\}$")
# `p12` (a paragraph), `p12.3` (a sentence) or `p12.3-4` (consecutive sentences of one paragraph).
REF = re.compile(r"(?P<paragraph>p\d{2})(?:\.(?P<first>\d+)(?:-(?P<last>\d+))?)?")

# Harakat, Quranic marks and the superscript alef: dropped for matching.
MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"  # a character class's contents
_MARKS = re.compile(f"[{MARKS}]")
TATWEEL = "\u0640"
ALEF_FORMS = "أإآٱ"
_ALEFS = str.maketrans(dict.fromkeys(ALEF_FORMS, "ا"))
_SPACES = re.compile(r"\s+")
# The extraction splits a final yaa off its word («الروس ي»): a lone «ي» after a word joins it.
_SPLIT_YAA = re.compile(r"(?<=\S) ي(?= |$)")


@dataclass(frozen=True)
class Section:
    """A heading: level 2 is a section of the report (a chapter of the book), level 3 a part of one."""

    id: str
    title_ar: str
    title_en: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    id: str
    section: str
    first_line: int
    last_line: int
    sentences: tuple[str, ...]
    subsection: str = ""

    @property
    def lines(self) -> str:
        return f"{self.first_line}-{self.last_line}"

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def normalize(text: str) -> str:
    """Fold Arabic text for matching: drop harakat and tatweel, unify alef forms, collapse spaces and
    rejoin a split final yaa. Idempotent: normalize(normalize(x)) == normalize(x)."""
    text = _MARKS.sub("", text).replace(TATWEEL, "").translate(_ALEFS)
    text = _SPACES.sub(" ", text).strip()
    return _SPLIT_YAA.sub("ي", text)


def letters(text: str, categories: str = "LNPS") -> Counter[str]:
    """The multiset of letters, digits, punctuation and symbols in `text` (the repair invariant's unit);
    spaces, harakat and tatweel are left out, since the extraction scattered them. `categories="LN"`
    keeps letters and digits only."""
    return Counter(ch for ch in text if unicodedata.category(ch)[0] in categories and ch != TATWEEL)


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
    subsection = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if section := _SECTION.match(line):
            level = len(section["level"])
            sections.append(Section(section["id"], section["ar"], section["en"], level))
            subsection = section["id"] if level == 3 else ""
        elif para := _PARAGRAPH.match(line):
            sentences = []
            while i + 1 < len(lines) and lines[i + 1].strip():
                sentences.append(lines[i + 1].strip())
                i += 1
            top = [s for s in sections if s.level == 2]
            if not top or not sentences:
                raise ValueError(f"{path.name}:{i + 1}: paragraph {para['id']} has no text or no section")
            paragraphs.append(
                Paragraph(
                    para["id"],
                    top[-1].id,
                    int(para["first"]),
                    int(para["last"]),
                    tuple(sentences),
                    subsection,
                )
            )
        elif line.strip() and not line.startswith("# "):
            raise ValueError(f"{path.name}:{i + 1}: not a heading, marker or blank: {line[:40]!r}")
        i += 1
    return tuple(sections), tuple(paragraphs)


def sections(level: int | None = 2) -> tuple[Section, ...]:
    """The report's sections (level 2), their parts (level 3), or both (`level=None`)."""
    return tuple(s for s in _parse_repaired()[0] if level is None or s.level == level)


def paragraphs() -> tuple[Paragraph, ...]:
    return _parse_repaired()[1]


def paragraph(pid: str) -> Paragraph:
    for para in paragraphs():
        if para.id == pid:
            return para
    raise KeyError(f"no paragraph {pid!r} in the repaired source")


def passage(ref: str) -> str:
    """The text a citation points to: a paragraph, a sentence or a run of sentences.
    Raises KeyError for an id that is malformed or not in the source."""
    match = REF.fullmatch(ref)
    if not match:
        raise KeyError(f"{ref!r} is not a citation (p12, p12.3 or p12.3-4)")
    para = paragraph(match["paragraph"])
    if match["first"] is None:
        return para.text
    first = int(match["first"])
    last = int(match["last"] or first)
    if not 1 <= first <= last <= len(para.sentences):
        raise KeyError(f"{ref!r}: {para.id} has sentences 1-{len(para.sentences)}")
    return " ".join(para.sentences[first - 1 : last])


def paragraph_of(ref: str) -> str:
    """`p12.3-4` -> `p12`."""
    return ref.split(".")[0]


def find(quote: str) -> list[str]:
    """Ids of the paragraphs whose normalised text contains the normalised quote."""
    needle = normalize(quote)
    if not needle:
        return []
    return [p.id for p in paragraphs() if needle in normalize(p.text)]


def sentences_with(quote: str) -> list[str]:
    """Citations (`p12.3`) of the sentences whose normalised text contains the normalised quote."""
    needle = normalize(quote)
    return [
        f"{p.id}.{n}"
        for p in paragraphs()
        for n, sentence in enumerate(p.sentences, start=1)
        if needle and needle in normalize(sentence)
    ]


def paragraph_at_line(line: int) -> str | None:
    """Id of the paragraph built from raw line `line`, if any."""
    return next((p.id for p in paragraphs() if p.first_line <= line <= p.last_line), None)


def raw_span(quote: str, pid: str) -> tuple[int, int] | None:
    """The shortest run of the paragraph's raw lines whose letters and digits include every letter and
    digit of `quote` (the lines a reader checks the quote against), or None if no run does."""
    para = paragraph(pid)
    raw = raw_lines()
    needed = letters(quote, "LN")
    best: tuple[int, int] | None = None
    for first in range(para.first_line, para.last_line + 1):
        have: Counter[str] = Counter()
        for last in range(first, para.last_line + 1):
            if last not in FURNITURE:
                have += letters(raw[last - 1], "LN")
            if not needed - have:
                if best is None or last - first < best[1] - best[0]:
                    best = (first, last)
                break
    return best


def _exceptions() -> dict[str, tuple[Counter[str], Counter[str]]]:
    """Listed character differences, keyed by the paragraph's raw line range `A-B`."""
    path = seeds_dir() / EXCEPTIONS_NAME
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["lines"]: (letters(row["raw_only"]), letters(row["repaired_only"]))
            for row in csv.DictReader(handle)
        }


def conservation_problems() -> list[str]:
    """Every place where the repair added, dropped or changed a character, merged a line into two
    paragraphs, or left a raw line unused."""
    raw = raw_lines()
    listed = _exceptions()
    problems: list[str] = []
    covered: dict[int, str] = {}
    for para in paragraphs():
        span = range(para.first_line, para.last_line + 1)
        for number in span:
            if number in covered:
                problems.append(
                    f"raw line {number} is in {covered[number]} and {para.id}: a paragraph break inside a"
                    " line is not a break in the source"
                )
            covered[number] = para.id
        raw_letters = letters("".join(raw[n - 1] for n in span if n not in FURNITURE))
        repaired_letters = letters(para.text)
        raw_only, repaired_only = raw_letters - repaired_letters, repaired_letters - raw_letters
        if (raw_only or repaired_only) and listed.get(para.lines) != (raw_only, repaired_only):
            problems.append(
                f"raw lines {para.lines} ({para.id}): raw only {dict(raw_only)}, "
                f"repaired only {dict(repaired_only)}"
            )
    for number, line in enumerate(raw, start=1):
        if number not in covered and number not in FURNITURE and letters(line):
            problems.append(f"raw line {number} is in no paragraph: {line.strip()[:40]!r}")
    return problems
