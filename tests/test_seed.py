"""The source text: raw file intact, repair letter-conserving, lookups correct."""

from __future__ import annotations

import hashlib
import re
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from syriacoop import seed
from syriacoop.paths import seeds_dir


def test_raw_file_is_byte_for_byte_the_seed():
    raw = (seeds_dir() / seed.RAW_NAME).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == seed.RAW_SHA256
    assert seed.RAW_SHA256 in (seeds_dir() / "README.md").read_text(encoding="utf-8")
    assert seed.raw_text().count("\n") == 481


def test_repair_conserves_every_letter_and_uses_every_line():
    assert seed.conservation_problems() == []


def test_conservation_check_catches_a_dropped_letter(monkeypatch):
    paragraphs = list(seed.paragraphs())
    first = paragraphs[0]
    broken = seed.Paragraph(first.id, first.section, first.first_line, first.last_line, first.text[1:])
    monkeypatch.setattr(seed, "paragraphs", lambda: (broken, *paragraphs[1:]))
    problems = seed.conservation_problems()
    assert len(problems) == 1 and "raw lines 1-" in problems[0] and "raw only" in problems[0]


def test_exceptions_are_few_and_justified():
    import csv

    with (seeds_dir() / seed.EXCEPTIONS_NAME).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) <= 5
    assert all(row["reason"].strip() for row in rows)


def test_paragraph_ids_are_sequential_and_ranges_ordered():
    paragraphs = seed.paragraphs()
    assert [p.id for p in paragraphs] == [f"p{i:02d}" for i in range(1, len(paragraphs) + 1)]
    for before, after in pairwise(paragraphs):
        assert before.first_line <= before.last_line <= after.first_line <= after.last_line <= 481


def test_page_furniture_and_mirrored_parentheses_are_gone():
    text = " ".join(p.text for p in seed.paragraphs())
    assert "ترجمات جسور" not in text
    for para in seed.paragraphs():
        depth = 0
        for ch in para.text:
            depth += {"(": 1, ")": -1}.get(ch, 0)
            assert depth >= 0, f"{para.id}: a mirrored parenthesis ')…(' survived the repair"
        assert depth == 0, f"{para.id}: unbalanced parentheses"
    assert not re.search(r"[0-9][\u0621-\u064a]|[\u0621-\u064a][0-9]", text), "a number glued to a word"


def test_sections_match_the_report_order():
    assert [s.id for s in seed.sections()] == [
        "summary",
        "runup",
        "integration",
        "astana",
        "deir-ez-zor",
        "south",
        "reconstruction",
        "conclusion",
    ]


def test_normalize_folds_what_matching_should_ignore():
    assert seed.normalize("الروس ي") == "الروسي"
    assert seed.normalize("أُنشئت  إيرانـــية") == "انشئت ايرانية"
    assert seed.normalize("المُسلّحة") == "المسلحة"
    assert seed.normalize("  ي بداية ") == "ي بداية"  # a lone yaa at the start has no word to join


@given(st.text(alphabet=st.sampled_from(list("ابتي أإآٱ ىةـ ًٌٍَُِّْ \n\t٠1")), max_size=40))
def test_normalize_is_idempotent(text):
    once = seed.normalize(text)
    assert seed.normalize(once) == once


@given(st.text(max_size=60))
def test_normalize_is_idempotent_on_any_text(text):
    once = seed.normalize(text)
    assert seed.normalize(once) == once


def test_find_and_line_lookup():
    assert seed.find("التقى سليماني سرًا ببوتين") == ["p13"]
    assert seed.find("وزير دفاع روس ي بزيارة رسمية") == ["p09"]  # the raw split-yaa form matches too
    assert seed.find("not in the source") == []
    assert seed.paragraphs_at_line(87) == ["p12", "p13"]
    assert seed.paragraph("p13").lines == "87-89"
