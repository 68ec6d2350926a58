"""The regression record has teeth, and the book is never stale.

Both work on a copy of the project in a temporary folder: notebooks and the build find the project from
their working directory upwards, so the copy reads its own (edited) data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from syriacoop.paths import copy_project

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def _copy_project(target: Path) -> Path:
    return copy_project(ROOT, target)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _nbval(project: Path, notebook: str) -> subprocess.CompletedProcess:
    """nbval's comparison as `make test` runs it, with `-vv` as the README advises for the whole diff."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "syriacoop.nbval_cached",
            "--nbval-cached",
            "-p",
            "no:cacheprovider",
            "-vv",
            "--nbval-sanitize-with",
            "tests/nbval-sanitize.cfg",
            notebook,
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def test_nbval_fails_when_one_coding_in_a_csv_changes_and_shows_both_numbers(tmp_path):
    """The committed record of the copy is the project's, which `make test` compares unchanged."""
    project = _copy_project(tmp_path / "project")
    notebook = "book/metrics.ipynb"
    # The regime's Daraa offensive recoded as aimed at ISIS instead of the opposition
    _replace(
        project / "data/event_actors.csv",
        "south-02,syrian_armed_opposition,target",
        "south-02,isis,target",
    )
    changed = _nbval(project, notebook)
    assert changed.returncode == 1, changed.stdout[-2000:]
    assert "failed" in changed.stdout.splitlines()[-1]
    # what failed is the comparison of the plotted data with the stored record, not the execution
    assert "mismatch 'text/html'" in changed.stdout
    assert "Error" not in changed.stdout
    # the who-acts-on-whom row of the Syrian government: opposition 4 and ISIS 1 in the record, 3 and 2 now
    assert "Syrian%20government,2,1,0,4,1,0,0" in changed.stdout
    assert "Syrian%20government,2,1,0,3,2,0,0" in changed.stdout


REDUCED_TOC = """format: jb-book
root: book/chapters/01-runup
chapters:
  - file: book/appendix/source-text
  - file: book/appendix/events
  - file: book/appendix/references
"""


def _build(project: Path) -> None:
    done = subprocess.run(
        [str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going", "--quiet"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_a_changed_csv_reaches_the_rebuilt_book(tmp_path):
    project = _copy_project(tmp_path / "project")
    (project / "_toc.yml").write_text(REDUCED_TOC, encoding="utf-8")
    # the pages left out of the reduced book are the only missing link targets
    _replace(project / "_config.yml", "suppress_warnings: []", "suppress_warnings: [myst.xref_missing]")
    _build(project)
    page = project / "_build/html/book/chapters/01-runup.html"
    assert "Velayati meets Putin and Shoigu in Moscow" in page.read_text(encoding="utf-8")
    _replace(
        project / "data/events.csv",
        "Velayati meets Putin and Shoigu in Moscow",
        "Velayati (edited) meets Putin and Shoigu in Moscow",
    )
    _build(project)  # incremental: same _build folder, notebook source unchanged
    assert "Velayati (edited) meets Putin" in page.read_text(encoding="utf-8")
