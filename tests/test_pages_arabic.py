"""The appendix pages in the Arabic edition: Arabic words, the data's Arabic fields in place of the
English ones, identifiers left to right, every anchor kept, markup escaped; the English edition unchanged."""

from __future__ import annotations

import dataclasses
import re
from html import escape

import pytest

from syriacoop import data, pages

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ARABIC_LETTER = re.compile("[\u0600-\u06ff]")

# Each page's HTML from a dataset, in the language given (none: the default).
PAGES = {
    "source_text": lambda ds, *lang: pages.source_text_html(*lang),
    "event_register": lambda ds, *lang: pages.event_register_html(ds, "../../", *lang),
    "datapackage": lambda ds, *lang: pages.datapackage_html("../../", *lang),
    "codebook": lambda ds, *lang: pages.codebook_html(ds, *lang),
    "counts": lambda ds, *lang: pages.counts_html(ds, *lang),
    "episodes": lambda ds, *lang: pages.episodes_html(ds, *lang),
    "agreement": lambda ds, *lang: pages.agreement_html(ds, *lang),
    "glossary": lambda ds, *lang: pages.glossary_html(ds, *lang),
}
# Words each page's Arabic edition must show, and English the code writes that it must not.
ARABIC_WORDS = {
    "source_text": ["السطور الخام"],
    "event_register": [
        "ما يقوله المصدر",
        "سطر سياق: تقييم",
        "الواقعة:",
        "ابتداءً من 2015-09 (مفتوح النهاية)",
        " · بادٍ",
    ],
    "datapackage": ["تنزيل", "المفتاح الأساسي:", "المفاتيح الأجنبية:", "إلزامي: نعم", "عدد صحيح"],
    "codebook": ["النوع الفرعي", "تعاون لفظي", "نزاع مادي", "دبلوماسية"],
    "counts": ["الفصل", "المجموع", "مسار أستانا"],
    "episodes": ["الواقعة", "عدد الأفعال", "<td>التمهيد للتدخل الروسي عام 2015</td>"],
    "agreement": ["معامل ألفا لكريبندورف", "رصد الحدث", "نعم", "data/adjudication.csv</bdi>"],
    "glossary": ["الطرف", "<td>الحكومة السورية</td>", "<td>ميليشيا</td>"],
}
ENGLISH_WORDS = {
    "source_text": ["raw lines", "source-section-en"],
    "event_register": [
        "<br>undated<small>",
        "(open)<small>",
        "<small>context row:",
        "<small>episode:",
        " · lines ",
        "<small>Note:",
        "<small>not a Russia",
    ],
    "datapackage": [
        ">Download ",
        " · primary key:",
        " · foreign keys:",
        ">required: True",
        "<td>string</td>",
    ],
    "codebook": ["<td>diplomacy</td>", "<td>verbal cooperation</td>"],
    "counts": ["<td>Total</td>"],
    "episodes": [],
    "agreement": ["<td>yes</td>", "<td>place_id</td>"],
    "glossary": ["<td>state</td>", "<td>Syrian government</td>"],
}


@pytest.fixture(scope="module")
def ds() -> data.Dataset:
    return data.load()


@pytest.fixture(scope="module")
def built(ds) -> dict[str, dict[str, str]]:
    """Every page once per call: without a language, in English and in Arabic."""
    return {
        name: {"default": page(ds), "en": page(ds, "en"), "ar": page(ds, "ar")}
        for name, page in PAGES.items()
    }


def _headers(html: str) -> list[str]:
    return re.findall(r"<(?:th|caption)>(.*?)</(?:th|caption)>", html)


@pytest.mark.parametrize("name", PAGES)
def test_english_is_the_default(built, name):
    assert built[name]["en"] == built[name]["default"]


@pytest.mark.parametrize("name", PAGES)
def test_arabic_edition_speaks_arabic(built, name):
    english, arabic = built[name]["en"], built[name]["ar"]
    for header in _headers(english):
        assert f">{header}<" not in arabic, header
    assert all(ARABIC_LETTER.search(h) for h in _headers(arabic))
    assert all(word in arabic for word in ARABIC_WORDS[name])
    assert not [word for word in ENGLISH_WORDS[name] if word in arabic]


@pytest.mark.parametrize("name", PAGES)
def test_arabic_edition_keeps_every_anchor(built, name):
    """Citations link to the same ids in both editions."""
    ids = re.compile(r' id="([^"]+)"')
    assert sorted(ids.findall(built[name]["ar"])) == sorted(ids.findall(built[name]["en"]))


def test_source_text_names_sections_in_arabic_only(built):
    arabic = built["source_text"]["ar"]
    assert 'lang="en">Summary<' in built["source_text"]["en"] and "Summary" not in arabic
    assert '<bdi dir="ltr" lang="en">p12</bdi><span class="source-lines"> · السطور الخام ' in arabic


def test_the_arabic_edition_shows_the_datas_arabic_and_not_its_english(built, ds):
    """Summaries, notes, definitions and descriptions in Arabic; their English nowhere on the page."""
    pairs = {
        "event_register": [
            *zip(ds.events.summary_en, ds.events.summary_ar, strict=True),
            *zip(ds.events.note, ds.events.note_ar, strict=True),
        ],
        "codebook": list(zip(ds.codebook.definition_en, ds.codebook.definition_ar, strict=True)),
        "episodes": list(zip(ds.episodes.summary_en, ds.episodes.summary_ar, strict=True)),
        "glossary": list(zip(ds.actors.note, ds.actors.note_ar, strict=True)),
        "datapackage": [
            (item["description"], item["description_ar"])
            for resource in data.datapackage()["resources"]
            for item in [resource, *resource["schema"]["fields"]]
        ],
    }
    for page, texts in pairs.items():
        html = built[page]["ar"]
        for english, arabic in texts:
            if english:
                assert escape(arabic) in html, (page, arabic)
                assert escape(english) not in html, (page, english)
        assert "بالإنجليزية:" not in html, page


def test_identifiers_stay_left_to_right(built):
    register, package = built["event_register"]["ar"], built["datapackage"]["ar"]
    assert '<code dir="ltr">runup-02</code>' in register and '<bdi dir="ltr">p05.2-3</bdi>' in register
    assert '<code dir="ltr">events.csv</code>' in package and '<td dir="ltr">event_id</td>' in package
    assert 'النمط: <bdi dir="ltr">[a-z]+(-[a-z]+)*-[0-9]{2}</bdi>' in package
    assert '<td dir="ltr">-10.0</td>' in built["codebook"]["ar"]  # a signed Goldstein weight


def _with_markup(ds: data.Dataset) -> data.Dataset:
    events = ds.events.copy()
    for column in ("title_ar", "summary_ar", "note_ar", "quote_ar", "seed_lines"):
        events.loc[events.event_id == "runup-02", column] = MARKUP
    actors = ds.actors.copy()
    for column in ("name_ar", "name_en", "note_ar"):
        actors.loc[actors.actor_id == "velayati", column] = MARKUP
    codebook = ds.codebook.copy()
    for column in ("label_ar", "label_en", "definition_ar", "cameo_label"):
        codebook.loc[codebook.sub_event_type == "meeting", column] = MARKUP
    episodes = ds.episodes.copy()
    for column in ("name_ar", "name_en", "summary_ar"):
        episodes.loc[episodes.episode_id == "khan-tuman", column] = MARKUP
    return dataclasses.replace(ds, events=events, actors=actors, codebook=codebook, episodes=episodes)


def _package_with_markup() -> dict:
    package = data.datapackage()
    resource = package["resources"][0]
    resource["description_ar"] = MARKUP
    field = resource["schema"]["fields"][0]
    field["name"], field["description_ar"] = MARKUP, MARKUP
    field["constraints"]["pattern"] = MARKUP
    resource["schema"]["fields"][1]["constraints"]["enum"].append(MARKUP)
    return package


def test_markup_in_data_is_escaped_in_the_arabic_edition(ds, monkeypatch):
    marked = _with_markup(ds)
    monkeypatch.setattr(pages, "datapackage", _package_with_markup)
    for name in ("event_register", "codebook", "episodes", "glossary", "datapackage"):
        html = PAGES[name](marked, "ar")
        assert "<script>" not in html and "<img" not in html, name
        assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html, name
