"""Shared fixtures: the project root, a scratch copy of the data, the built site; the browser the tests
launch (`launch_chromium`); the `--screenshots` option; the slowest tests first."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from syriacoop.bench_site import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
# The browser tests drive Debian's chromium-headless-shell: the same Chromium as /usr/bin/chromium (one
# source package, one version), built for automation, as Playwright's own headless runs are. It loads and
# draws the English edition's pages for under half the full browser's CPU time (medians of 10.2 s against
# 23.0 s for its 16 pages, 3 interleaved runs). It hints fonts fully unless told otherwise, which sets
# Arabic wider than the full browser does (a paragraph a line longer); told to hint them slightly, as
# Debian's fontconfig does, it sets every line and label exactly where the full browser does, which a
# test checks in both editions. `make bench` times pages in the full browser, as a reader opens them.
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
SHELL_ARGS = (*CHROMIUM_ARGS, "--font-render-hinting=slight")
SITE = ROOT / "_build" / "html"
# Both editions, by language: sibling folders of _build, as `make book` builds them.
EDITIONS = {"en": SITE, "ar": ROOT / "_build" / "html-ar"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="save a full-page screenshot of every page the browser tests load, in tests/artifacts/",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests (whole builds and notebook runs in a copy) first: the workers share out the rest
    behind them, and no worker is left running a long test alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def launch_chromium(playwright, executable: str = HEADLESS_SHELL):
    """Debian's headless shell (by default) or full chromium, headless, launched by `playwright`."""
    if not Path(executable).exists():
        package = Path(executable).name
        pytest.fail(
            f"Debian's {package} is missing: apt-get install -y {package} (make test does it as root)"
        )
    args = SHELL_ARGS if Path(executable).name == Path(HEADLESS_SHELL).name else CHROMIUM_ARGS
    return playwright.chromium.launch(executable_path=executable, args=list(args))


@pytest.fixture(scope="session")
def screenshots(request: pytest.FixtureRequest) -> Path | None:
    """Where to save screenshots (`--screenshots`), or None: they cost a second or more on a long page."""
    if not request.config.getoption("--screenshots"):
        return None
    folder = ROOT / "tests" / "artifacts"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ (a broken-fixture test edits it)."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail("the built book is missing: run `make book` first (make test does)")
    return SITE


def notebook_pages(site: Path) -> list[Path]:
    """The edition's pages built from notebooks that chart: the chapters, the introduction and the page
    across the chapters."""
    return [
        *sorted((site / "book/chapters").glob("*.html")),
        site / "book/intro.html",
        site / "book/metrics.html",
    ]


def html_pages(site: Path) -> list[Path]:
    """The book's own pages (not Sphinx's search and index pages, nor vendored files)."""
    skip = {"search.html", "genindex.html"}
    return sorted(
        p
        for p in site.rglob("*.html")
        if p.name not in skip and "_static" not in p.parts and "_sources" not in p.parts
    )
