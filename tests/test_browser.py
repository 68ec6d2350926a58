"""Every built page in Debian's headless Chromium, served on loopback: no console error, every figure
drawn with all its traces, every icon drawn, plotly.js fetched only by pages with a figure, no request to
another host. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from conftest import ROOT, SITE, html_pages

from syriacoop.bench_site import QuietHandler
from syriacoop.plotly_bundle import bundle_traces

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"

# Console errors tolerated, each with its reason. Empty: a console error is fixed at its cause.
ALLOWED_CONSOLE_ERRORS: frozenset[str] = frozenset()


@pytest.fixture(scope="module")
def server():
    handler = functools.partial(QuietHandler, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium (make test does it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


PAGES = [p.relative_to(SITE).as_posix() for p in html_pages(SITE)] if SITE.exists() else []

FIGURES_DRAWN = """() => [...document.querySelectorAll('.plotly-graph-div')].map(gd => ({
    id: gd.id,
    expected: (gd.data || []).length,
    // scatter and bar traces are `g.trace`; a heatmap is one `g.hm` image
    drawn: gd.querySelectorAll('svg .trace, svg .hm').length,
    svg: !!gd.querySelector('svg.main-svg'),
}))"""


@pytest.mark.parametrize("page_path", PAGES)
def test_page_loads_cleanly_and_draws_every_figure(browser, server, page_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, outside, requested = [], [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{server}/{page_path}", wait_until="load")
    page.wait_for_load_state("networkidle")
    figures = page.evaluate(FIGURES_DRAWN)
    icons_left = page.evaluate("document.querySelectorAll('i[class*=\"fa-\"]').length")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / (page_path.replace("/", "__") + ".png")), full_page=True)
    page.close()
    outside = [u for u in requested if not u.startswith((server, "data:", "blob:", "about:"))]
    assert outside == [], f"requests left 127.0.0.1: {outside}"
    unexpected = [e for e in errors if not any(a in e for a in ALLOWED_CONSOLE_ERRORS)]
    assert unexpected == [], f"console errors: {unexpected}"
    assert icons_left == 0, "an icon the Font Awesome subset lacks (tools/bundles/build.mjs)"
    if not figures:
        assert not [u for u in requested if "plotly" in u], "a page with no figure fetched plotly.js"
    for fig in figures:
        assert fig["svg"], f"figure {fig['id']} drew no SVG"
        assert fig["expected"] > 0 and fig["drawn"] >= fig["expected"], fig


def test_every_notebook_page_has_its_figures(browser, server):
    """Every chapter page carries at least one titled chart or table, and every figure in a page's JSON
    is drawn; a figure silently dropped fails here."""
    page = browser.new_page()
    counts = {}
    for path in PAGES:
        if path.startswith("book/chapters/") or path in ("book/intro.html", "book/metrics.html"):
            page.goto(f"{server}/{path}", wait_until="load")
            page.wait_for_load_state("networkidle")
            counts[path] = page.evaluate(
                """() => ({
                    titled: document.querySelectorAll('.chart-title, table caption').length,
                    specs: document.querySelectorAll('script.plotly-figure').length,
                    drawn: [...document.querySelectorAll('.plotly-graph-div')]
                        .filter((gd) => gd.querySelector('svg.main-svg')).length,
                })"""
            )
    page.close()
    assert len(counts) == 8, counts
    assert all(c["titled"] >= 1 and c["drawn"] == c["specs"] for c in counts.values()), counts
    assert sum(c["specs"] for c in counts.values()) >= 9, counts


def test_the_bundle_registers_exactly_the_trace_types_its_banner_lists(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/book/intro.html", wait_until="load")
    registered = page.evaluate("Object.keys(Plotly.PlotSchema.get().traces)")
    page.close()
    assert set(registered) == bundle_traces()
