"""The source text: raw file intact, repair letter-conserving, citations and lookups correct."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import re
import unicodedata
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syriacoop import seed
from syriacoop.paths import seeds_dir

# ---------------------------------------------------------------------------- the raw file and the invariant


def test_raw_file_is_byte_for_byte_the_seed():
    raw = (seeds_dir() / seed.RAW_NAME).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == seed.RAW_SHA256
    assert seed.RAW_SHA256 in (seeds_dir() / "README.md").read_text(encoding="utf-8")
    assert raw.count(b"\n") == 481
    assert len(seed.raw_lines()) == 482  # `cat -n` numbering: a last, unterminated line follows


def test_repair_conserves_every_letter_and_uses_every_line():
    assert seed.conservation_problems() == []


def _with_paragraphs(monkeypatch, paragraphs: list[seed.Paragraph]) -> list[str]:
    monkeypatch.setattr(seed, "paragraphs", lambda: tuple(paragraphs))
    return seed.conservation_problems()


def _with_sentence(p05: seed.Paragraph, number: int, old: str, new: str) -> seed.Paragraph:
    sentences = list(p05.sentences)
    assert old in sentences[number - 1]
    sentences[number - 1] = sentences[number - 1].replace(old, new, 1)
    return dataclasses.replace(p05, sentences=tuple(sentences))


def test_conservation_check_catches_a_dropped_letter(monkeypatch):
    paragraphs = list(seed.paragraphs())
    paragraphs[4] = _with_sentence(paragraphs[4], 2, "ولايتي", "ولاتي")
    assert _with_paragraphs(monkeypatch, paragraphs) == [
        "raw lines 42-50 (p05): raw only {'ي': 1}, repaired only {}"
    ]


def test_conservation_check_catches_a_changed_punctuation_mark(monkeypatch):
    paragraphs = list(seed.paragraphs())
    paragraphs[4] = _with_sentence(paragraphs[4], 2, "2015،", "2015,")  # Arabic comma to Latin comma
    assert _with_paragraphs(monkeypatch, paragraphs) == [
        "raw lines 42-50 (p05): raw only {'،': 1}, repaired only {',': 1}"
    ]


def test_conservation_check_catches_two_paragraphs_sharing_a_raw_line(monkeypatch):
    """Splitting p05 where its second sentence starts, inside raw line 44, is not a paragraph break."""
    paragraphs = list(seed.paragraphs())
    p05 = paragraphs[4]
    first = dataclasses.replace(p05, last_line=44, sentences=p05.sentences[:1])
    second = dataclasses.replace(p05, id="p05b", first_line=44, sentences=p05.sentences[1:])
    problems = _with_paragraphs(monkeypatch, [*paragraphs[:4], first, second, *paragraphs[5:]])
    assert [p for p in problems if not p.startswith("raw lines ")] == [
        "raw line 44 is in p05 and p05b: a paragraph break inside a line is not a break in the source"
    ]


def test_conservation_check_catches_a_raw_line_left_out(monkeypatch):
    paragraphs = list(seed.paragraphs())
    paragraphs[4] = dataclasses.replace(paragraphs[4], first_line=43)  # line 42 is p05's first sentence
    problems = _with_paragraphs(monkeypatch, paragraphs)
    assert problems[-1] == "raw line 42 is in no paragraph: 'في الأشهر التي سبقت التدخل الروس ي في سو'"


def test_exceptions_list_only_needed_and_justified_differences():
    """Each listed exception is the whole difference of one paragraph, touches no letter, and says why."""
    with (seeds_dir() / seed.EXCEPTIONS_NAME).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_lines = {p.lines: p for p in seed.paragraphs()}
    raw = seed.raw_lines()
    assert rows, "the README describes one exception"
    for row in rows:
        para = by_lines[row["lines"]]  # a paragraph's exact raw line range
        span = range(para.first_line, para.last_line + 1)
        raw_letters = seed.letters("".join(raw[n - 1] for n in span if n not in seed.FURNITURE))
        difference = (raw_letters - seed.letters(para.text), seed.letters(para.text) - raw_letters)
        assert difference == (seed.letters(row["raw_only"]), seed.letters(row["repaired_only"])), row["lines"]
        assert any(difference), f"{row['lines']}: an exception that is not needed"
        changed = (difference[0] + difference[1]).keys()
        assert all(unicodedata.category(ch)[0] in "PS" for ch in changed), f"{row['lines']}: a letter differs"
        assert len(row["reason"].split()) >= 5, row["lines"]


# ---------------------------------------------------------------------------- paragraphs and sections


def test_paragraph_ids_are_sequential_and_ranges_ordered_and_disjoint():
    paragraphs = seed.paragraphs()
    assert len(paragraphs) == 36
    assert [p.id for p in paragraphs] == [f"p{i:02d}" for i in range(1, 37)]
    for before, after in pairwise(paragraphs):
        assert before.first_line <= before.last_line < after.first_line <= after.last_line <= 482


def test_every_paragraph_has_sentences_and_none_is_empty():
    for para in seed.paragraphs():
        assert para.sentences, para.id
        assert all(s.strip() == s and s for s in para.sentences), para.id
        assert para.text == " ".join(para.sentences)


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        ("p01.2", "الإيرانيين الملحوظ"),  # the Iranians' perceived lack of Russian air support
        ("p18.1", "ردود فعل عنيفة في طهران"),  # the reactions were in Tehran
        ("p16.2", "تصريحات للمسؤولين الإيرانيين"),  # the raw «لتصريحات لمسؤولين» in reading order
    ],
)
def test_native_readers_corrections_are_in(ref, words):
    assert words in seed.passage(ref)
    assert seed.sentences_with(words) == [ref]


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


def test_sections_follow_the_report_with_one_part_before_p15():
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
    (part,) = seed.sections(level=3)
    assert (part.id, part.title_ar, part.level) == ("campaigns-2016", "خان طومان وقاعدة شهيد نوجيه وحلب", 3)
    everything = [s.id for s in seed.sections(level=None)]
    assert everything.index("campaigns-2016") == everything.index("integration") + 1
    in_part = [p.id for p in seed.paragraphs() if p.subsection == "campaigns-2016"]
    assert in_part == [f"p{i}" for i in range(15, 22)]  # from p15 to the end of the integration section
    assert {seed.paragraph(p).section for p in in_part} == {"integration"}


# ---------------------------------------------------------------------------- citations and lookups


def test_passage_returns_a_paragraph_a_sentence_or_a_run():
    p05 = seed.paragraph("p05")
    assert seed.passage("p05") == p05.text
    assert seed.passage("p05.2") == p05.sentences[1]
    assert seed.passage("p05.2-3") == " ".join(p05.sentences[1:3])
    assert seed.passage("p05.3-3") == p05.sentences[2]


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("p99", "no paragraph 'p99' in the repaired source"),
        ("p99.1", "no paragraph 'p99' in the repaired source"),
        ("p05.9", "'p05.9': p05 has sentences 1-3"),
        ("p05.0", "'p05.0': p05 has sentences 1-3"),
        ("p05.3-2", "'p05.3-2': p05 has sentences 1-3"),
        ("p05.2-9", "'p05.2-9': p05 has sentences 1-3"),
        ("p5.1", "'p5.1' is not a citation (p12, p12.3 or p12.3-4)"),
        ("P05", "'P05' is not a citation (p12, p12.3 or p12.3-4)"),
        ("p05.", "'p05.' is not a citation (p12, p12.3 or p12.3-4)"),
        ("p05.1-", "'p05.1-' is not a citation (p12, p12.3 or p12.3-4)"),
        (" p05", "' p05' is not a citation (p12, p12.3 or p12.3-4)"),
    ],
)
def test_passage_rejects_unknown_and_malformed_citations(ref, message):
    with pytest.raises(KeyError) as failure:
        seed.passage(ref)
    assert failure.value.args[0] == message


def test_paragraph_of_and_line_lookups():
    assert [seed.paragraph_of(r) for r in ("p12", "p12.3", "p12.3-4")] == ["p12", "p12", "p12"]
    assert seed.paragraph("p13").lines == "173-182"
    assert (seed.paragraph_at_line(44), seed.paragraph_at_line(87), seed.paragraph_at_line(120)) == (
        "p05",
        "p07",
        None,
    )
    with pytest.raises(KeyError, match="no paragraph 'p37'"):
        seed.paragraph("p37")


def test_sentences_with_finds_every_sentence_and_nothing_else():
    assert seed.sentences_with("شهيد نوجيه") == ["p17.2", "p17.3", "p18.3", "p19.1", "p20.1"]
    assert seed.sentences_with("وزير دفاع روس ي بزيارة رسمية") == ["p06.1"]  # the raw split-yaa form
    assert seed.sentences_with("التقى سليماني سرًا ببوتين") == ["p07.5"]
    assert seed.sentences_with("lorem ipsum") == []
    assert seed.sentences_with("") == []


def test_raw_span_is_the_shortest_run_of_raw_lines_holding_the_quote():
    assert seed.raw_span("ففي شهر كانون الثاني/ يناير من عام 2015، التقى علي أكبر ولايتي", "p05") == (44, 46)
    assert seed.raw_span(seed.passage("p05"), "p05") == (42, 50)
    assert seed.raw_span(seed.passage("p08.3"), "p08") == (104, 119)  # across the page furniture
    assert seed.raw_span("Putin", "p05") is None  # no raw line of p05 has these letters
    assert seed.raw_span(seed.passage("p05") * 2, "p05") is None  # more letters than all of p05 has


# ---------------------------------------------------------------------------- normalize


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


@given(st.text(alphabet=st.sampled_from(list("ابتيسمن أإآ ًٌٍَُِّْـ")), max_size=40))
def test_normalize_keeps_the_letters_and_spaces_only_fold(text):
    """Folding drops marks and tatweel and unifies alefs; it never adds or drops a base letter."""
    folded = seed.letters(seed.normalize(text), "L")
    plain = seed.letters(
        re.sub("[\u064b-\u0652\u0640]", "", text).translate(str.maketrans("أإآ", "ااا")), "L"
    )
    assert folded == plain
