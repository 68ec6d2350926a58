"""The built site, read as files: complete, self-contained, links whole, Arabic in logical order."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from conftest import ROOT, html_pages

from syriacoop import data, seed

PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            if name in ("href", "src") and value:
                self.links.append((tag, name, value))


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc["parts"]:
        files += [c["file"] for c in part["chapters"]]
    return files


def test_every_toc_entry_is_built(site):
    for file in _toc_files():
        assert (site / f"{file}.html").exists(), file


def test_no_presentation_forms_anywhere(site):
    """Arabic reaches the browser as logical-order Unicode; reshaped glyphs would break search and copy."""
    for page in html_pages(site):
        match = PRESENTATION_FORMS.search(page.read_text(encoding="utf-8"))
        assert match is None, f"{page.relative_to(site)} contains presentation form {match.group()!r}"


def test_no_resource_is_loaded_from_another_host(site):
    for page in html_pages(site):
        for tag, attribute, value in _parse(page).links:
            if tag in ("script", "link", "img", "iframe", "source") and urlsplit(value).scheme in (
                "http",
                "https",
            ):
                raise AssertionError(f"{page.relative_to(site)}: <{tag} {attribute}={value}>")
        assert "cdn.plot.ly" not in page.read_text(encoding="utf-8")


def test_every_internal_link_and_anchor_resolves(site):
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in html_pages(site):
        for _tag, _attribute, value in _parse(page).links:
            parts = urlsplit(value)
            if parts.scheme or value.startswith(("mailto:", "data:", "javascript:", "//")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {value}")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = _parse(target).ids
                if unquote(parts.fragment) not in ids[target]:
                    broken.append(f"{page.relative_to(site)}: {value} (no such anchor)")
    assert broken == []


def test_source_text_page_is_rtl_with_one_anchor_per_paragraph(site):
    page = site / "book/appendix/source-text.html"
    html = page.read_text(encoding="utf-8")
    assert '<div class="source-text" dir="rtl" lang="ar">' in html
    ids = _parse(page).ids
    assert all(p.id in ids for p in seed.paragraphs())
    assert "raw lines 87–89" in html


def test_every_event_is_in_the_register_and_cited_in_the_book(site):
    register = _parse(site / "book/appendix/events.html").ids
    events = data.load().events
    assert all(f"ev-{e}" in register for e in events.event_id)
    cited = set()
    for page in html_pages(site):
        if "appendix" not in page.parts:
            cited |= set(re.findall(r"events\.html#ev-([a-z-]+-\d{2})", page.read_text(encoding="utf-8")))
    chapter_events = set(events[events.chapter != "summary"].event_id)
    assert sorted(chapter_events - cited) == [], "events never cited in the chapters"


def test_data_files_are_downloadable_from_the_site(site):
    for name in (
        "events.csv",
        "actors.csv",
        "event_actors.csv",
        "places.csv",
        "codebook.csv",
        "chapters.csv",
        "datapackage.json",
    ):
        assert (site / "data" / name).read_bytes() == (ROOT / "data" / name).read_bytes()
    assert 'href="../../data/events.csv"' in (site / "book/appendix/data.html").read_text(encoding="utf-8")


def test_every_chart_has_its_data_one_click_away(site):
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        figures = html.count('class="plotly-graph-div"')
        assert html.count('class="figure-data"') >= figures, page.relative_to(site)
