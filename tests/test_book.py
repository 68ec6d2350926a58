"""The built site, read as files: complete, self-contained, links whole, Arabic in logical order."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from conftest import EDITIONS, ROOT, html_pages, notebook_pages

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


def test_every_page_built_from_a_notebook_carries_a_titled_chart_or_table():
    """The chapters, the introduction and the page across the chapters, in both editions: each shows at
    least one titled chart or table, and the figures are there to draw (the browser test draws each)."""
    for lang, site in EDITIONS.items():
        counts = {}
        for page in notebook_pages(site):
            html = page.read_text(encoding="utf-8")
            counts[page.name] = {
                "titled": html.count('class="chart-title"') + html.count("<caption"),
                "figures": html.count('class="plotly-figure"'),
            }
        assert len(counts) == 8, (lang, counts)
        assert all(c["titled"] >= 1 for c in counts.values()), (lang, counts)
        assert sum(c["figures"] for c in counts.values()) >= 9, (lang, counts)


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


def test_source_text_page_is_rtl_with_one_anchor_per_paragraph_and_sentence(site):
    page = site / "book/appendix/source-text.html"
    html = page.read_text(encoding="utf-8")
    assert '<div class="source-text" dir="rtl" lang="ar">' in html
    ids = _parse(page).ids
    assert all(p.id in ids for p in seed.paragraphs())
    assert all(f"{p.id}.{n}" in ids for p in seed.paragraphs() for n in range(1, len(p.sentences) + 1))
    assert "raw lines 66–89" in html


def _book_pages(site: Path) -> list[Path]:
    return [p for p in html_pages(site) if "appendix" not in p.parts and p.name != "index.html"]


def test_every_event_is_in_the_register_and_cited_in_the_book(site):
    register = _parse(site / "book/appendix/events.html").ids
    ds = data.load()
    rows = [*ds.events.event_id, *ds.context.event_id]
    assert all(f"ev-{e}" in register for e in rows)
    cited = set()
    for page in _book_pages(site):
        cited |= set(re.findall(r"events\.html#ev-([a-z-]+-\d{2})", page.read_text(encoding="utf-8")))
    assert sorted(set(ds.events.event_id) - cited) == [], "events never cited in the chapters"


def test_data_files_are_downloadable_from_the_site(site):
    package = data.datapackage()
    for resource in package["resources"]:
        path = resource["path"]
        assert (site / "data" / path).read_bytes() == (ROOT / "data" / path).read_bytes(), path
    assert (site / "data/datapackage.json").exists()
    assert 'href="../../data/events.csv"' in (site / "book/appendix/data.html").read_text(encoding="utf-8")


def test_every_chart_has_its_finding_source_and_data_one_click_away(site):
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        figures = html.count('class="plotly-graph-div"')
        for part in (
            'class="chart-title"',
            'class="chart-subtitle"',
            'class="chart-note"',
            'class="figure-data"',
        ):
            assert html.count(part) == figures, (page.relative_to(site), part)


class _VisibleText(HTMLParser):
    """The text a reader sees: prose, tables and captions, without code cells and the Arabic quotes."""

    SKIPPED = ("script", "style", "pre", "code")

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if self.depth or tag in self.SKIPPED or "cell_input" in classes:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, text):
        if not self.depth:
            self.chunks.append(text)


SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")


FIGURE_JSON = re.compile(r'<script type="application/json" class="plotly-figure"[^>]*>(.*?)</script>', re.S)


def _figures(html: str) -> list[tuple[list, dict]]:
    """The (traces, layout) of every figure in a page, from the JSON the page's scripts draw."""
    return [(spec["data"], spec["layout"]) for spec in map(json.loads, FIGURE_JSON.findall(html))]


def _figure_texts(html: str) -> list[str]:
    """Every string a reader can see in the page's plotly figures: trace names and texts, axis titles
    and tick labels, annotations."""
    texts = []
    for traces, layout in _figures(html):
        for trace in traces:
            texts += [trace.get("name") or ""]
            for key in ("text", "hovertext", "y", "x"):
                value = trace.get(key)
                if isinstance(value, list):
                    texts += [v for v in value if isinstance(v, str)]
        for key, axis in layout.items():
            if key.startswith(("xaxis", "yaxis")):
                texts += [str(axis.get("title", {}).get("text", "")), *map(str, axis.get("ticktext", []))]
        texts += [a.get("text", "") for a in layout.get("annotations", [])]
    return texts


def test_no_column_names_or_snake_case_in_what_a_reader_sees(site):
    columns = {
        f["name"] for r in data.datapackage()["resources"] for f in r["schema"]["fields"] if "_" in f["name"]
    }
    found = []
    figure_texts = 0
    for page in _book_pages(site):
        html = page.read_text(encoding="utf-8")
        parser = _VisibleText()
        parser.feed(html)
        figure_texts += len(_figure_texts(html))
        for text in [" ".join(parser.chunks), *_figure_texts(html)]:
            for word in SNAKE_CASE.findall(text):
                found.append(
                    f"{page.relative_to(site)}: {word}{' (a column name)' if word in columns else ''}"
                )
    assert figure_texts > 100  # the figures' labels were read
    assert found == []


def test_the_jargon_check_can_fail():
    parser = _VisibleText()
    parser.feed('<p>the ri_relation column</p><div class="cell_input"><p>ri_relation</p></div>')
    assert SNAKE_CASE.findall(" ".join(parser.chunks)) == ["ri_relation"]
    page = (
        '<script type="application/json" class="plotly-figure" data-target="x">'
        '{"data": [{"name": "air_strike"}], "layout": {"xaxis": {"ticktext": ["sub_event_type"]}}}</script>'
    )
    assert [w for t in _figure_texts(page) for w in SNAKE_CASE.findall(t)] == ["air_strike", "sub_event_type"]


def test_translations_are_marked_and_link_to_the_arabic(site):
    marks = 0
    for page in _book_pages(site):
        html = page.read_text(encoding="utf-8")
        for match in re.finditer(
            r'<span class="translation">(.*?)</span>.{0,200}?<a [^>]*href="([^"]+)"', html, re.S
        ):
            marks += 1
            assert "source-text.html#p" in match.group(2), (page.relative_to(site), match.group(1)[:40])
    assert marks >= 40


def test_the_agreement_table_is_published_in_the_coding_rules(site):
    html = (site / "book/appendix/coding.html").read_text(encoding="utf-8")
    assert (
        "Krippendorff" in html
        and "QuadClass (cooperation / conflict)" in html
        and "Russia–Iran relation" in html
    )
    assert "Event detection" in html and "How the disagreements were decided" in html
