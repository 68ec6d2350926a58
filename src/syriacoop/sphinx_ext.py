"""Sphinx glue for the book.

- No stale book: the environment remembers a fingerprint of `data/`, `seeds/` and this package; when it
  changes, every page is re-read (and, with `execute_notebooks: force`, every notebook re-executed).
- Roles `{src}` and `{ev}` link a sentence to the source (a paragraph `p12`, a sentence `p12.3`, or
  sentences `p12.3-4`) or to an event row (`runup-03`); an unknown id is a build warning, so an error
  under `-W`.
- Directives that build appendix pages from the seed and the datapackage.
- The data CSVs are copied into the site, so every download link works offline.
"""

from __future__ import annotations

import re
import shutil
from functools import lru_cache
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxRole

from . import pages, seed
from .data import Dataset, load
from .paths import data_dir, fingerprint


@lru_cache(maxsize=1)
def _dataset(inputs: str) -> Dataset:
    """The validated dataset, loaded once per build (per input fingerprint)."""
    return load()


def dataset() -> Dataset:
    return _dataset(fingerprint())


def _outdated_when_inputs_change(app: Sphinx, env, added, changed, removed) -> list[str]:
    current = fingerprint()
    if getattr(env, "syriacoop_fingerprint", None) == current:
        return []
    env.syriacoop_fingerprint = current
    return sorted(env.found_docs - added - changed - removed)


def _to_root(docname: str) -> str:
    return "../" * docname.count("/")


def _xref(target: str, shown: str, css: str) -> addnodes.pending_xref:
    """A link to a label a directive registers; an unknown label is a warning (an error under -W)."""
    return addnodes.pending_xref(
        "",
        nodes.inline(shown, shown, classes=[css]),
        refdomain="std",
        reftype="ref",
        reftarget=target,
        refexplicit=True,
        refwarn=True,
    )


class _LinkRole(SphinxRole):
    """A link to a label that a directive registers; the label's prefix tells which."""

    prefix = ""

    def run(self):
        return [_xref(f"{self.prefix}{self.text.strip()}", self.text, f"cite-{self.name}")], []


class SourceRole(_LinkRole):
    """`{src}`p12.3-4`` shows `p12.3–4` and links to its first sentence."""

    prefix = "src-"

    def run(self):
        ref = self.text.strip()
        return [_xref(f"{self.prefix}{ref.split('-')[0]}", ref.replace("-", "–"), "cite-src")], []


class TranslationRole(SphinxRole):
    """`{tr}`a display of grandeur and rudeness <p18.3>``: the editors' English rendering of the source's
    Arabic, set in quotation marks and followed by a small *tr.* link to the sentence that holds the
    Arabic, so a reader never mistakes a translation for the author's words."""

    _FORM = re.compile(r"(?P<text>.+?)\s*<(?P<ref>p\d{2}(?:\.\d+(?:-\d+)?)?)>", re.S)

    def run(self):
        match = self._FORM.fullmatch(self.text.strip())
        if not match:
            message = self.inliner.reporter.warning(
                f"{{tr}} needs 'English words <p12.3>', got {self.text!r}", line=self.lineno
            )
            return [], [message]
        text, ref = match["text"], match["ref"]
        quote = nodes.inline(text, f"“{text}”", classes=["translation"])
        mark = _xref(f"src-{ref.split('-')[0]}", "tr.", "translation-mark")
        return [quote, nodes.Text("\u2009"), mark], []


def source_quotation(text: str) -> tuple[str, str]:
    """`Arabic words <p18.3>` -> (words, citation); ValueError unless the cited sentences contain the
    words, letter for letter once harakat, alef forms and spacing are folded (`seed.normalize`)."""
    match = TranslationRole._FORM.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{{quote}} needs 'Arabic words <p12.3>', got {text!r}")
    words, ref = match["text"], match["ref"]
    try:
        cited = seed.passage(ref)
    except KeyError as error:
        raise ValueError(f"{{quote}}: {error.args[0]}") from None
    if seed.normalize(words) not in seed.normalize(cited):
        raise ValueError(f"{{quote}}: {ref} does not contain {words!r}")
    return words, ref


class QuoteRole(SphinxRole):
    """`{quote}`أفضت إلى مشاهد من الفخامة والوقاحة <p18.3>``: the source's own Arabic words, set in
    «guillemets» and followed by a small ¶ link to the sentence that holds them. The Arabic edition quotes
    with it where the English edition translates (`{tr}`); a quotation that is not the source's words is
    a warning (an error under -W)."""

    def run(self):
        try:
            words, ref = source_quotation(self.text)
        except ValueError as error:
            return [], [self.inliner.reporter.warning(str(error), line=self.lineno)]
        quote = nodes.inline(words, f"«{words}»", classes=["source-quote"])
        mark = _xref(f"src-{ref.split('-')[0]}", "¶", "source-quote-mark")
        return [quote, nodes.Text("\u2009"), mark], []


class EventRole(_LinkRole):
    prefix = "ev-"


class _HtmlDirective(SphinxDirective):
    has_content = False

    def labels(self) -> list[tuple[str, str, str]]:
        """(label, anchor id, title) registered for cross-references."""
        return []

    def html(self) -> str:
        raise NotImplementedError

    def run(self):
        std = self.env.get_domain("std")
        for label, anchor, title in self.labels():
            std.note_hyperlink_target(label, self.env.docname, anchor, title)
        return [nodes.raw("", self.html(), format="html")]


class SourceTextDirective(_HtmlDirective):
    def labels(self):
        paragraphs = [(f"src-{p.id}", p.id, p.id) for p in seed.paragraphs()]
        sentences = [
            (f"src-{p.id}.{n}", f"{p.id}.{n}", f"{p.id}.{n}")
            for p in seed.paragraphs()
            for n in range(1, len(p.sentences) + 1)
        ]
        return paragraphs + sentences

    def html(self):
        return pages.source_text_html(self.config.language)


class EventRegisterDirective(_HtmlDirective):
    def labels(self):
        rows = [*dataset().events.event_id, *dataset().context.event_id]
        return [(f"ev-{e}", f"ev-{e}", e) for e in rows]

    def html(self):
        return pages.event_register_html(dataset(), _to_root(self.env.docname), self.config.language)


class DatapackageDirective(_HtmlDirective):
    def html(self):
        return pages.datapackage_html(_to_root(self.env.docname), self.config.language)


class CodebookDirective(_HtmlDirective):
    def html(self):
        return pages.codebook_html(dataset(), self.config.language)


class EventCountsDirective(_HtmlDirective):
    def html(self):
        return pages.counts_html(dataset(), self.config.language)


class EpisodesDirective(_HtmlDirective):
    def html(self):
        return pages.episodes_html(dataset(), self.config.language)


class AgreementDirective(_HtmlDirective):
    def html(self):
        return pages.agreement_html(dataset(), self.config.language)


class GlossaryDirective(_HtmlDirective):
    def labels(self):
        return [(f"actor-{a}", f"actor-{a}", a) for a in dataset().actors.actor_id]

    def html(self):
        return pages.glossary_html(dataset(), self.config.language)


def _copy_data(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        target = Path(app.outdir) / pages.DATA_DIR_IN_SITE
        target.mkdir(parents=True, exist_ok=True)
        for path in [*data_dir().rglob("*.csv"), data_dir() / "datapackage.json"]:
            copy = target / path.relative_to(data_dir())
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)


def setup(app: Sphinx) -> dict:
    app.connect("env-get-outdated", _outdated_when_inputs_change)
    app.connect("build-finished", _copy_data)
    app.add_role("src", SourceRole())
    app.add_role("ev", EventRole())
    app.add_role("tr", TranslationRole())
    app.add_role("quote", QuoteRole())
    directives: dict[str, type[Directive]] = {
        "source-text": SourceTextDirective,
        "event-register": EventRegisterDirective,
        "datapackage-tables": DatapackageDirective,
        "codebook-table": CodebookDirective,
        "event-counts": EventCountsDirective,
        "actor-glossary": GlossaryDirective,
        "episode-table": EpisodesDirective,
        "coding-agreement": AgreementDirective,
    }
    for name, directive in directives.items():
        app.add_directive(name, directive)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
