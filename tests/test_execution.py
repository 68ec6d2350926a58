"""The notebooks' executor (`execution`, `inprocess`): each notebook in a fork of a warm worker, in its own
folder and the edition the build chose, blind to the notebook before it, with what it prints or warns in
its outputs; a failing cell reported with its notebook and traceback, and nothing cached for it."""

from __future__ import annotations

import configparser
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

from syriacoop import execution
from syriacoop.i18n import ENVIRONMENT
from syriacoop.paths import copy_project

pytestmark = pytest.mark.slow


def _notebook(path: Path, *cells: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in cells])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)
    return path


NOTEBOOKS = {
    "first": (
        "book/first.ipynb",
        "import os, sys, syriacoop.i18n\nos.environ['LEFT_BEHIND'] = '1'\nsyriacoop.i18n.LEFT_BEHIND = 1\n"
        "left_behind = 1\n"
        "print(os.getcwd(), syriacoop.i18n.EDITION, repr(sys.path[0]),"
        " get_ipython().history_manager.hist_file)",
    ),
    "second": (
        "book/chapters/second.ipynb",
        "import os, syriacoop.i18n\n"
        "print(os.getcwd(), 'left_behind' in globals(), os.environ.get('LEFT_BEHIND'),"
        " hasattr(syriacoop.i18n, 'LEFT_BEHIND'))",
    ),
    "noisy": (
        "book/noisy.ipynb",
        "import warnings\nprint('three acts')\nwarnings.warn('coded twice', UserWarning)",
    ),
    "failing": ("book/failing.ipynb", "x = 1", "raise ValueError('coded wrongly')"),
    "endless": ("book/endless.ipynb", "import time\ntime.sleep(600)"),
}
# The endless notebook's own limit (its metadata's, as nbclient reads it); the others have the build's.
TIMEOUT = 2


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The notebooks above, run in this order in one call, in the Arabic edition, from a copy of the
    project (the cache is found from the working directory): the project, the notebooks and the
    failures reported."""
    project = copy_project(ROOT, tmp_path_factory.mktemp("execution") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        patch.setenv(ENVIRONMENT, "ar")
        notebooks = {name: _notebook(project / path, *cells) for name, (path, *cells) in NOTEBOOKS.items()}
        _limit(notebooks["endless"], TIMEOUT)
        yield project, notebooks, execution.run(list(notebooks.values()))


def _limit(path: Path, seconds: int) -> None:
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata["execution"] = {"timeout": seconds}
    nbformat.write(notebook, path)


def _streams(notebook: Path) -> list[tuple[str, str]]:
    """What the cached run of `notebook` printed: (stream, text) for each stream output."""
    return [
        (output["name"], output["text"].strip())
        for cell in execution.executed(notebook).cells
        for output in cell.outputs
        if output["output_type"] == "stream"
    ]


def test_each_notebook_runs_in_its_folder_and_edition_blind_to_the_one_before(run):
    """As a separate kernel would: in the notebook's folder, which imports look in first, in the edition
    the build chose; and it keeps no history in the user's IPython profile (forks would write at once)."""
    project, notebooks, _ = run
    assert _streams(notebooks["first"]) == [("stdout", f"{project / 'book'} ar '' :memory:")]
    assert _streams(notebooks["second"]) == [("stdout", f"{project / 'book/chapters'} False None False")]


def test_what_a_cell_prints_or_warns_is_in_its_outputs(run):
    """As a separate kernel sends it: nbval then compares it with the committed outputs."""
    (printed, said), (warned, warning) = _streams(run[1]["noisy"])
    assert (printed, said, warned) == ("stdout", "three acts", "stderr")
    assert "UserWarning: coded twice" in warning


def test_a_failing_cell_is_reported_with_its_notebook_and_traceback_and_not_cached(run):
    _, notebooks, failures = run
    failed = [f for f in failures if f.startswith(f"{notebooks['failing']}:\n")]
    assert len(failures) == 2 and len(failed) == 1  # the other: the endless notebook, stopped
    assert "ValueError: coded wrongly" in re.sub(r"\x1b\[[\d;]*m", "", failed[0])  # without colours
    assert execution.executed(notebooks["failing"]) is None


def test_a_notebook_still_running_after_the_timeout_is_stopped_and_reported(run):
    _, notebooks, failures = run
    assert f"{notebooks['endless']}: still running after {TIMEOUT} s, stopped" in failures
    assert execution.executed(notebooks["endless"]) is None


def test_a_worker_that_read_another_edition_imports_the_package_afresh():
    """The build's process imports the package before `--lang ar` sets the edition, and its workers are
    forks of it: warming a worker re-imports the package, so that `EDITION` and the figure helpers'
    defaults are the build's edition."""
    script = (
        "import os\n"
        "import syriacoop.figures\n"
        f"os.environ['{ENVIRONMENT}'] = 'ar'\n"
        "from syriacoop import inprocess\n"
        "inprocess.warm()\n"
        "import syriacoop.figures, syriacoop.i18n\n"
        "print(syriacoop.i18n.EDITION, syriacoop.figures.when.__defaults__[0])\n"
    )
    english = {name: value for name, value in os.environ.items() if name != ENVIRONMENT}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=english, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["ar", "ar"]
    assert done.stderr == ""  # nor debugpy's warning about frozen modules


def _sanitised(outputs: list) -> str:
    """The outputs as JSON, masked as nbval masks them (tests/nbval-sanitize.cfg)."""
    text = json.dumps(outputs, sort_keys=True)
    rules = configparser.ConfigParser()
    rules.read(ROOT / "tests/nbval-sanitize.cfg", encoding="utf-8")
    for section in rules.sections():
        text = re.sub(rules[section]["regex"], rules[section]["replace"], text)
    return text


def test_the_build_s_outputs_are_the_committed_record_exactly(monkeypatch):
    """The committed outputs come from a separate kernel per notebook (`make outputs`), the build's from
    in-process kernels (English here, as nbval compares). nbval compares each output's data; here each
    code cell's outputs must be the same JSON, their types, metadata and execution counts included."""
    monkeypatch.chdir(ROOT)  # the project's own cache, in English, whatever the tests above set
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    differing = []
    for notebook in execution.book_notebooks():
        fresh = execution.executed(notebook)
        if fresh is None:
            pytest.fail(f"{notebook.name} is not in the build's cache: run `make book` (make test does)")
        committed = nbformat.read(notebook, as_version=4)
        pairs = zip(
            [c for c in fresh.cells if c.cell_type == "code"],
            [c for c in committed.cells if c.cell_type == "code"],
            strict=True,
        )
        differing += [
            f"{notebook.name} cell {c.id}"
            for f, c in pairs
            if (_sanitised(f.outputs), f.execution_count) != (_sanitised(c.outputs), c.execution_count)
        ]
    assert differing == []
