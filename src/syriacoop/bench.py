"""`python -m syriacoop.bench --out BENCHMARKS.md`: each target of issue 10 as a ratio measured in one run.

- Builds run on a copy of the project (the CSV-edit measurement edits data): the parallel build beside
  the same build forced to run serially (`build --jobs 1`), interleaved run by run.
- `make test` runs, warm (each tree's environments set up first, `_build` emptied before each run), in a
  clean export of HEAD beside one of the commit issue 10 measured (`BASELINE`), interleaved.
- Pages are loaded cold in Chromium from both of those builds (`bench_site`).
Every timing is a median; all runs are listed beside it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from . import bench_site
from .bench_site import Visit, js_bytes, median_time
from .execution import KERNELS
from .paths import copy_project, project_root

BIN = Path(sys.executable).parent
# The commit issue 10 measured: plotly.js on every page, one core, notebooks executed twice per make test.
BASELINE = "e69bf4aacd84b4eb8cbf9c63a1e27dc6ae61f937"
KB = 1024
GOALS = {
    "fcp": 1.3,  # chapter page first contentful paint / same HTML without scripts
    "drawn": 3.0,  # all figures drawn / the page's load event
    "js": 2.5 * KB * KB,  # bytes of JavaScript a chapter page loads
    "build": 0.6,  # parallel / serial build
    "test": 0.75,  # make test now / make test at BASELINE
}


def _timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed in {cwd}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        )
    return time.perf_counter() - start


def _book(project: Path, jobs: int) -> float:
    """`make book-en`: validate, then run the notebooks the cache lacks, `jobs` at once, while building."""
    return _timed([str(BIN / "python"), "-m", "syriacoop", "build", "--jobs", str(jobs)], project)


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# One event title, given a new wording before every run: a real edit each time, valid data every time, and
# never a state seen before (whose notebook outputs a cache could still hold).
EDITED = "Velayati meets Putin"


def _edit_csv(project: Path, run: int) -> None:
    path = project / "data/events.csv"
    text = path.read_text(encoding="utf-8")
    current = re.search(re.escape(EDITED) + r"(?: \(edit \d+\))?", text).group()
    path.write_text(text.replace(current, f"{EDITED} (edit {run})"), encoding="utf-8")


BURN = "x = 0\nfor i in range(20_000_000): x += i"


def _cpu_capacity() -> float:
    """How many CPU-bound processes' worth of work the machine did with two at once: 2.0 on two idle
    cores, less when another workload shares them. Read the parallel build's ratio against it."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", BURN], check=True)
    alone = time.perf_counter() - start
    start = time.perf_counter()
    pair = [subprocess.Popen([sys.executable, "-c", BURN]) for _ in range(2)]
    for process in pair:
        process.wait()
    return 2 * alone / (time.perf_counter() - start)


def _paired(runs: int, first: Callable[[], float], second: Callable[[], float]) -> tuple[list, list]:
    """`runs` timings of each, interleaved so that drift in the machine's state hits both alike."""
    a, b = [], []
    for _ in range(runs):
        a.append(first())
        b.append(second())
    return a, b


def _builds(project: Path, runs: int, jobs: int) -> dict[str, object]:
    def cold(n: int) -> Callable[[], float]:
        def measure() -> float:
            shutil.rmtree(project / "_build", ignore_errors=True)
            return _book(project, n)

        return measure

    capacity = [_cpu_capacity()]
    cold_parallel, cold_serial = _paired(runs, cold(jobs), cold(1))
    serial_site = _tree_digest(project / "_build/html")
    shutil.rmtree(project / "_build")
    _book(project, jobs)
    parallel_site = _tree_digest(project / "_build/html")

    edits = iter(range(2 * runs))

    def edited(n: int) -> Callable[[], float]:
        def measure() -> float:
            _edit_csv(project, next(edits))
            return _book(project, n)

        return measure

    edit_parallel, edit_serial = _paired(runs, edited(jobs), edited(1))
    capacity.append(_cpu_capacity())
    differing = sorted(
        k for k in serial_site.keys() | parallel_site.keys() if serial_site.get(k) != parallel_site.get(k)
    )
    return {
        "cold": (cold_parallel, cold_serial),
        "edit": (edit_parallel, edit_serial),
        "differing": differing,
        "capacity": capacity,
    }


def _export(commit: str, target: Path) -> Path:
    """A clean tree of `commit` (no untracked or ignored file), set up as a fresh clone would be."""
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", commit], cwd=project_root(), capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def _make_test(tree: Path, failures: list[str], passed: dict[str, int]) -> Callable[[], float]:
    """One timed `make test` in `tree`; a failing run is timed all the same and its summary kept, and
    the number of tests that passed is kept under the tree's name."""

    def measure() -> float:
        for folder in ("_build", "tests/artifacts"):
            shutil.rmtree(tree / folder, ignore_errors=True)
        start = time.perf_counter()
        done = subprocess.run(["make", "test"], cwd=tree, capture_output=True, text=True, check=False)
        # Under `make bench` this make is a sub-make, which adds its own "make[1]: Leaving directory" lines.
        lines = [line for line in done.stdout.strip().splitlines() if not line.startswith("make[")]
        if done.returncode != 0:  # pytest's summary, its first lines of the assertion that failed, and
            # the last of what went to stderr (a build's error)
            reasons = [line for line in lines if line.startswith("E ")][:3]
            errors = [line for line in done.stderr.strip().splitlines() if not line.startswith("make[")]
            failures.append(f"{tree.name}: " + " / ".join([*lines[-3:], *reasons, *errors[-5:]]))
        if summary := re.search(r"(\d+) passed", lines[-1] if lines else ""):
            passed[tree.name] = int(summary[1])
        return time.perf_counter() - start

    return measure


def _make_tests(
    scratch: Path, runs: int, failures: list[str], passed: dict[str, int]
) -> tuple[list[float], list[float], Path, Path]:
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=project_root(), capture_output=True, text=True, check=True
    ).stdout.strip()
    before, after = _export(BASELINE, scratch / "before"), _export(head, scratch / "after")
    # Warm environments: each tree's virtual environments from its own lock files, untimed.
    _timed(["make", "setup"], before)
    _timed(["make", "setup", "lab-setup"], after)
    before_runs, after_runs = _paired(
        runs, _make_test(before, failures, passed), _make_test(after, failures, passed)
    )
    return before_runs, after_runs, before, after


def run(runs: int, page_runs: int, jobs: int) -> str:
    with tempfile.TemporaryDirectory(prefix="syriacoop-bench-") as folder:
        scratch = Path(folder)
        project = copy_project(project_root(), scratch / "project")
        builds = _builds(project, runs, jobs)
        failures: list[str] = []
        passed: dict[str, int] = {}
        test_before, test_after, before, after = _make_tests(scratch, runs, failures, passed)
        pages_before = bench_site.visits(before / "_build/html", page_runs)
        pages_after = bench_site.visits(after / "_build/html", page_runs)
    return _report(
        runs, page_runs, jobs, builds, (test_before, test_after, failures, passed), pages_before, pages_after
    )


def _seconds(values: list[float]) -> str:
    return ", ".join(f"{v:.1f}" for v in values)


def _ms(values: list[float]) -> str:
    return ", ".join(f"{v / 1000:.2f}" for v in values)


def _verdict(value: float, goal: float) -> str:
    return "met" if value <= goal else "**not met**"


def _page_rows(label: str, pages: dict[str, list[Visit]]) -> list[str]:
    measures = [
        ("chapter page first contentful paint", "chapter", "fcp"),
        ("same HTML, every script removed, first contentful paint", "chapter, no script", "fcp"),
        ("chapter page load event", "chapter", "load"),
        ("chapter page, all figures drawn", "chapter", "drawn"),
        ("page with no figure, DOMContentLoaded", "no figure", "dcl"),
    ]
    return [
        f"| {label}: {what} | {median_time(pages[page], key) / 1000:.2f} s "
        f"| {_ms([v.times[key] for v in pages[page]])} |"
        for what, page, key in measures
    ]


def _page_targets(label: str, pages: dict[str, list[Visit]]) -> dict[str, tuple[float, str]]:
    chapter, bare, plain = pages["chapter"], pages["chapter, no script"], pages["no figure"]
    fcp, bare_fcp = median_time(chapter, "fcp"), median_time(bare, "fcp")
    load, drawn = median_time(chapter, "load"), median_time(chapter, "drawn")
    js = statistics.median(js_bytes(v) for v in chapter)
    plotly_js = statistics.median(v.loaded.get("plotly.js", 0) for v in chapter)
    plotly_on_plain = max(v.loaded.get("plotly.js", 0) for v in plain)
    return {
        "fcp": (fcp / bare_fcp, f"{fcp / bare_fcp:.2f}× ({fcp / 1000:.2f} s / {bare_fcp / 1000:.2f} s)"),
        "drawn": (drawn / load, f"{drawn / load:.2f}× ({drawn / 1000:.2f} s / {load / 1000:.2f} s)"),
        "plain": (plotly_on_plain, f"{plotly_on_plain / KB:.0f} KB of plotly.js"),
        "js": (js, f"{js / KB:.0f} KB (plotly.js {plotly_js / KB:.0f} KB)"),
    }


def _report(runs, page_runs, jobs, builds, tests, pages_before, pages_after) -> str:
    cold_parallel, cold_serial = builds["cold"]
    edit_parallel, edit_serial = builds["edit"]
    cold = statistics.median(cold_parallel) / statistics.median(cold_serial)
    edit = statistics.median(edit_parallel) / statistics.median(edit_serial)
    test_before, test_after, failures, passed = tests
    test = statistics.median(test_after) / statistics.median(test_before)
    before, after = _page_targets("before", pages_before), _page_targets("after", pages_after)
    external = sorted({u for visits in pages_after.values() for v in visits for u in v.external})
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` on {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}. Machine: "
        f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
        f"{platform.platform()}. Timings are medians of {runs} runs (pages: {page_runs} cold loads), all "
        "measured in this one run of the command; every ratio compares two measures taken side by side. "
        f"*Before* is commit `{BASELINE[:7]}` (the state issue 10 measured), *after* is HEAD.",
        "",
        "## Targets",
        "",
        "| target | goal | before | after | |",
        "| --- | --- | --- | --- | --- |",
        f"| chapter page FCP / same HTML without scripts | ≤ {GOALS['fcp']}× | {before['fcp'][1]} "
        f"| {after['fcp'][1]} | {_verdict(after['fcp'][0], GOALS['fcp'])} |",
        f"| chapter page: all figures drawn / load event | ≤ {GOALS['drawn']}× | {before['drawn'][1]} "
        f"| {after['drawn'][1]} | {_verdict(after['drawn'][0], GOALS['drawn'])} |",
        f"| page with no figure: plotly.js loaded | none | {before['plain'][1]} | {after['plain'][1]} "
        f"| {_verdict(after['plain'][0], 0)} |",
        f"| chapter page: JavaScript loaded | ≤ {GOALS['js'] / KB:.0f} KB | {before['js'][1]} "
        f"| {after['js'][1]} | {_verdict(after['js'][0], GOALS['js'])} |",
        f"| cold build / same build forced serial | ≤ {GOALS['build']}× | 1× (serial only) "
        f"| {cold:.2f}× ({statistics.median(cold_parallel):.1f} s / {statistics.median(cold_serial):.1f} s) "
        f"| {_verdict(cold, GOALS['build'])} |",
        f"| rebuild after one CSV edit / same build forced serial | ≤ {GOALS['build']}× | 1× (serial only) "
        f"| {edit:.2f}× ({statistics.median(edit_parallel):.1f} s / {statistics.median(edit_serial):.1f} s) "
        f"| {_verdict(edit, GOALS['build'])} |",
        f"| `make test`, warm / `make test` at `{BASELINE[:7]}` | ≤ {GOALS['test']}× "
        f"| {statistics.median(test_before):.0f} s | {test:.2f}× ({statistics.median(test_after):.0f} s) "
        f"| {_verdict(test, GOALS['test'])} |",
        "",
        f"Requests to any other host from the pages measured (after): {len(external)}.",
        "",
        "Before, plotly.js was a script of the page, and the load event waited for it; after, the page's"
        " figures.js fetches it once the text has painted, and the load event need not wait for it. The"
        " figures-drawn ratio of the two is therefore taken against different load events.",
        "",
        "## Builds (`python -m syriacoop build`: one edition, as `make book-en`, on a copy of the project;"
        " `make book` builds each edition so)",
        "",
        "| measure | median | runs (s) |",
        "| --- | --- | --- |",
        f"| cold build, {jobs} notebooks at once | {statistics.median(cold_parallel):.1f} s "
        f"| {_seconds(cold_parallel)} |",
        f"| cold build, forced serial (`--jobs 1`) | {statistics.median(cold_serial):.1f} s "
        f"| {_seconds(cold_serial)} |",
        f"| rebuild after one CSV edit, {jobs} notebooks at once | {statistics.median(edit_parallel):.1f} s "
        f"| {_seconds(edit_parallel)} |",
        f"| rebuild after one CSV edit, forced serial | {statistics.median(edit_serial):.1f} s "
        f"| {_seconds(edit_serial)} |",
        "",
        "The parallel build runs each notebook in a fork of a worker that has imported what the notebooks"
        " import, on an in-process kernel; the serial build runs each in a kernel of its own, as Jupyter"
        " Book does. Both ratios therefore count the kernels' start-up saved as well as the cores used.",
        "",
        "Two CPU-bound processes at once did "
        + " and ".join(f"{c:.2f}×" for c in builds["capacity"])
        + " the work of one (before and after the builds; 2× on two idle cores): the ceiling of any "
        "parallel speed-up on this machine during this run.",
        "",
        "Parallel and serial builds compared file by file: "
        + ("byte-identical." if not builds["differing"] else f"{len(builds['differing'])} files differ:"),
        *[f"- `{name}`" for name in builds["differing"][:40]],
        "",
        "## `make test` (environments set up, `_build` emptied before each run)",
        "",
        "| tree | median | runs (s) |",
        "| --- | --- | --- |",
        f"| before (`{BASELINE[:7]}`) | {statistics.median(test_before):.0f} s | {_seconds(test_before)} |",
        f"| after (HEAD) | {statistics.median(test_after):.0f} s | {_seconds(test_after)} |",
        "",
        "Every run passed." if not failures else "Runs that failed (timed all the same):",
        *[f"- {failure}" for failure in failures],
        "",
        f"Tests that passed in one run: before {passed.get('before', '?')}, after {passed.get('after', '?')}"
        " (before, `make test` built and tested the English edition only, its browser tests in the full"
        " chromium; after, both editions, the browser tests in chromium's headless shell, which costs under"
        " half the CPU a page).",
        "",
        f"## Pages (`{bench_site.CHAPTER_PAGE}`, `{bench_site.NO_FIGURE_PAGE}`; cold cache, loopback)",
        "",
        "| measure | median | runs (s) |",
        "| --- | --- | --- |",
        *_page_rows("before", pages_before),
        *_page_rows("after", pages_after),
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m syriacoop.bench")
    parser.add_argument("--out", default="BENCHMARKS.md")
    parser.add_argument("--runs", type=int, default=3, help="builds and make test runs per measure")
    parser.add_argument("--page-runs", type=int, default=9, help="cold loads per page")
    parser.add_argument("--jobs", type=int, default=KERNELS, help="notebooks the parallel build runs at once")
    args = parser.parse_args(argv)
    report = run(args.runs, args.page_runs, args.jobs)
    (project_root() / args.out).write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
