"""The built site in headless Chromium for `make bench`: paint and draw times, bytes, requests.

Each measure is taken on a fresh browser context (a cold cache) against a threaded loopback server, and
the page it is compared with is measured in the same run: the chapter page beside the same HTML with
every script removed, its figures beside its own load event.
"""

from __future__ import annotations

import functools
import http.server
import re
import statistics
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

CHAPTER_PAGE = "book/chapters/04-deir-ez-zor.html"
NO_FIGURE_PAGE = "book/appendix/glossary.html"
NO_SCRIPT_SUFFIX = ".noscript.html"
# Debian's full chromium, as a reader opens it (the browser tests run in its headless shell:
# tests/conftest.py).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking")
SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)

# Marks the first animation frame in which every figure has its SVG: the time "all figures drawn".
ALL_DRAWN = """() => {
    const drawn = [...document.querySelectorAll('.plotly-graph-div')]
        .every(gd => gd.querySelector('svg.main-svg'));
    if (drawn && window.__allDrawn === undefined) window.__allDrawn = performance.now();
    return drawn;
}"""
TIMES = """() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {fcp: fcp ? fcp.startTime : null, load: nav.loadEventEnd, dcl: nav.domContentLoadedEventEnd,
            drawn: window.__allDrawn === undefined ? null : window.__allDrawn};
}"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site without logging every request to the terminal."""

    def log_message(self, format: str, *args: object) -> None:
        pass


class LoopbackServer(http.server.ThreadingHTTPServer):
    """A threaded server that queues a browser's bursts of connections and lets it drop them."""

    # A page opens several connections at once and the socket's default queue holds 5: on a loaded
    # machine a refused connection would reach the page as a console error.
    request_queue_size = 64

    def handle_error(self, request: object, client_address: tuple) -> None:
        # A browser closing a page while a file is on its way is no error of the server's.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(folder: Path) -> tuple[LoopbackServer, str]:
    """`folder` served quietly on a free loopback port from a daemon thread: the server and its origin."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = LoopbackServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_port}"


@dataclass
class Visit:
    """One cold load of one page: times in ms from navigation start, bytes by kind, other hosts."""

    times: dict[str, float | None]
    loaded: dict[str, int]
    external: list[str] = field(default_factory=list)


def _kind(url: str) -> str:
    name = Path(url.split("?")[0]).name
    if "plotly" in name and name.endswith(".js"):
        return "plotly.js"
    return Path(name).suffix or ".html"


def without_scripts(site: Path, page: str) -> str:
    """Write the page with every <script> element removed beside it (same folder, same relative links)."""
    source = site / page
    target = source.with_name(source.stem + NO_SCRIPT_SUFFIX)
    target.write_text(SCRIPT.sub("", source.read_text(encoding="utf-8")), encoding="utf-8")
    return target.relative_to(site).as_posix()


def _visit(browser, origin: str, page_path: str, scripts: bool = True) -> Visit:
    """Load `page_path` cold; with `scripts`, wait until its figures are drawn (none drawn without)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    responses, requests = [], []
    page.on("response", lambda r: responses.append(r))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{origin}/{page_path}", wait_until="load")
    if scripts:
        page.wait_for_function(ALL_DRAWN, polling="raf", timeout=30_000)
    page.wait_for_load_state("networkidle")
    times = page.evaluate(TIMES)
    loaded: dict[str, int] = {}
    for response in responses:
        body = response.body() if response.status == 200 else b""
        loaded[_kind(response.url)] = loaded.get(_kind(response.url), 0) + len(body)
    context.close()
    external = [u for u in requests if not u.startswith((origin, "data:", "blob:", "about:"))]
    return Visit(times, loaded, external)


def visits(site: Path, runs: int) -> dict[str, list[Visit]]:
    """`runs` cold loads of the chapter page, its script-free copy and a page with no figure, interleaved
    so that the machine's state is the same for the three."""
    from playwright.sync_api import sync_playwright

    pages = {
        "chapter": CHAPTER_PAGE,
        "chapter, no script": without_scripts(site, CHAPTER_PAGE),
        "no figure": NO_FIGURE_PAGE,
    }
    httpd, origin = serve(site)
    found: dict[str, list[Visit]] = {name: [] for name in pages}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
            _visit(browser, origin, CHAPTER_PAGE)  # warm the server and the browser binary, not the cache
            for _ in range(runs):
                for name, path in pages.items():
                    found[name].append(_visit(browser, origin, path, scripts=name != "chapter, no script"))
            browser.close()
    finally:
        httpd.shutdown()
        (site / pages["chapter, no script"]).unlink()
    return found


def median_time(runs: list[Visit], key: str) -> float:
    return statistics.median(v.times[key] for v in runs)


def js_bytes(visit: Visit) -> int:
    return visit.loaded.get(".js", 0) + visit.loaded.get("plotly.js", 0)
