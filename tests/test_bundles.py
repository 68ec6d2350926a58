"""The partial plotly.js and Font Awesome bundles: built from the pinned versions, holding every trace
type and icon the book uses, plotly.js fetched only where a figure is drawn."""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import nbformat
import plotly
from conftest import EDITIONS, ROOT, html_pages

from syriacoop.plotly_bundle import BUNDLE_IN_STATIC, bundle_path, bundle_traces, missing_traces
from syriacoop.plotly_mime import PLOTLY_MIME

TOOLS = ROOT / "tools/bundles"
FONTAWESOME = ROOT / "book/_static/scripts/fontawesome.js"
ICON = re.compile(r'<i class="[^"]*\bfa-(?:solid|regular|brands)\b[^"]*"')


def _figures() -> list[tuple[str, dict]]:
    found = []
    for path in sorted((ROOT / "book").rglob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                if PLOTLY_MIME in output.get("data", {}):
                    found.append((path.relative_to(ROOT).as_posix(), output["data"][PLOTLY_MIME]))
    return found


def test_every_figure_uses_only_trace_types_the_bundle_holds():
    available = bundle_traces()
    figures = _figures()
    assert len(figures) >= 9
    lacking = {
        name: missing_traces(fig, available) for name, fig in figures if missing_traces(fig, available)
    }
    assert lacking == {}, "add these trace types in tools/bundles/build.mjs and run `make bundles`"


def test_a_trace_type_outside_the_bundle_is_caught():
    figure = {"data": [{"type": "pie"}, {"x": [1]}, {"type": "bar"}]}
    assert missing_traces(figure, bundle_traces()) == ["pie"]


def test_bundle_is_the_plotly_js_version_the_python_package_ships():
    shipped = (Path(plotly.__file__).parent / "package_data/plotly.min.js").read_text(encoding="utf-8")[:200]
    version = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", shipped).group(1)
    assert bundle_path().read_text(encoding="utf-8").startswith(f"/* plotly.js v{version} partial bundle")
    package = json.loads((TOOLS / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    assert package["plotly.js"] == version
    lock = json.loads((TOOLS / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    assert lock["node_modules/plotly.js"]["version"] == version
    assert "node_modules/plotly.js-locales" in lock  # kept for the Arabic edition
    assert (ROOT / "book/_static/vendor/plotly-locale-ar.js").exists()
    assert (
        (ROOT / "book/_static/vendor/LICENSE-plotly.js.txt")
        .read_text(encoding="utf-8")
        .startswith("MIT License")
    )


DRAW_SCRIPT = re.compile(r"<script [^>]*figures\.js[^>]*>")


def test_plotly_js_is_named_only_on_pages_with_a_figure_by_the_deferred_script_that_draws(site):
    """figures.js, deferred, fetches plotly.js (and the Arabic edition's locale) once the text has painted:
    no page names the bundle otherwise, and the URLs it is given reach the files, marked with their
    content's checksum as Sphinx marks the files it links."""
    with_figure = 0
    for lang, edition in EDITIONS.items():
        for page in html_pages(edition):
            html = page.read_text(encoding="utf-8")
            scripts = DRAW_SCRIPT.findall(html)
            if 'class="plotly-graph-div"' not in html:
                assert scripts == [] and "plotly" not in html.lower(), page.relative_to(edition)
                continue
            with_figure += 1
            assert len(scripts) == 1 and 'defer="defer"' in scripts[0], page.relative_to(edition)
            assert html.count("plotly-book") == 1, page.relative_to(edition)
            named = dict(re.findall(r'data-(plotly|locale)="([^"]+)"', scripts[0]))
            assert set(named) == ({"plotly", "locale"} if lang == "ar" else {"plotly"}), scripts[0]
            for url in named.values():
                name, checksum = url.split("?v=")
                content = (ROOT / "book/_static" / name).read_bytes().translate(None, b"\r")
                assert checksum == f"{zlib.crc32(content):08x}", url
                assert (edition / "_static" / name).read_bytes() == (
                    ROOT / "book/_static" / name
                ).read_bytes()
    assert with_figure >= 14
    assert (site / "_static" / BUNDLE_IN_STATIC).read_bytes() == bundle_path().read_bytes()


SEARCH_SCRIPTS = re.compile(r'<script [^>]*src="[^"]*(?:searchindex|searchtools|language_data)\.js[^"]*"')


def test_only_the_search_page_loads_the_search_index(site):
    """No other page needs it while the theme's search-as-you-type is off (book/_templates/layout.html)."""
    for edition in EDITIONS.values():
        pages = [*html_pages(edition), edition / "search.html", edition / "genindex.html"]
        texts = {p.relative_to(edition).as_posix(): p.read_text("utf-8") for p in pages}
        assert {name for name, text in texts.items() if SEARCH_SCRIPTS.search(text)} == {"search.html"}
        assert "DOCUMENTATION_OPTIONS.search_as_you_type = false;" in texts["book/intro.html"]


def test_every_icon_on_the_pages_is_in_the_font_awesome_subset(site):
    banner = FONTAWESOME.read_text(encoding="utf-8").splitlines()[0]
    icons = set(re.search(r"icons: ([a-z0-9, -]+)\.", banner).group(1).split(", "))
    used = set()
    for page in [*html_pages(site), site / "search.html"]:
        for tag in ICON.findall(page.read_text(encoding="utf-8")):
            used |= {name[3:] for name in re.findall(r"\bfa-[a-z0-9-]+", tag)}
    used -= {"solid", "regular", "brands", "lg", "fw"}
    assert used and used <= icons, sorted(used - icons)
    assert (site / "_static/scripts/fontawesome.js").read_bytes() == FONTAWESOME.read_bytes()


# The words plotly.js shows a reader of the book's charts: the modebar's buttons and the notices a click
# brings up (editing, 3D and JSON-upload words never show: the charts are static and flat).
READER_WORDS = (
    "Download plot as a PNG",
    "Download plot",
    "Zoom",
    "Pan",
    "Box Select",
    "Lasso Select",
    "Zoom in",
    "Zoom out",
    "Autoscale",
    "Reset axes",
    "Reset",  # the map's button
    "Reset view",
    "Reset views",
    "Toggle Spike Lines",
    "Show closest data on hover",
    "Compare data on hover",
    "Toggle show closest data on hover",
    "Produced with Plotly.js",
    "Double-click on legend to isolate one trace",
    "Double-click to zoom back out",
    "Sorry, there was a problem downloading your image!",
    "Preparing image - this may take a few seconds",
    "Image download succeeded",
)


def test_the_arabic_plotly_locale_translates_every_word_a_reader_meets():
    """Keys are plotly.js's exact English (a "png" for its "PNG" leaves the button in English)."""
    bundle = bundle_path().read_text(encoding="utf-8")
    locale = (ROOT / "book/_static/plotly-locale-ar.js").read_text(encoding="utf-8")
    keys = set(re.findall(r'^\s*"([^"]+)":', locale, flags=re.MULTILINE))
    assert [w for w in READER_WORDS if f'"{w}"' not in bundle] == [], "the bundle no longer has these words"
    assert [w for w in READER_WORDS if w not in keys] == []
    assert keys <= set(READER_WORDS), "a key plotly.js never asks for"
