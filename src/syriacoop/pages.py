"""HTML for the appendix pages that are built from the seed and the datapackage, not typed twice.

Every value from the data or the source passes through `html.escape`.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from . import seed
from .data import Dataset, datapackage

DATA_DIR_IN_SITE = "data/"  # the CSVs are copied here in the built site


def _cell(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else escape(str(value))


def scrolling(html: str) -> str:
    """Wide tables scroll inside the text column instead of widening the page."""
    return f'<div class="table-scroll">{html}</div>'


def table(frame: pd.DataFrame, caption: str = "", classes: str = "table data-table") -> str:
    """An escaped HTML table of `frame` (columns as given)."""
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return scrolling(
        f'<table class="{classes}">{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )


def source_text_html() -> str:
    """The repaired Arabic text, right to left, one anchor per paragraph with its raw line range."""
    parts = ['<div class="source-text" dir="rtl" lang="ar">']
    by_section: dict[str, list[seed.Paragraph]] = {}
    for para in seed.paragraphs():
        by_section.setdefault(para.section, []).append(para)
    for section in seed.sections():
        parts.append(
            f'<h2 id="src-{escape(section.id)}" class="source-section">{escape(section.title_ar)}'
            f' <span class="source-section-en" dir="ltr" lang="en">{escape(section.title_en)}</span></h2>'
        )
        for para in by_section.get(section.id, []):
            parts.append(
                f'<div class="source-paragraph" id="{para.id}">'
                f'<a class="source-anchor" href="#{para.id}" dir="ltr" lang="en">{para.id}'
                f'<span class="source-lines"> · raw lines {para.first_line}–{para.last_line}</span></a>'
                f"<p>{escape(para.text)}</p></div>"
            )
    parts.append("</div>")
    return "".join(parts)


def event_register_html(dataset: Dataset, to_root: str) -> str:
    """All events in source order, each with an anchor (`ev-<event_id>`) and its citation: a narrow
    column of facts about the row, a wide one with what the source says and its verbatim words."""
    titles = dict(zip(dataset.chapters.chapter_id, dataset.chapters.title_en, strict=True))
    source_page = f"{to_root}book/appendix/source-text.html"
    rows = []
    for ev in dataset.events.itertuples():
        when = ev.date_start if ev.date_start == ev.date_end else f"{ev.date_start} – {ev.date_end}"
        precision = f"{ev.date_precision}, {ev.date_basis}" if ev.date_precision else "no date in the source"
        rows.append(
            f'<tr id="ev-{escape(ev.event_id)}">'
            f"<td><code>{escape(ev.event_id)}</code><br>{escape(when or 'undated')}"
            f"<br><small>{escape(precision)}</small>"
            f"<br>{escape(ev.sub_event_type)}<br><small>{escape(ev.quad_class or 'context')}</small>"
            f'<br><a href="{source_page}#{ev.seed_paragraph}">{ev.seed_paragraph}</a>'
            f"<small> · lines {escape(ev.seed_lines)}</small>"
            f"<br><small>{escape(titles.get(ev.chapter, ev.chapter))}</small></td>"
            f"<td><strong>{escape(ev.title_en)}</strong> "
            f'(<bdi lang="ar">{escape(ev.title_ar)}</bdi>)<br>{escape(ev.summary_en)}'
            f'<blockquote lang="ar" dir="rtl" class="event-quote">{escape(ev.quote_ar)}</blockquote>'
            + (f"<small>Note: {escape(ev.note)}</small>" if ev.note else "")
            + "</td></tr>"
        )
    head = "<th>Row</th><th>What the source says</th>"
    return scrolling(
        '<table class="table data-table event-register">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def datapackage_html(to_root: str) -> str:
    """Each table of the datapackage: description, download link, and its columns' meaning."""
    package = datapackage()
    parts = []
    for resource in package["resources"]:
        fields = pd.DataFrame(
            {
                "column": [f["name"] for f in resource["schema"]["fields"]],
                "type": [f["type"] for f in resource["schema"]["fields"]],
                "rules": [
                    "; ".join(
                        f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
                        for k, v in f.get("constraints", {}).items()
                    )
                    for f in resource["schema"]["fields"]
                ],
                "meaning": [f["description"] for f in resource["schema"]["fields"]],
            }
        )
        keys = ", ".join(
            f"{fk['fields']} → {fk['reference']['resource'] or resource['name']}.{fk['reference']['fields']}"
            for fk in resource["schema"].get("foreignKeys", [])
        )
        parts.append(
            f'<section class="data-resource" id="table-{escape(resource["name"])}">'
            f"<h3>{escape(resource['title'])} <code>{escape(resource['path'])}</code></h3>"
            f"<p>{escape(resource['description'])}</p>"
            f'<p><a class="download" download href="{to_root}{DATA_DIR_IN_SITE}{escape(resource["path"])}">'
            f"Download {escape(resource['path'])}</a>"
            f" · primary key: {escape(', '.join(resource['schema']['primaryKey']))}"
            + (f" · foreign keys: {escape(keys)}" if keys else "")
            + "</p>"
            + table(fields)
            + "</section>"
        )
    return "".join(parts)


def codebook_html(dataset: Dataset) -> str:
    columns = [
        "sub_event_type",
        "event_type",
        "definition_en",
        "cameo_code",
        "cameo_label",
        "quad_class",
        "goldstein",
        "joint_cameo_code",
        "joint_quad_class",
        "joint_goldstein",
    ]
    return table(dataset.codebook[columns], classes="table data-table codebook")


def counts_html(dataset: Dataset) -> str:
    """Events by chapter (in report order) and event type, with totals."""
    order = dataset.chapters.sort_values("order")
    titles = order.rename(columns={"title_en": "chapter_title"})[["chapter_id", "chapter_title"]]
    events = dataset.events.merge(titles, left_on="chapter", right_on="chapter_id")
    counts = pd.crosstab(events.chapter_title, events.event_type, margins=True, margins_name="Total")
    counts = counts.reindex([*[t for t in order.title_en if t in counts.index], "Total"])
    counts.index.name = "chapter"
    return table(counts.reset_index(), classes="table data-table counts")


def glossary_html(dataset: Dataset) -> str:
    """Actors, bilingual, with kind, alignment, parent and how many events they appear in."""
    actors = dataset.actors.copy()
    names = dict(zip(actors.actor_id, actors.name_en, strict=True))
    actors["parent"] = actors.parent_actor_id.map(names).fillna("")
    counts = dataset.event_actors.groupby("actor_id").event_id.nunique()
    actors["events"] = actors.actor_id.map(counts).fillna(0).astype(int)
    rows = "".join(
        f'<tr id="actor-{escape(a.actor_id)}"><td><code>{escape(a.actor_id)}</code></td>'
        f'<td>{escape(a.name_en)}</td><td lang="ar" dir="rtl">{escape(a.name_ar)}</td>'
        f"<td>{escape(a.kind)}</td><td>{escape(a.aligned_with)}</td><td>{escape(a.parent)}</td>"
        f"<td>{a.events}</td></tr>"
        for a in actors.sort_values(["aligned_with", "name_en"]).itertuples()
    )
    head = "".join(
        f"<th>{h}</th>" for h in ("Id", "English", "Arabic", "Kind", "Aligned with", "Part of", "Events")
    )
    return scrolling(
        '<table class="table data-table glossary">'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )
