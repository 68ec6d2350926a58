"""`python -m syriacoop cite`: a paragraph (p07), a sentence (p07.3) or a run (p07.3-4), logical Unicode by
default, reshaped visual order with --visual; --search finds sentences; a bad citation exits 1."""

from __future__ import annotations

import re
import subprocess
import sys

import arabic_reshaper
import pytest
from bidi import get_display

from syriacoop import seed

PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def _cite(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "syriacoop", "cite", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


@pytest.mark.parametrize(
    ("ref", "text"),
    [
        ("p07", " ".join(seed.paragraph("p07").sentences)),
        ("p07.3", seed.paragraph("p07").sentences[2]),
        ("p07.3-4", " ".join(seed.paragraph("p07").sentences[2:4])),
    ],
)
def test_cite_prints_the_citation_its_place_and_its_text_in_logical_order(ref, text):
    done = _cite(ref)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [f"{ref} (section runup, raw lines 66-89)", text]
    assert not PRESENTATION_FORMS.search(done.stdout)


def test_visual_prints_reshaped_presentation_forms_in_display_order():
    done = _cite("p07.3", "--visual")
    heading, body = done.stdout.splitlines()
    assert (done.returncode, heading) == (0, "p07.3 (section runup, raw lines 66-89)")
    assert PRESENTATION_FORMS.search(body)
    assert body == get_display(arabic_reshaper.reshape(seed.passage("p07.3")))
    assert body != seed.passage("p07.3")


def test_search_prints_every_sentence_that_holds_the_words():
    done = _cite("--search", "شهيد نوجيه")
    assert done.returncode == 0
    headings = [line.split(" ")[0] for line in done.stdout.splitlines()[::2]]
    assert headings == ["p17.2", "p17.3", "p18.3", "p19.1", "p20.1"]
    assert done.stdout.splitlines()[1] == seed.passage("p17.2")


def test_search_matches_the_raw_split_yaa_form():
    done = _cite("--search", "وزير دفاع روس ي بزيارة رسمية")
    assert done.stdout.splitlines()[0] == "p06.1 (section runup, raw lines 52-64)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("p99",), "no paragraph 'p99' in the repaired source"),
        (("p05.9",), "'p05.9': p05 has sentences 1-3"),
        (("p5",), "'p5' is not a citation (p12, p12.3 or p12.3-4)"),
        (("--search", "lorem ipsum"), "no sentence contains 'lorem ipsum'"),
    ],
)
def test_an_unknown_citation_or_search_exits_1_with_the_reason(args, message):
    done = _cite(*args)
    assert (done.returncode, done.stdout, done.stderr.strip()) == (1, "", message)


def test_cite_without_a_citation_is_a_usage_error():
    done = _cite()
    assert done.returncode == 2
    assert done.stderr.strip().endswith("error: cite needs a citation (p12, p12.3) or --search")
