"""`python -m syriacoop.bench --out BENCHMARKS.md`: measure the build, the tests and the built site.

Everything runs on a copy of the project in a temporary folder (the CSV-edit measurement edits data), in
one run, each timing the median of `--runs` repetitions. Figures, not assertions: the file records them.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import http.server
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from .paths import copy_project, project_root

BIN = Path(sys.executable).parent
CHAPTER_PAGE = "book/chapters/04-deir-ez-zor.html"
TARGETS = {
    "warm no-op rebuild / cold build": "≤ 10 %",
    "external requests": "0",
    "chapter page HTML": "≤ 300 KB",
    "all figures rendered after load": "≤ 2 s",
}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site without logging every request to the terminal."""

    def log_message(self, format: str, *args: object) -> None:
        pass


def _timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def _build(project: Path) -> float:
    return _timed([str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going", "--quiet"], project)


def _median(runs: int, measure: Callable[[], float]) -> tuple[float, list[float]]:
    values = [measure() for _ in range(runs)]
    return statistics.median(values), values


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# One cell of events.csv toggled between two wordings: a real edit every run, valid data every time.
EDIT = ("Velayati meets Putin", "Velayati met Putin")


def _edit_csv(project: Path, run: int) -> None:
    path = project / "data/events.csv"
    old, new = EDIT if run % 2 == 0 else EDIT[::-1]
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _site_figures(site: Path, runs: int) -> dict[str, object]:
    """Page weights from the files; requests, bytes loaded and figure render time from Chromium."""
    from playwright.sync_api import sync_playwright

    pages = sorted(p for p in site.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts)
    sizes = [p.stat().st_size for p in pages]
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{httpd.server_port}"
    render_times, loaded, external = [], {}, set()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for _ in range(runs):
            page = browser.new_page()
            responses: list = []
            page.on("response", functools.partial(list.append, responses))
            page.on(
                "request", lambda r: external.add(r.url) if not r.url.startswith((origin, "data:")) else None
            )
            page.goto(f"{origin}/{CHAPTER_PAGE}", wait_until="load")
            page.wait_for_function(
                "() => [...document.querySelectorAll('.plotly-graph-div')]"
                ".every(gd => gd.querySelector('svg.main-svg'))",
                timeout=30_000,
            )
            render_times.append(
                page.evaluate(
                    "() => performance.now() - performance.getEntriesByType('navigation')[0].loadEventEnd"
                )
            )
            page.wait_for_load_state("networkidle")
            loaded = {}
            for response in responses:
                name = Path(response.url.split("?")[0]).name
                kind = "plotly.min.js" if name == "plotly.min.js" else Path(name).suffix or ".html"
                body = response.body() if response.status == 200 else b""
                loaded[kind] = loaded.get(kind, 0) + len(body)
            page.close()
        browser.close()
    httpd.shutdown()
    chapter = site / CHAPTER_PAGE
    return {
        "pages": len(pages),
        "html_median": statistics.median(sizes),
        "html_max": max(sizes),
        "html_max_page": pages[sizes.index(max(sizes))].relative_to(site).as_posix(),
        "chapter_html": chapter.stat().st_size,
        "loaded": loaded,
        "external": sorted(external),
        "render_ms": statistics.median(render_times),
        "render_runs": render_times,
    }


def run(runs: int) -> str:
    root = project_root()
    with tempfile.TemporaryDirectory(prefix="syriacoop-bench-") as scratch:
        project = copy_project(root, Path(scratch) / "project")

        def cold() -> float:
            shutil.rmtree(project / "_build", ignore_errors=True)
            return _build(project)

        cold_median, cold_runs = _median(runs, cold)
        first_build = _tree_digest(project / "_build/html")
        shutil.rmtree(project / "_build")
        _build(project)
        second_build = _tree_digest(project / "_build/html")
        differing = sorted(
            k for k in first_build.keys() | second_build.keys() if first_build.get(k) != second_build.get(k)
        )
        warm_median, warm_runs = _median(runs, lambda: _build(project))
        edits = iter(range(runs))

        def after_edit() -> float:
            _edit_csv(project, next(edits))
            return _build(project)

        edit_median, edit_runs = _median(runs, after_edit)
        notebooks = sorted(str(p.relative_to(project)) for p in (project / "book").rglob("*.ipynb"))
        nbval = [
            sys.executable,
            "-m",
            "pytest",
            "--nbval",
            "--nbval-current-env",
            "-q",
            "-p",
            "no:cacheprovider",
            "--nbval-sanitize-with",
            "tests/nbval-sanitize.cfg",
            *notebooks,
        ]
        shutil.copyfile(root / "data/events.csv", project / "data/events.csv")  # nbval compares real data
        nbval_median, nbval_runs = _median(runs, lambda: _timed(nbval, project))
        site = _site_figures(project / "_build/html", runs)
    return _report(
        runs,
        cold_median,
        cold_runs,
        warm_median,
        warm_runs,
        edit_median,
        edit_runs,
        nbval_median,
        nbval_runs,
        site,
        differing,
    )


def _seconds(values: list[float]) -> str:
    return ", ".join(f"{v:.1f}" for v in values)


def _report(
    runs, cold, cold_runs, warm, warm_runs, edit, edit_runs, nbval, nbval_runs, site, differing
) -> str:
    kb = 1024
    loaded = site["loaded"]
    plotly_js, other_js, css = loaded.get("plotly.min.js", 0), loaded.get(".js", 0), loaded.get(".css", 0)
    fonts = sum(v for k, v in loaded.items() if k in (".woff2", ".woff", ".ttf"))
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` on {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}. Machine: "
        f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
        f"{platform.platform()}. Each timing is the median of {runs} runs (all runs listed), measured in one "
        "run of the command on a copy of the project.",
        "",
        "## Build and tests",
        "",
        "| measure | median | runs (s) |",
        "| --- | --- | --- |",
        f"| cold build (empty `_build`) | {cold:.1f} s | {_seconds(cold_runs)} |",
        f"| warm rebuild, nothing changed | {warm:.1f} s ({100 * warm / cold:.0f} % of cold) "
        f"| {_seconds(warm_runs)} |",
        f"| rebuild after one CSV edit (every notebook re-executes) | {edit:.1f} s | {_seconds(edit_runs)} |",
        f"| full nbval run (every notebook) | {nbval:.1f} s | {_seconds(nbval_runs)} |",
        "",
        "## Built site",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| pages | {site['pages']} |",
        f"| HTML bytes per page, median | {site['html_median'] / kb:.0f} KB |",
        f"| HTML bytes per page, max | {site['html_max'] / kb:.0f} KB (`{site['html_max_page']}`) |",
        f"| chapter page HTML (`{CHAPTER_PAGE}`) | {site['chapter_html'] / kb:.0f} KB |",
        f"| JS loaded by the chapter page | {(plotly_js + other_js) / kb:.0f} KB: "
        f"plotly.js {plotly_js / kb:.0f} KB, "
        f"theme and Sphinx {other_js / kb:.0f} KB |",
        f"| CSS loaded by the chapter page | {css / kb:.0f} KB |",
        f"| fonts loaded by the chapter page | {fonts / kb:.0f} KB |",
        f"| map shapes (topojson) loaded | {loaded.get('.json', 0) / kb:.0f} KB |",
        f"| requests to any other host | {len(site['external'])} |",
        f"| all figures rendered, after the load event (median) | {site['render_ms'] / 1000:.2f} s "
        f"(runs: {', '.join(f'{v / 1000:.2f}' for v in site['render_runs'])}) |",
        "",
        "## Targets",
        "",
        "| target | goal | measured |",
        "| --- | --- | --- |",
        f"| warm no-op rebuild / cold build | {TARGETS['warm no-op rebuild / cold build']} "
        f"| {100 * warm / cold:.0f} % |",
        f"| external requests | {TARGETS['external requests']} | {len(site['external'])} |",
        f"| chapter page HTML | {TARGETS['chapter page HTML']} | {site['chapter_html'] / kb:.0f} KB |",
        f"| all figures rendered after load | {TARGETS['all figures rendered after load']} | "
        f"{site['render_ms'] / 1000:.2f} s |",
        "",
        "## Reproducible output",
        "",
        "Two clean builds, compared file by file: "
        + ("byte-identical." if not differing else f"{len(differing)} files differ:"),
    ]
    lines += [f"- `{name}`" for name in differing[:40]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m syriacoop.bench")
    parser.add_argument("--out", default="BENCHMARKS.md")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    report = run(args.runs)
    (project_root() / args.out).write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
