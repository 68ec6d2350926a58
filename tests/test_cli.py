"""`python -m syriacoop cite`: logical Unicode by default, reshaped visual order with --visual."""

from __future__ import annotations

import re
import subprocess
import sys

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


def test_default_prints_logical_unicode():
    done = _cite("p13")
    assert done.returncode == 0
    assert "p13 (section runup, raw lines 87-89)" in done.stdout
    assert seed.paragraph("p13").text in done.stdout
    assert not PRESENTATION_FORMS.search(done.stdout)


def test_visual_reshapes_and_reverses_for_dumb_terminals():
    done = _cite("p13", "--visual")
    body = done.stdout.split("\n", 1)[1].strip()
    assert PRESENTATION_FORMS.search(body)
    assert seed.paragraph("p13").text not in done.stdout
    import arabic_reshaper
    from bidi import get_display

    assert body == get_display(arabic_reshaper.reshape(seed.paragraph("p13").text))


def test_search_finds_paragraphs_and_unknown_ids_fail_cleanly():
    done = _cite("--search", "شهيد نوجيه")
    assert done.returncode == 0 and "p31 " in done.stdout and "p35 " in done.stdout
    missing = _cite("p99")
    assert missing.returncode == 1 and "no paragraph 'p99'" in missing.stderr
    nothing = _cite("--search", "lorem ipsum")
    assert nothing.returncode == 1
