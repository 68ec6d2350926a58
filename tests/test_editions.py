"""The two editions' machinery: the edition's language, the notebooks' own strings, the catalogues, the
Arabic quotation role and the link to the other edition."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po

from syriacoop import catalogues, editions, figures, i18n, metrics, seed, translation_check
from syriacoop.data import load
from syriacoop.sphinx_ext import source_quotation


def test_the_edition_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv(i18n.ENVIRONMENT, raising=False)
    assert i18n.language() == "en"
    monkeypatch.setenv(i18n.ENVIRONMENT, "ar")
    assert i18n.language() == "ar"
    monkeypatch.setenv(i18n.ENVIRONMENT, "fr")
    with pytest.raises(ValueError, match="SYRIACOOP_LANG='fr'"):
        i18n.language()


def _catalogue(folder, messages: dict[str, str], fuzzy: tuple[str, ...] = (), code: bool = True):
    """A catalogue `page.po` in `folder`; its messages are notebook strings unless `code` is false."""
    catalog = Catalog(locale="ar")
    where = [("page.ipynb#code", 0)] if code else [("page.ipynb", 0)]
    for english, arabic in messages.items():
        catalog.add(english, arabic, flags=["fuzzy"] if english in fuzzy else [], locations=where)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "page.po").open("wb") as handle:
        write_po(handle, catalog)


@pytest.fixture
def arabic_catalogue(tmp_path, monkeypatch):
    """A project root whose Arabic catalogue holds one settled, one fuzzy and one empty translation."""
    _catalogue(
        tmp_path / "locales/ar/LC_MESSAGES",
        {"{n} acts": "{n} أفعال", "Old title": "عنوان قديم", "Untranslated": ""},
        fuzzy=("Old title",),
    )
    monkeypatch.setattr(i18n, "project_root", lambda: tmp_path)
    monkeypatch.setattr(catalogues, "project_root", lambda: tmp_path)
    i18n._translations.cache_clear()
    yield tmp_path
    i18n._translations.cache_clear()


def test_a_notebook_string_is_english_in_english_and_translated_in_arabic(arabic_catalogue, monkeypatch):
    monkeypatch.delenv(i18n.ENVIRONMENT, raising=False)
    assert i18n._("Untranslated") == "Untranslated"
    monkeypatch.setenv(i18n.ENVIRONMENT, "ar")
    assert i18n._("{n} acts").format(n=3) == "3 أفعال"


def test_the_arabic_edition_has_no_fallback_to_english(arabic_catalogue, monkeypatch):
    monkeypatch.setenv(i18n.ENVIRONMENT, "ar")
    for unsettled in ("Old title", "Untranslated", "Never extracted"):
        with pytest.raises(KeyError, match="no translation"):
            i18n._(unsettled)


def test_the_catalogue_check_names_every_untranslated_and_fuzzy_message(arabic_catalogue):
    found = catalogues.problems("ar")
    assert found == [
        "locales/ar/LC_MESSAGES/page.po: fuzzy: 'Old title'",
        "locales/ar/LC_MESSAGES/page.po: untranslated: 'Untranslated'",
    ]


def test_a_notebook_string_translated_two_ways_is_a_problem(arabic_catalogue):
    _catalogue(arabic_catalogue / "locales/ar/LC_MESSAGES/other", {"{n} acts": "{n} من الأفعال"})
    assert "translated differently: '{n} acts'" in catalogues.problems("ar")[-1]


def test_prose_is_translated_page_by_page(arabic_catalogue, monkeypatch):
    """The same English in two pages' prose may read differently in each; a notebook never sees it."""
    _catalogue(arabic_catalogue / "locales/ar/LC_MESSAGES/other", {"{n} acts": "{n} من الأفعال"}, code=False)
    assert not any("translated differently" in p for p in catalogues.problems("ar"))
    monkeypatch.setenv(i18n.ENVIRONMENT, "ar")
    assert i18n._("{n} acts") == "{n} أفعال"


def test_updating_keeps_translations_adds_new_messages_and_drops_gone_ones(arabic_catalogue):
    templates = arabic_catalogue / "_build/gettext"
    _catalogue(templates, {"{n} acts": "", "A new paragraph": ""})
    (templates / "page.po").rename(templates / "page.pot")
    report = catalogues.update("ar", templates)
    assert report == {"page": (2, 1)}
    assert catalogues.problems("ar") == ["locales/ar/LC_MESSAGES/page.po: untranslated: 'A new paragraph'"]


def test_only_literal_strings_reach_the_catalogues():
    code = 'title = _("{n} of {total} acts").format(n=1, total=2)\nnote = _("A note")\nx = f(_)'
    assert i18n.messages_in_code(code) == ["{n} of {total} acts", "A note"]
    with pytest.raises(ValueError, match=r"line 1: _\(\) takes one literal string"):
        i18n.messages_in_code('_(f"{n} acts")')


def test_every_page_links_to_the_same_page_in_the_other_edition():
    assert editions.other_edition("en", "book/chapters/01-runup") == (
        "ar",
        "العربية",
        "../../../html-ar/book/chapters/01-runup.html",
    )
    assert editions.other_edition("ar", "search") == ("en", "English", "../html/search.html")


def test_figure_helpers_speak_the_edition_language():
    ds = load()
    ri = metrics.with_sides(ds, metrics.russia_iran(ds.events))
    sides = "Iran & Russia & Syrian government"
    assert figures.listing(sides, "ar") == "إيران وروسيا والحكومة السورية"
    assert figures.source_note(["p05", "p06", "p09"], "ar").endswith("¶ p05–p06، p09.")
    assert figures.listing(sides, "en") == "Iran, Russia and the Syrian government"
    check = metrics.sensitivity(ds, lambda events, links: {"Iran": 1, "Russia": 2}, lambda value: True)
    html = figures.robustness_table(check, "تسمية", "ar").data
    assert "الترميز الثاني المستقل" in html and "إيران 1، روسيا 2" in html and "blind" not in html
    assert set(ri.initiator_side.str.split(" & ").explode()) <= set(figures.SIDE_NAMES_AR)


def test_an_arabic_quotation_must_be_the_source_s_own_words():
    sentence = seed.passage("p22.3")
    words = " ".join(sentence.split()[2:6])
    assert source_quotation(f"{words} <p22.3>") == (words, "p22.3")
    assert source_quotation(f"  {words}\n<p22.3-4>") == (words, "p22.3-4")
    altered = words.replace(words.split()[1], "الولايات")
    with pytest.raises(ValueError, match=r"p22\.3 does not contain"):
        source_quotation(f"{altered} <p22.3>")
    with pytest.raises(ValueError, match="p22 has sentences"):
        source_quotation(f"{words} <p22.30>")
    with pytest.raises(ValueError, match=r"needs 'Arabic words <p12\.3>'"):
        source_quotation(words)


def test_the_arabic_catalogues_are_complete():
    """Every message of the real catalogues translated and settled, and every notebook string translated
    one way: a stale catalogue also fails the Arabic build, which reports any paragraph left in English."""
    assert catalogues.problems("ar") == []


def _message(english: str, arabic: str, code: bool = False) -> Message:
    return Message(english, arabic, locations=[("page.ipynb#code" if code else "page.ipynb", 0)])


def test_a_translation_keeps_the_markup_the_build_needs():
    sentence = seed.passage("p22.3")
    words = " ".join(sentence.split()[2:6])
    good = _message(
        "More {tr}`convenient <p22.3>` ({ev}`astana-02`).", f"{{quote}}`{words} <p22.3>` ({{ev}}`astana-02`)."
    )
    assert translation_check.message_problems(good) == []
    problems = {
        "a {tr} role": _message("{tr}`convenient <p22.3>`", "{tr}`ملائم <p22.3>`"),
        "does not contain": _message("{tr}`convenient <p22.3>`", "{quote}`الولايات المتحدة <p22.3>`"),
        "references differ": _message("As {ev}`astana-02` says", "كما يقول التقرير"),
        "glued values differ": _message("{glue:}`acts` acts", "{glue:}`events` فعلًا"),
        "link targets differ": _message("[Astana](03-astana.ipynb)", "[أستانا](05-south.ipynb)"),
        "placeholders differ": _message("{n} of {total} acts", "{n} فعلًا", code=True),
        "no Arabic": _message("The Astana track", "The Astana track"),
    }
    for expected, message in problems.items():
        assert any(expected in p for p in translation_check.message_problems(message)), expected


def test_the_arabic_edition_labels_its_folded_cells_in_arabic():
    """MyST-NB writes the folded cells' buttons and their screen-reader label in English after Sphinx
    has translated the page: the Arabic edition translates them (`editions.TranslatedCellPrompts`)."""
    from conftest import EDITIONS, html_pages

    pages = {p.name: p.read_text(encoding="utf-8") for p in html_pages(EDITIONS["ar"])}
    if not pages:
        pytest.fail("the Arabic edition is missing: run `make book` first (make test does)")
    english = [
        name
        for name, html in pages.items()
        if "code cell" in html
        or any(f'aria-label="{label}"' in html for label in editions.SCREEN_READER_LABELS)
    ]
    assert english == []
    chapter = pages["04-deir-ez-zor.html"]
    assert '<p class="collapsed admonition-title">إظهار الشيفرة</p>' in chapter
    assert '<p class="collapsed admonition-title">إظهار مخرجات الشيفرة</p>' in chapter
    assert 'aria-label="إظهار المحتوى المطوي أو إخفاؤه"' in chapter


def test_the_arabic_edition_s_notebooks_ran_in_arabic():
    """Every page built from a notebook comes from a run in Arabic: its source notes in Arabic and its
    charts' heads set right to left, none in English. (A notebook run in a process that had read the
    edition before the build chose it charts in English.)"""
    from conftest import EDITIONS, notebook_pages

    pages = {p.name: p.read_text(encoding="utf-8") for p in notebook_pages(EDITIONS["ar"]) if p.exists()}
    if not pages:
        pytest.fail("the Arabic edition is missing: run `make book` first (make test does)")
    english = {
        name: html.count(figures.LABELS["en"]["source_note"]) + html.count('<div class="chart-head">')
        for name, html in pages.items()
    }
    assert not any(english.values()), english
    assert [name for name, html in pages.items() if figures.LABELS["ar"]["source_note"] not in html] == []
    assert sum(html.count('<div class="chart-head" dir="rtl">') for html in pages.values()) >= len(pages)


def test_the_arabic_search_meets_a_word_in_its_other_spellings():
    from syriacoop.search_arabic import SearchArabic, light_stem

    assert light_stem("بالبوكمال") == light_stem("البوكمال") == light_stem("والبوكمال") == "بوكمال"
    assert light_stem("أستانا") == light_stem("استانا")
    assert light_stem("سورية") == light_stem("سوريه")
    assert light_stem("وو") == "وو"  # too short to lose a letter
    assert SearchArabic({}).split("قوة موحّدة (VKS)") == ["قوة", "موحدة", "VKS"]


def test_the_arabic_bibliography_translates_every_note_and_follows_the_english(tmp_path, monkeypatch):
    assert editions.reference_problems() == []
    changed = tmp_path / "references.bib"
    english = (editions.project_root() / editions.REFERENCES).read_text(encoding="utf-8")
    changed.write_text(english.replace("two-day visit", "three-day visit"), encoding="utf-8")
    monkeypatch.setattr(editions, "REFERENCES", str(changed))
    assert editions.reference_problems() == [
        "locales/ar/references.csv:19: iraqinews2018hatami.note: the entry reads "
        "'18 April 2018: Brigadier General Amir Hatami begins a three-day visit to Baghdad'",
        "locales/ar/references.csv: iraqinews2018hatami.note has no Arabic",
    ]
