"""HTML for the appendix pages that are built from the seed and the datapackage, not typed twice.

Every value from the data or the source passes through `html.escape`.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from . import agreement, seed
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
    """The repaired Arabic text, right to left: one anchor per paragraph (`#p12`, with its raw line
    range) and per sentence (`#p12.3`), so a citation can point at the very sentence."""
    parts = ['<div class="source-text" dir="rtl" lang="ar">']
    by_section: dict[str, list[seed.Paragraph]] = {}
    for para in seed.paragraphs():
        by_section.setdefault(para.subsection or para.section, []).append(para)
    for section in seed.sections(level=None):
        tag = "h2" if section.level == 2 else "h3"
        parts.append(
            f'<{tag} id="src-{escape(section.id)}" class="source-section">{escape(section.title_ar)}'
            f' <span class="source-section-en" dir="ltr" lang="en">{escape(section.title_en)}</span></{tag}>'
        )
        for para in by_section.get(section.id, []):
            sentences = "".join(
                f'<span class="source-sentence" id="{para.id}.{n}">'
                f'<a class="sentence-number" href="#{para.id}.{n}" dir="ltr" lang="en">{n}</a>'
                f"{escape(text)}</span> "
                for n, text in enumerate(para.sentences, start=1)
            )
            parts.append(
                f'<div class="source-paragraph" id="{para.id}">'
                f'<a class="source-anchor" href="#{para.id}" dir="ltr" lang="en">{para.id}'
                f'<span class="source-lines"> · raw lines {para.first_line}–{para.last_line}</span></a>'
                f"<p>{sentences.strip()}</p></div>"
            )
    parts.append("</div>")
    return "".join(parts)


def _when(row: object) -> str:
    start, end = row.date_start, row.date_end
    if not start and not end:
        return "undated"
    if not end:
        return f"from {start} (open)"
    if not start:
        return f"until {end}"
    return start if start == end else f"{start} – {end}"


def event_register_html(dataset: Dataset, to_root: str) -> str:
    """All rows in source order, events and context rows, each with an anchor (`ev-<event_id>`) and its
    citation: a narrow column of facts about the row, a wide one with what the source says and its
    verbatim words."""
    titles = dict(zip(dataset.chapters.chapter_id, dataset.chapters.title_en, strict=True))
    labels = dict(zip(dataset.codebook.sub_event_type, dataset.codebook.label_en, strict=True))
    episodes = dict(zip(dataset.episodes.episode_id, dataset.episodes.name_en, strict=True))
    source_page = f"{to_root}book/appendix/source-text.html"
    rows = pd.concat([dataset.events, dataset.context]).sort_values("source_order")
    cells = []
    for ev in rows.itertuples():
        if ev.row_kind == "event":
            facts = (
                f"<br>{escape(labels[ev.sub_event_type])}"
                f"<br><small>{escape(ev.quad_class or 'not a Russia–Iran act')}"
                f"{'' if ev.certainty == 'stated' else ' · ' + escape(ev.certainty)}</small>"
                + (f"<br><small>episode: {escape(episodes[ev.episode_id])}</small>" if ev.episode_id else "")
            )
        else:
            facts = f"<br><small>context row: {escape(ev.row_kind)}</small>"
        basis = f", {ev.date_basis}" if ev.date_basis else ""
        first_sentence = ev.source_ref.split("-")[0]
        cells.append(
            f'<tr id="ev-{escape(ev.event_id)}">'
            f"<td><code>{escape(ev.event_id)}</code><br>{escape(_when(ev))}"
            f"<small>{escape(basis)}</small>{facts}"
            f'<br><a href="{source_page}#{first_sentence}">{escape(ev.source_ref)}</a>'
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
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(cells)}</tbody></table>"
    )


def datapackage_html(to_root: str) -> str:
    """Each table of the datapackage: description, download link, and its columns' meaning."""
    package = datapackage()
    parts = []
    for resource in package["resources"]:
        fields = pd.DataFrame(
            {
                "Column": [f["name"] for f in resource["schema"]["fields"]],
                "Type": [f["type"] for f in resource["schema"]["fields"]],
                "Rules": [
                    "; ".join(
                        f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
                        for k, v in f.get("constraints", {}).items()
                    )
                    for f in resource["schema"]["fields"]
                ],
                "Meaning": [f["description"] for f in resource["schema"]["fields"]],
            }
        )
        keys = ", ".join(
            f"{fk['fields']} → {fk['reference']['resource'] or resource['name']}.{fk['reference']['fields']}"
            for fk in resource["schema"].get("foreignKeys", [])
        )
        primary = resource["schema"].get("primaryKey", [])
        parts.append(
            f'<section class="data-resource" id="table-{escape(resource["name"])}">'
            f"<h3>{escape(resource['title'])} <code>{escape(resource['path'])}</code></h3>"
            f"<p>{escape(resource['description'])}</p>"
            f'<p><a class="download" download href="{to_root}{DATA_DIR_IN_SITE}{escape(resource["path"])}">'
            f"Download {escape(resource['path'])}</a>"
            + (f" · primary key: {escape(', '.join(primary))}" if primary else "")
            + (f" · foreign keys: {escape(keys)}" if keys else "")
            + "</p>"
            + table(fields)
            + "</section>"
        )
    return "".join(parts)


def codebook_html(dataset: Dataset) -> str:
    """The sub-types with their definitions and CAMEO codes, under human headers."""
    columns = {
        "label_en": "Sub-type",
        "label_ar": "بالعربية",
        "event_type": "Type",
        "definition_en": "Definition",
        "cameo_code": "CAMEO code",
        "cameo_label": "CAMEO name",
        "quad_class": "QuadClass",
        "goldstein": "Goldstein",
        "joint_cameo_code": "Joint code",
        "joint_quad_class": "Joint QuadClass",
    }
    frame = dataset.codebook[list(columns)].rename(columns=columns)
    return table(frame, classes="table data-table codebook")


def counts_html(dataset: Dataset) -> str:
    """Rows by chapter (in report order) and kind: events (and among them Russia–Iran interactions)
    and each kind of context row, with totals."""
    order = dataset.chapters.sort_values("order")
    rows = pd.concat([dataset.events, dataset.context])
    kinds = pd.crosstab(rows.chapter, rows.row_kind)
    kinds["Russia–Iran events"] = dataset.events[dataset.events.ri_relation != ""].groupby("chapter").size()
    kinds = kinds.fillna(0).astype(int)
    columns = ["event", "Russia–Iran events", "situation", "attitude", "assessment", "summary"]
    kinds = kinds.reindex(
        index=[c for c in order.chapter_id if c in kinds.index], columns=columns, fill_value=0
    )
    kinds.loc["Total"] = kinds.sum()
    titles = {**dict(zip(order.chapter_id, order.title_en, strict=True)), "Total": "Total"}
    kinds.index = kinds.index.map(titles)
    kinds.index.name = "Chapter"
    kinds = kinds.rename(
        columns={
            "event": "Events",
            "situation": "Situations",
            "attitude": "Attitudes",
            "assessment": "Assessments",
            "summary": "Summaries",
        }
    )
    return table(kinds.reset_index(), classes="table data-table counts")


def episodes_html(dataset: Dataset) -> str:
    """The episodes with their chapter, what they comprise and how many acts each holds."""
    titles = dict(zip(dataset.chapters.chapter_id, dataset.chapters.title_en, strict=True))
    acts = dataset.events.groupby("episode_id").size()
    frame = dataset.episodes.assign(
        chapter=dataset.episodes.chapter.map(titles), acts=dataset.episodes.episode_id.map(acts).fillna(0)
    )
    frame = frame[["name_en", "name_ar", "chapter", "acts", "summary_en"]].astype({"acts": int})
    frame.columns = ["Episode", "بالعربية", "Chapter", "Acts", "What it comprises"]
    return table(frame, classes="table data-table episodes")


def agreement_html(dataset: Dataset) -> str:
    """The blind double-coding test: detection, then agreement per field, then the adjudication."""
    first, second = agreement.load_coding("first"), agreement.load_coding("second")
    found = agreement.detection(first, second)
    detection = pd.DataFrame(
        {
            "Events found by the first coder": [found["first"]],
            "by the second coder": [found["second"]],
            "by both": [found["both"]],
            "Precision": [f"{found['precision']:.2f}"],
            "Recall": [f"{found['recall']:.2f}"],
            "F1": [f"{found['f1']:.2f}"],
        }
    )
    fields = agreement.field_agreement(first, second)
    fields = pd.DataFrame(
        {
            "Field": fields.field,
            "Matched pairs": fields.pairs,
            "Agreement": fields.agreement.map(lambda v: f"{v:.0%}"),
            "Krippendorff's alpha": fields.alpha.map(lambda v: f"{v:.2f}"),
            "Target": fields.target.map(lambda v: f"{v:.2f}"),
            "Met": fields.met.map({True: "yes", False: "no"}),
        }
    )
    decided = dataset.adjudication
    decisions = pd.crosstab(decided.field, decided.decision).reindex(
        columns=["first", "second", "neither"], fill_value=0
    )
    decisions["total"] = decisions.sum(axis=1)
    decisions = decisions.sort_values("total", ascending=False).reset_index()
    decisions.columns = ["Disagreement on", "Kept the first coding", "Took the second", "Neither", "Total"]
    return (
        table(detection, caption="Event detection (the second coding measured against the first)")
        + table(fields, caption="Agreement on the matched events, field by field, before reconciling")
        + table(decisions, caption="How the disagreements were decided (data/adjudication.csv)")
    )


def glossary_html(dataset: Dataset) -> str:
    """Actors, bilingual, with kind, side, parent, the rows they appear in, and where the source
    gives them their side."""
    actors = dataset.actors.copy()
    names = dict(zip(actors.actor_id, actors.name_en, strict=True))
    actors["parent"] = actors.parent_actor_id.map(names).fillna("")
    counts = dataset.event_actors.groupby("actor_id").event_id.nunique()
    actors["rows"] = actors.actor_id.map(counts).fillna(0).astype(int)
    rows = "".join(
        f'<tr id="actor-{escape(a.actor_id)}">'
        f'<td>{escape(a.name_en)}</td><td lang="ar" dir="rtl">{escape(a.name_ar)}</td>'
        f"<td>{escape(a.kind)}</td><td>{escape(a.aligned_with)}</td><td>{escape(a.parent)}</td>"
        f"<td>{a.rows}</td><td><small>{escape(a.note)}</small></td></tr>"
        for a in actors.sort_values(["aligned_with", "name_en"]).itertuples()
    )
    head = "".join(f"<th>{h}</th>" for h in ("English", "Arabic", "Kind", "Side", "Part of", "Rows", "Note"))
    return scrolling(
        '<table class="table data-table glossary">'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )
