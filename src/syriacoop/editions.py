"""Sphinx glue for the two editions (`i18n`): one set of sources, built once in English into
`_build/html` and once in Arabic, right to left, into `_build/html-ar`.

- Every page links to the same page in the other edition (the `language-switch.html` template). The two
  editions are sibling folders, so the link is relative and works from a file, a server or a copy.
- The Arabic edition sets `dir="rtl"` on the page's root element. The theme's template writes that
  element itself and offers no hook for the attribute, so it is added to each written page, once the
  build has finished; `rtl.css` then mirrors what the theme lays out with physical left and right.
- A notebook's translated paragraphs are parsed as MyST Markdown: Sphinx parses a translation with the
  page's own parser, and MyST-NB's expects a whole notebook (MyST-NB issue #587, open). A glued value
  in a translation (`{glue:}`key``) is written in as the number the notebook glued (every glued value
  of the book is a number): the translated paragraph is parsed on its own, away from the notebook's
  outputs, and a glue reference would change the paragraph's count of references, which Sphinx checks.
- Every message must be translated: Sphinx leaves an untranslated paragraph in English without a word,
  so `UntranslatedIsAWarning` reports each one (an error under the book's `-W`), with its page and line.
- The Arabic edition's search normalises and light-stems Arabic words (`search_arabic`).
- The Arabic edition's own strings (the book's title, the search box, the footer) are set here, from
  `EDITION_STRINGS`; the prose comes from the gettext catalogues.
"""

from __future__ import annotations

import re
from pathlib import Path

import sphinx.transforms.i18n as sphinx_i18n
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.nodes import NodeMatcher

from .i18n import LANGUAGES, html_folder
from .paths import project_root
from .search_arabic import SearchArabic

LOGGER = logging.getLogger(__name__)

EDITION_STRINGS = {
    "ar": {
        "project": "روسيا وإيران في سورية، 2015–2021",
        # genitive: the theme writes «بواسطة» (by) before it
        "author": "محرّري الكتاب، عن تقرير نيكول غراجيفسكي الصادر عن مركز CSIS (ترجمات جسور)",
        "search_bar_text": "ابحث في الكتاب…",
        "extra_footer": "البيانات: CC BY 4.0. المصدر: غراجيفسكي (2021)، ترجمات جسور.",
    },
}
# The other edition's name, written in its own language and script.
EDITION_NAMES = {"en": "English", "ar": "العربية"}


def _edition_settings(app: Sphinx, config: Config) -> None:
    strings = EDITION_STRINGS.get(config.language)
    if strings is None:
        return
    config.project = config.html_title = strings["project"]
    config.author = strings["author"]
    config.html_theme_options = {**config.html_theme_options, "search_bar_text": strings["search_bar_text"]}
    config.html_theme_options["extra_footer"] = strings["extra_footer"]
    config.html_css_files = [*config.html_css_files, "rtl.css"]
    config.html_js_files = [*config.html_js_files, "copybutton-ar.js"]
    config.html_last_updated_fmt = _date_in_arabic()
    config.bibtex_bibfiles = [str(arabic_references())]
    config.bibtex_default_style = _arabic_bibliography_style()


def _arabic_bibliography_style() -> str:
    """The book's bibliography style (pybtex's `alpha`) with its one English word, the "URL:" before a
    link, in Arabic; registered under a name of its own for the Arabic edition."""
    from pybtex.plugin import find_plugin, register_plugin
    from pybtex.style.template import field, href, words

    class ArabicAlpha(find_plugin("pybtex.style.formatting", "alpha")):
        def format_url(self, e):
            url = field("url", raw=True)
            return words["الرابط:", href(url)[url]]

    register_plugin("pybtex.style.formatting", "alpha-ar", ArabicAlpha, force=True)
    return "alpha-ar"


# The bibliography's descriptive fields (notes, how published, months, a missing year) in Arabic, each
# beside the English it replaces; titles and names stay as the works give them.
REFERENCES = "book/references.bib"
REFERENCES_AR = "locales/ar/references.csv"
TRANSLATED_FIELDS = ("note", "howpublished", "month")


def _with_field(bib: str, key: str, field: str, value: str) -> str:
    """The .bib text `bib` with `field` of entry `key` set to `value` (added when the entry lacks it). The
    text is edited rather than rewritten by pybtex, whose writer escapes a URL's `_` and a `\\&` again."""
    start = bib.index("{" + key + ",")
    end = bib.index("\n}", start)
    entry = bib[start:end]
    line = re.compile(rf"^(\s*{field}\s*=\s*)(\{{.*\}}|\w+)(,?)$", re.MULTILINE)
    if line.search(entry):
        entry = line.sub(lambda m: f"{m[1]}{{{value}}}{m[3]}", entry, count=1)
    else:
        entry += f",\n  {field} = {{{value}}}"
    return bib[:start] + entry + bib[end:]


def _references_in_arabic() -> tuple[str, list[str]]:
    """The bibliography's text with the Arabic of `REFERENCES_AR` put in, and every problem: a translation
    whose English no longer matches the entry, or a descriptive field (or missing year) left untranslated."""
    import csv

    from pybtex.database import parse_file

    root = project_root()
    entries = parse_file(root / REFERENCES).entries
    bib = (root / REFERENCES).read_text(encoding="utf-8")
    with (root / REFERENCES_AR).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    problems, translated = [], set()
    for line, row in enumerate(rows, start=2):
        entry = entries.get(row["key"])
        english = entry.fields.get(row["field"], "") if entry is not None else None
        if english != row["english"]:
            problems.append(
                f"{REFERENCES_AR}:{line}: {row['key']}.{row['field']}: the entry reads {english!r}"
            )
            continue
        bib = _with_field(bib, row["key"], row["field"], row["arabic"])
        translated.add((row["key"], row["field"]))
    for key, entry in entries.items():
        needed = [f for f in TRANSLATED_FIELDS if f in entry.fields]
        if entry.fields.get("year", "n.d.") == "n.d.":
            needed.append("year")
        problems += [
            f"{REFERENCES_AR}: {key}.{field} has no Arabic"
            for field in needed
            if (key, field) not in translated
        ]
    return bib, problems


def reference_problems() -> list[str]:
    return _references_in_arabic()[1]


def arabic_references() -> Path:
    """The Arabic edition's bibliography file, written into `_build`; a problem stops the build."""
    from sphinx.errors import ConfigError

    text, problems = _references_in_arabic()
    if problems:
        raise ConfigError("the Arabic bibliography:\n" + "\n".join(problems))
    path = project_root() / "_build" / "references-ar.bib"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:  # an unchanged file keeps the pages
        path.write_text(text, encoding="utf-8")
    return path


def _date_in_arabic() -> str:
    """The build's date as the source writes dates («30 تشرين الثاني/ نوفمبر 2026»), for the footer's
    "last updated": the day Sphinx would print (it honours SOURCE_DATE_EPOCH), with the source's month
    names, which the Arabic locale of Babel lacks. Written as a literal, which Sphinx leaves as it is."""
    from sphinx.util.i18n import format_date

    from .figures import date_words

    return date_words(format_date("%Y-%m-%d", language="en"), "day", "ar")


def _own_notebook_outputs(app: Sphinx) -> None:
    """myst-nb writes executed notebooks and glued values beside the output folder, in
    `_build/jupyter_execute`: the Arabic edition's go to `jupyter_execute-ar`, or each build would
    overwrite the other's."""
    if app.config.language == "en":
        return
    folder = Path(app.env.mystnb_config.output_folder)
    app.env.mystnb_config = app.env.mystnb_config.copy(
        output_folder=str(folder.with_name(f"{folder.name}-{app.config.language}"))
    )


class TableCellsAreTranslatable(SphinxTransform):
    """A table inside a directive (`:::{table}`) gives its cells no source, and Sphinx skips a node with no
    source when it extracts or translates messages: each cell takes its table's, before Sphinx's own
    translation (priority 20) and its extraction of messages."""

    default_priority = 15

    def apply(self, **kwargs) -> None:
        for table in self.document.findall(nodes.table):
            for cell in table.findall(nodes.paragraph):
                if not cell.source:
                    cell.source, cell.line = table.source or self.document["source"], table.line


class UntranslatedIsAWarning(SphinxTransform):
    """After Sphinx's own translation (priority 20), a node it marked untranslated is a warning."""

    default_priority = 26

    def apply(self, **kwargs) -> None:
        if self.config.language == "en" or self.app.builder.format != "html":
            return
        for node in NodeMatcher(nodes.Element, translated=False).findall(self.document):
            LOGGER.warning(
                "untranslated in the %s edition: %r", self.config.language, node.astext()[:80], location=node
            )


class TranslatedCellPrompts(SphinxPostTransform):
    """The labels of the folded code cells ("Show code cell source"…) are MyST-NB's, written after the
    page was translated (its `HideInputCells`, priority 199): translate them from the Sphinx catalogue
    (`locales/<lang>/LC_MESSAGES/sphinx.po`), as the theme's own words are."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs) -> None:
        if self.config.language == "en":
            return
        from myst_nb.sphinx_ import HideCodeCellNode
        from sphinx.locale import _

        for node in self.document.findall(HideCodeCellNode):
            for key in ("prompt_show", "prompt_hide"):
                translated = _(node[key])
                if translated == node[key]:
                    LOGGER.warning(
                        "untranslated in the %s edition: %r (sphinx.po)", self.config.language, node[key]
                    )
                node[key] = translated


def _translated_toc_captions(app: Sphinx, doctree: nodes.document) -> None:
    """The part captions of the table of contents («Chapters»…) come from `_toc.yml` and reach the
    page after Sphinx has translated it: translate them from the page's own catalogue."""
    if app.config.language == "en":
        return
    from babel.messages.pofile import read_po

    catalogue = Path(app.srcdir) / "locales" / app.config.language / "LC_MESSAGES" / f"{app.env.docname}.po"
    toctrees = [node for node in doctree.findall(addnodes.toctree) if node.get("caption")]
    if not toctrees or not catalogue.exists():
        return
    with catalogue.open("rb") as handle:
        translations = {m.id: m.string for m in read_po(handle) if m.id and m.string and not m.fuzzy}
    for toctree in toctrees:
        caption = toctree["caption"]
        if caption not in translations:
            language = app.config.language
            LOGGER.warning("untranslated in the %s edition: %r", language, caption, location=toctree)
            continue
        toctree["caption"] = translations[caption]


def other_edition(language: str, pagename: str) -> tuple[str, str, str]:
    """(language, name, relative link) of the same page in the other edition."""
    other = next(code for code in LANGUAGES if code != language)
    up = "../" * (pagename.count("/") + 1)
    return other, EDITION_NAMES[other], f"{up}{Path(html_folder(other)).name}/{pagename}.html"


def _language_switch(app: Sphinx, pagename, templatename, context, doctree) -> None:
    code, name, link = other_edition(app.config.language, pagename)
    context["other_edition"] = {"lang": code, "name": name, "link": link}


_ROOT_ELEMENT = re.compile(r'<html lang="(?P<lang>[a-z]+)"')


# Labels that MyST-NB (every folded cell's toggle) and the theme's templates (the navigation, the page's
# contents) write in English with no way to translate them; screen readers read them aloud. Their
# translations are in the Sphinx catalogue.
FOLD_LABEL = "Toggle hidden content"
SCREEN_READER_LABELS = (FOLD_LABEL, "Main", "Page")


def _right_to_left(app: Sphinx, exception: Exception | None) -> None:
    """Mark each page of the Arabic edition right to left, and translate its screen-reader labels."""
    if exception is not None or app.builder.format != "html" or app.config.language != "ar":
        return
    from sphinx.locale import _

    for page in Path(app.outdir).rglob("*.html"):
        if page.relative_to(app.outdir).parts[0] in {"_static", "_sources", "_images"}:
            continue
        text = page.read_text(encoding="utf-8")
        marked, count = _ROOT_ELEMENT.subn(r'<html lang="\g<lang>" dir="rtl"', text, count=1)
        if count != 1:
            raise RuntimeError(f"{page}: no <html lang=…> element to mark right to left")
        for label in SCREEN_READER_LABELS:
            marked = marked.replace(f'aria-label="{label}"', f'aria-label="{_(label)}"')
        page.write_text(marked, encoding="utf-8")


_GLUE = re.compile(r"\{glue:\}`(?P<key>[^`:]+)`")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_publish_msgstr = sphinx_i18n.publish_msgstr


def glued_numbers(text: str, glued: dict) -> str:
    """`text` with each `{glue:}`key`` that the notebook glued as a number replaced by that number; any
    other stays a glue role, which then reports the missing key."""

    def number(match: re.Match) -> str:
        value = glued.get(match["key"], {}).get("data", {}).get("text/plain", "")
        return value if _NUMBER.fullmatch(value) else match.group()

    return _GLUE.sub(number, text)


def _publish_notebook_msgstr(app, source: str, source_path: str, source_line: int, config, settings):
    if source_path.endswith(".ipynb"):
        from myst_nb.ext.glue.crossref import read_glue_cache

        glued = read_glue_cache(app.env.mystnb_config.output_folder, app.env.docname)
        source = glued_numbers(source, glued)
        source_path = str(Path(source_path).with_suffix(".md"))
    return _publish_msgstr(app, source, source_path, source_line, config, settings)


def setup(app: Sphinx) -> dict:
    sphinx_i18n.publish_msgstr = _publish_notebook_msgstr
    app.connect("config-inited", _edition_settings)
    app.connect("builder-inited", _own_notebook_outputs, priority=900)  # after myst-nb sets the folder
    app.add_transform(TableCellsAreTranslatable)
    app.add_transform(UntranslatedIsAWarning)
    app.add_post_transform(TranslatedCellPrompts)
    app.add_search_language(SearchArabic)
    app.connect("doctree-read", _translated_toc_captions)
    app.connect("html-page-context", _language_switch)
    app.connect("build-finished", _right_to_left)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
