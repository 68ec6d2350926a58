"""Every built page of both editions in Debian's chromium-headless-shell, served on loopback: no console
error, every figure drawn with all its traces, every icon drawn, plotly.js fetched only by pages with a
figure, no request to another host; the Arabic edition right to left, each page linked to its twin in the
other edition, and Arabic found by the search; a chapter of each edition set exactly as the full chromium
sets it. With `--screenshots`, every page loaded is saved in tests/artifacts/."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import EDITIONS, ROOT, html_pages, launch_chromium, notebook_pages

from syriacoop.bench_site import CHROMIUM, serve
from syriacoop.plotly_bundle import bundle_traces

pytestmark = pytest.mark.browser

# Console errors tolerated, each with its reason. Empty: a console error is fixed at its cause.
ALLOWED_CONSOLE_ERRORS: frozenset[str] = frozenset()


@pytest.fixture(scope="module")
def server():
    """`_build` on loopback: the editions are its folders `html/` and `html-ar/`."""
    httpd, origin = serve(ROOT / "_build")
    yield origin
    httpd.shutdown()


@pytest.fixture(scope="module")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright):
    """Debian's chromium-headless-shell (conftest says why)."""
    browser = launch_chromium(playwright)
    yield browser
    browser.close()


def _pages(site: Path) -> list[str]:
    """The edition's pages as paths under `_build` (`html-ar/book/intro.html`)."""
    return [p.relative_to(site.parent).as_posix() for p in html_pages(site)] if site.exists() else []


# An edition's index.html only forwards the reader to the introduction (a meta refresh): tested apart.
FRONT_DOORS = ("html/index.html", "html-ar/index.html")
PAGES = [page for site in EDITIONS.values() for page in _pages(site) if page not in FRONT_DOORS]
NOTEBOOK_PAGES = {
    lang: [p.relative_to(site.parent).as_posix() for p in notebook_pages(site)] if site.exists() else []
    for lang, site in EDITIONS.items()
}

FIGURES_DRAWN = """() => ({
    specs: document.querySelectorAll('script.plotly-figure').length,
    figures: [...document.querySelectorAll('.plotly-graph-div')].map(gd => ({
        id: gd.id,
        expected: (gd.data || []).length,
        // scatter and bar traces are `g.trace`; a heatmap is one `g.hm` image
        drawn: gd.querySelectorAll('svg .trace, svg .hm').length,
        svg: !!gd.querySelector('svg.main-svg'),
    })),
})"""


# A page is settled once its fonts are in and each of its figures is drawn for the page's theme (the
# book's figure-theme.js marks a drawn figure with `data-book-theme`). Waiting for that, rather than for
# half a second without network traffic, is both surer and quicker.
SETTLED = """(mode) => document.fonts.status === 'loaded'
    && [...document.querySelectorAll('.plotly-graph-div')].every((gd) => gd.dataset.bookTheme === mode)"""


def _themed_context(browser, width: int, mode: str):
    """A browser context (its own cache), `width` wide, in the `mode` theme the reader chose."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=mode)
    # the theme's own switch keeps the reader's choice in localStorage
    context.add_init_script(f"for (const key of ['mode', 'theme']) localStorage.setItem(key, '{mode}');")
    return context


def _themed_page(browser, width: int, mode: str):
    """A page of its own context (cold cache), `width` wide, in the `mode` theme the reader chose."""
    return _themed_context(browser, width, mode).new_page()


@pytest.fixture(scope="module")
def book_width_light(browser):
    """The page test's context: the book's width, the light theme. Its cache is warm after the first page,
    which spares each page a context and the parsing of plotly.js (about 0.4 s a page); the page still
    asks for every resource, and the test sees each request. `make bench` measures cold loads."""
    context = _themed_context(browser, 1280, "light")
    yield context
    context.close()


def _settle(page, mode: str) -> None:
    page.wait_for_function(SETTLED, arg=mode, polling="raf", timeout=30_000)


FIGURE_TEXT_PROBLEMS = (ROOT / "tests/js/figure_text_problems.js").read_text(encoding="utf-8")


def _once_true(page, condition: str, seconds: float = 3) -> None:
    """Wait up to `seconds` for `condition` (a JavaScript function) to hold, polling; what still fails
    after that is asserted, in full, by the caller. Work a page finishes after it has settled (Font
    Awesome swapping its icons in an animation frame, a figure's repaint) can lag on a loaded machine."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(condition, polling=100, timeout=seconds * 1000)


def _figure_text_problems(page) -> list[str]:
    """The figure-text check on a settled page, once any repaint under way is over (on a loaded machine
    a map's labels were seen with the light theme's ink after the figure had reported itself painted for
    the dark one): the problems that outlast the wait are those a reader would see."""
    _once_true(page, f"() => ({FIGURE_TEXT_PROBLEMS}\n)().length === 0")
    return page.evaluate(FIGURE_TEXT_PROBLEMS)


# A chart's title, subtitle and note are the page's HTML, not the figure's SVG: each must contrast with
# the page (WCAG's 4.5 for text) in either theme.
CHART_TEXT_PROBLEMS = """() => {
    const rgb = (colour) => colour.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const luminance = (colour) => {
        const linear = (v) => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        const [r, g, b] = rgb(colour).map(linear);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const page = luminance(getComputedStyle(document.body).backgroundColor);
    return [...document.querySelectorAll('.chart-title, .chart-subtitle, .chart-note')].flatMap((el) => {
        const ink = luminance(getComputedStyle(el).color);
        const ratio = (Math.max(ink, page) + 0.05) / (Math.min(ink, page) + 0.05);
        const text = `${el.className} "${el.textContent.slice(0, 40)}": contrast ${ratio.toFixed(1)}`;
        return ratio < 4.5 ? [text] : [];
    });
}"""

ICONS_LEFT = "document.querySelectorAll('i[class*=\"fa-\"]').length"

# When the page painted its text, and when each fetch of plotly.js and of its locale started (figures.js
# waits for the paint).
PLOTLY_FETCHES = """() => ({
    paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    plotly: performance.getEntriesByType('resource').filter((r) => r.name.includes('/plotly-'))
        .map((r) => [r.name.split('/').pop().split('?')[0], r.startTime]),
})"""


# Which way the page reads: its direction and language, its prose's, where its navigation and contents
# stand, and the direction of its code.
LAYOUT = """() => {
    const style = (selector, property) => {
        const el = document.querySelector(selector);
        return el ? getComputedStyle(el)[property] : null;
    };
    const left = (selector) => document.querySelector(selector)?.getBoundingClientRect().left ?? null;
    return {
        dir: document.documentElement.dir || 'ltr',
        lang: document.documentElement.lang,
        prose: style('article p', 'direction'),
        align: style('article p', 'textAlign'),
        navigation: left('.bd-sidebar-primary'),
        article: left('article'),
        code: style('div.cell_input pre', 'direction'),
    };
}"""


@pytest.mark.parametrize("page_path", PAGES)
def test_page_loads_cleanly_draws_every_figure_and_reads_in_its_direction(
    book_width_light, server, screenshots, page_path
):
    """No console error, no request to another host, every icon drawn, plotly.js only where a figure is;
    every figure in the page's JSON drawn, with all its traces (a figure silently dropped fails here), and
    its text apart, inside its frame and legible at the book's width in the light theme (the next test
    takes a phone's width and the dark theme). The Arabic edition reads right to left: prose set from the
    right, the navigation on the right and the contents on the left (the mirror of the English edition),
    code still left to right."""
    page = book_width_light.new_page()
    errors, outside, requested = [], [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{server}/{page_path}", wait_until="load")
    _settle(page, "light")
    found = page.evaluate(FIGURES_DRAWN)
    figures = found["figures"]
    text_problems = [*_figure_text_problems(page), *page.evaluate(CHART_TEXT_PROBLEMS)] if figures else []
    layout = page.evaluate(LAYOUT)
    fetches = page.evaluate(PLOTLY_FETCHES)
    _once_true(page, f"() => {ICONS_LEFT} === 0")
    icons_left = page.evaluate(ICONS_LEFT)
    if screenshots:
        page.screenshot(path=str(screenshots / (page_path.replace("/", "__") + ".png")), full_page=True)
    page.close()
    arabic = page_path.startswith("html-ar/")
    outside = [u for u in requested if not u.startswith((server, "data:", "blob:", "about:"))]
    assert outside == [], f"requests left 127.0.0.1: {outside}"
    unexpected = [e for e in errors if not any(a in e for a in ALLOWED_CONSOLE_ERRORS)]
    assert unexpected == [], f"console errors: {unexpected}"
    assert icons_left == 0, "an icon the Font Awesome subset lacks (tools/bundles/build.mjs)"
    if not figures:
        assert not [u for u in requested if "plotly" in u], "a page with no figure fetched plotly.js"
    else:
        names = ["plotly-book.min.js", *(["plotly-locale-ar.js"] if arabic else [])]
        assert [name for name, _ in fetches["plotly"]] == names, fetches
        assert all(start >= fetches["paint"] for _, start in fetches["plotly"]), fetches
    assert len(figures) == found["specs"], found
    for fig in figures:
        assert fig["svg"], f"figure {fig['id']} drew no SVG"
        assert fig["expected"] > 0 and fig["drawn"] >= fig["expected"], fig
    assert text_problems == []
    assert (layout["dir"], layout["lang"], layout["prose"]) == (
        ("rtl", "ar", "rtl") if arabic else ("ltr", "en", "ltr")
    )
    assert layout["align"] in (("start", "right") if arabic else ("start", "left")), layout
    assert (layout["navigation"] > layout["article"]) == arabic, (
        f"the navigation is on the wrong side: {layout}"
    )
    assert layout["code"] in (None, "ltr"), layout


@pytest.mark.parametrize("front_door", FRONT_DOORS)
def test_the_front_door_forwards_to_the_introduction_cleanly(book_width_light, server, front_door):
    """No console error and no request to another host on the way, and the book's icon named (else a
    browser asks for /favicon.ico, a 404)."""
    icon = re.search(r'<link rel="icon" href="([^"]+)"', (ROOT / "_build" / front_door).read_text("utf-8"))
    assert icon, "the front door names no icon"
    page = book_width_light.new_page()
    assert page.request.get(urljoin(f"{server}/{front_door}", icon[1])).ok
    errors, requested = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requested.append(r.url))
    introduction = f"{server}/{front_door.replace('index.html', 'book/intro.html')}"
    # tested as a page of its own: answered here with an empty page that names the icon, as the real one
    # does, and loads at once
    empty = '<!DOCTYPE html><link rel="icon" href="../_static/favicon.png">'
    page.route(introduction, lambda route: route.fulfill(content_type="text/html", body=empty))
    page.goto(f"{server}/{front_door}", wait_until="commit")
    page.wait_for_url(introduction, wait_until="load")
    page.close()
    assert [u for u in requested if not u.startswith(server)] == []
    assert errors == []


@pytest.mark.parametrize("lang", EDITIONS)
def test_figure_text_is_apart_inside_its_frame_and_suits_the_theme_on_a_dark_phone(browser, server, lang):
    """At a phone's width in the dark theme: no label overlaps another or leaves its figure, and every
    label's ink contrasts with the page. A theme changes a figure's ink, not its layout, and a width its
    layout, not its ink: this check and the page test's (the book's width, the light theme) cover both
    widths and both themes."""
    page = _themed_page(browser, 390, "dark")
    problems = {}
    for path in NOTEBOOK_PAGES[lang]:
        page.goto(f"{server}/{path}", wait_until="load")
        _settle(page, "dark")
        found = [*_figure_text_problems(page), *page.evaluate(CHART_TEXT_PROBLEMS)]
        if found:
            problems[path] = found
    page.context.close()
    assert problems == {}


@pytest.mark.parametrize("lang", EDITIONS)
def test_a_theme_switched_while_the_figures_paint_ends_in_its_own_ink(browser, server, lang):
    """The reader switches to the dark theme the moment the first figure is drawn, while it is being
    painted for the light theme and the other may still be drawing: every figure ends painted for the
    dark theme, its labels in the dark theme's ink. (A cold cache, as a first visit.)"""
    page = _themed_page(browser, 1280, "light")
    # as the theme's switch does
    switch = "document.documentElement.dataset.theme = 'dark'; document.documentElement.dataset.switched = 1"
    page.add_init_script(f"document.addEventListener('book-drawn', () => {{ {switch} }}, {{ once: true }});")
    page.goto(f"{server}/{EDITIONS[lang].name}/book/chapters/04-deir-ez-zor.html", wait_until="load")
    _settle(page, "dark")
    assert page.evaluate("document.documentElement.dataset.switched") == "1"
    problems = _figure_text_problems(page)
    page.context.close()
    assert problems == []


# Each heading, paragraph and list item of the article and each label of its figures: its element, its
# first words, where it stands and its size, to a hundredth of a pixel.
TEXT_BOXES = """() => [
    ...document.querySelectorAll('article :is(h1, h2, h3, p, li), .plotly-graph-div svg text'),
].map((el) => {
    const box = el.getBoundingClientRect();
    const place = [box.x, box.y, box.width, box.height].map((v) => v.toFixed(2));
    return [el.tagName, el.textContent.slice(0, 30), ...place];
})"""


def _as_set(browser, server, path: str) -> dict:
    """How `browser` sets the page at `path`: the page test's width and theme, its figures drawn."""
    context = _themed_context(browser, 1280, "light")
    page = context.new_page()
    page.goto(f"{server}/{path}", wait_until="load")
    _settle(page, "light")
    found = {"figures": page.evaluate(FIGURES_DRAWN), "layout": page.evaluate(LAYOUT)}
    found["text"] = page.evaluate(TEXT_BOXES)
    context.close()
    return found


@pytest.fixture(scope="module")
def full_browser(playwright):
    """Debian's full chromium, as a reader opens it (and `make bench` times pages in it)."""
    browser = launch_chromium(playwright, CHROMIUM)
    yield browser
    browser.close()


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_headless_shell_sets_a_chapter_exactly_as_the_full_browser_does(
    browser, full_browser, server, lang
):
    """The browser tests run in the headless shell (conftest says why); a reader opens the full browser. On
    the chapter with a map of place names and a bar chart, at the book's width, both draw the same figures
    and traces, lay the page out the same way, and set every heading, line of prose and figure label in
    the same place at the same size. What sets text (the fonts, their hinting, the shaping of Arabic) does
    not change with the width: what the shell finds of labels that overlap or leave their figure holds in
    the full browser."""
    assert browser.version == full_browser.version  # one Chromium, two builds of it
    path = f"{EDITIONS[lang].name}/book/chapters/04-deir-ez-zor.html"
    in_shell, in_full = _as_set(browser, server, path), _as_set(full_browser, server, path)
    figures = in_full["figures"]
    assert figures["specs"] == len(figures["figures"]) == 2
    assert all(0 < f["expected"] <= f["drawn"] for f in figures["figures"]), figures
    labels = [box for box in in_full["text"] if box[0] == "text"]
    assert len(labels) > 10 and len(in_full["text"]) > len(labels) + 30
    shell_text, full_text = in_shell.pop("text"), in_full.pop("text")
    assert len(shell_text) == len(full_text)
    assert [(s, f) for s, f in zip(shell_text, full_text, strict=True) if s != f] == []  # (shell, full)
    assert in_shell == in_full


def test_the_text_check_finds_overlap_clipping_and_wrong_ink(browser):
    page = browser.new_page(viewport={"width": 400, "height": 300})
    page.set_content(
        '<div class="plotly-graph-div" id="g" style="width:200px;height:100px">'
        '<svg class="main-svg" width="200" height="100">'
        '<text x="10" y="20" style="fill:#1f2328">Syrian opposition</text>'
        '<text x="30" y="22" style="fill:#1f2328">Israel</text>'
        '<text x="150" y="60" style="fill:#1f2328">Al-Bukamal (Abu Kamal)</text>'
        '<text x="10" y="80" transform="rotate(-45 10 80)" style="fill:#eeeeee">Iraq</text>'
        "</svg></div>"
    )
    found = page.evaluate(FIGURE_TEXT_PROBLEMS)
    page.close()
    assert found == [
        'g: "Syrian opposition" overlaps "Israel"',
        'g: "Al-Bukamal (Abu Kamal)" runs outside the figure',
        'g: "Iraq" has light ink on a light page',
    ]


def test_the_bundle_registers_exactly_the_trace_types_its_banner_lists(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/html/book/intro.html", wait_until="load")
    page.wait_for_function("() => window.Plotly !== undefined")  # fetched once the text has painted
    registered = page.evaluate("Object.keys(Plotly.PlotSchema.get().traces)")
    page.close()
    assert set(registered) == bundle_traces()


@pytest.mark.parametrize(
    ("start", "twin"),
    [
        ("html/book/chapters/03-astana.html", "html-ar/book/chapters/03-astana.html"),
        ("html-ar/book/appendix/coding.html", "html/book/appendix/coding.html"),
    ],
)
def test_every_page_leads_to_the_same_page_in_the_other_edition(browser, server, start, twin):
    page = browser.new_page()
    page.goto(f"{server}/{start}", wait_until="load")
    page.click("a.language-switch")
    page.wait_for_load_state("load")
    assert page.url == f"{server}/{twin}"
    page.close()


def _lists_chapter(page, chapter: str) -> None:
    """The search page's results come to include a link to `chapter` within 15 s (Sphinx lists its
    results one by one); else the test fails, naming the links it found."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_selector(f'#search-results li a[href*="chapters/{chapter}.html"]', timeout=15_000)
    except PlaywrightTimeout:
        found = page.eval_on_selector_all("#search-results li a", "(links) => links.map((a) => a.href)")
        pytest.fail(f"no result leads to {chapter}: {found}")


@pytest.mark.parametrize(
    ("word", "chapter"),
    [
        ("أستانا", "03-astana"),
        ("البوكمال", "04-deir-ez-zor"),
        ("استانا", "03-astana"),  # typed without the hamza
        ("بالبوكمال", "04-deir-ez-zor"),  # with a preposition and the article
    ],
)
def test_searching_an_arabic_word_finds_its_chapter(browser, server, word, chapter):
    page = browser.new_page()
    page.goto(f"{server}/html-ar/search.html?q={word}", wait_until="load")
    _lists_chapter(page, chapter)
    page.close()


def test_the_search_box_of_a_page_leads_to_the_results(browser, server):
    """A page other than the search page loads no search index (book/_templates/layout.html): its search
    box opens the search page, which finds the word."""
    page = browser.new_page()
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{server}/html-ar/book/intro.html", wait_until="load")
    page.click("button.search-button__button >> visible=true")
    page.fill("#pst-search-dialog input[name=q]", "أستانا")
    assert [u for u in requested if re.search(r"search(index|tools)\.js", u)] == []
    page.press("#pst-search-dialog input[name=q]", "Enter")
    _lists_chapter(page, "03-astana")
    url = page.url
    page.close()
    assert url.startswith(f"{server}/html-ar/search.html?q="), url


def test_the_query_is_stemmed_as_the_index_was(browser, server):
    """The Arabic edition's search stems the reader's words in JavaScript and the index's in Python
    (`search_arabic`): the two agree on every word of the source text."""
    from syriacoop import seed
    from syriacoop.search_arabic import SearchArabic

    language = SearchArabic({})
    words = sorted({w for p in seed.paragraphs() for w in language.split(p.text)})
    page = browser.new_page()
    page.goto(f"{server}/html-ar/search.html", wait_until="load")
    in_browser = page.evaluate("(words) => words.map((w) => new Stemmer().stemWord(w.toLowerCase()))", words)
    split = page.evaluate("(text) => splitQuery(text)", "وحدة موحّدة، بالبوكمال")
    page.close()
    assert len(words) > 1000
    assert {
        w: s for w, s in zip(words, in_browser, strict=True) if s != language.stem(w).lower()
    } == {}  # as Sphinx indexes
    assert split == ["وحدة", "موحدة", "بالبوكمال"]
