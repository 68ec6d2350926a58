"""HTML for the appendix pages that are built from the seed and the datapackage, not typed twice.

Every page is built in the edition's language (`lang`, "en" or "ar"). The Arabic edition's words are
kept here beside the English the code writes; it shows the data's Arabic fields (`title_ar`,
`summary_ar`, `note_ar`, `definition_ar`, `description_ar`…), English names only beside the Arabic ones,
marked `lang="en" dir="ltr"`, and identifiers (ids, file and column names, codes) set left to right.
Every value from the data or the source passes through `html.escape`.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from . import agreement, figures, seed
from .data import Dataset, datapackage

DATA_DIR_IN_SITE = "data/"  # the CSVs are copied here in the built site

# The Arabic edition's words for the English the code writes, in the register of the source.
ARABIC = {
    # event register
    "Row": "السطر",
    "What the source says": "ما يقوله المصدر",
    "undated": figures.LABELS["ar"]["undated"],
    "from {} (open)": "ابتداءً من {} (مفتوح النهاية)",
    "until {}": "حتى {}",
    "by {}": figures.WHEN_WORDS["ar"]["by"],
    "not a Russia–Iran act": figures.LABELS["ar"][""],
    "episode:": "الواقعة:",
    "context row:": "سطر سياق:",
    "lines": "السطور الخام",
    "Note:": "ملاحظة:",
    # source text
    "raw lines": "السطور الخام",
    # data package
    "Download": "تنزيل",
    "primary key:": "المفتاح الأساسي:",
    "foreign keys:": "المفاتيح الأجنبية:",
    # counts
    "Chapter": "الفصل",
    "Total": "المجموع",
    "Events": "الأحداث",
    "Russia–Iran events": "منها أفعال روسية إيرانية",
    "Situations": "الأوضاع",
    "Attitudes": "المواقف",
    "Assessments": "التقييمات",
    "Summaries": "جمل الخلاصة",
    # coding agreement
    "Events found by the first coder": "الأحداث التي وجدها المرمِّز الأول",
    "by the second coder": "الأحداث التي وجدها المرمِّز الثاني",
    "by both": "الأحداث التي وجدها كلاهما",
    "Precision": "الدقة",
    "Recall": "الاستدعاء",
    "F1": "مقياس F1",
    "Field": "الحقل",
    "Matched pairs": "الأزواج المتطابقة",
    "Agreement": "نسبة الاتفاق",
    "Krippendorff's alpha": "معامل ألفا لكريبندورف",
    "Target": "القيمة المستهدفة",
    "Met": "بلغ القيمة المستهدفة",
    "yes": figures.LABELS["ar"]["yes"],
    "no": figures.LABELS["ar"]["no"],
    "Disagreement on": "الحقل المختلف فيه",
    "Kept the first coding": "أُبقي على الترميز الأول",
    "Took the second": "أُخذ بالترميز الثاني",
    "Neither": "لم يُؤخذ بأيٍّ منهما",
    "Event detection (the second coding measured against the first)": (
        "رصد الأحداث (الترميز الثاني مقيسًا على الترميز الأول)"
    ),
    "Agreement on the matched events, field by field, before reconciling": (
        "الاتفاق على الأحداث المتطابقة، حقلًا حقلًا، قبل التوفيق بين الترميزين"
    ),
    "How the disagreements were decided ({})": "كيف حُسمت الاختلافات ({})",
}
ENGLISH_CELL = ' lang="en" dir="ltr"'  # a table cell holding an English name beside the Arabic one
LTR_CELL = ' dir="ltr"'  # a table cell holding identifiers, codes or signed numbers

# The data's controlled vocabularies in Arabic.
ROW_KINDS_AR = {
    "event": "حدث",
    "situation": "وضع",
    "attitude": "موقف",
    "assessment": "تقييم",
    "summary": "خلاصة",
}
QUAD_CLASSES_AR = {
    "verbal cooperation": "تعاون لفظي",
    "material cooperation": "تعاون مادي",
    "verbal conflict": "نزاع لفظي",
    "material conflict": "نزاع مادي",
}
EVENT_TYPES_AR = {
    "diplomacy": "دبلوماسية",
    "agreement": "اتفاق",
    "military cooperation": "تعاون عسكري",
    "military aid": "مساعدة عسكرية",
    "force posture": "تموضع القوات",
    "armed conflict": "نزاع مسلح",
    "verbal conflict": "نزاع لفظي",
    "statement": "تصريح",
    "economic": "اقتصادي",
}
ACTOR_KINDS_AR = {
    "state": "دولة",
    "agency": "هيئة حكومية",
    "armed force": "قوة مسلحة",
    "militia": "ميليشيا",
    "person": "شخص",
    "process": "عملية",
    "organisation": "منظمة",
    "media": "وسيلة إعلام",
}
# The fields the two codings are compared on (`agreement.FIELD_LABELS`), and a row only one coder found.
FIELD_NAMES_AR = {
    "row_kind": "نوع السطر (حدث أو سياق)",
    "sub_event_type": "النوع الفرعي",
    "cameo_root": "جذر رمز CAMEO",
    "quad_class": "الفئة الرباعية (تعاون أو نزاع)",
    "ri_relation": "العلاقة الروسية الإيرانية",
    "certainty": "درجة اليقين",
    "place_id": "المكان",
    "date": "التاريخ (البداية والنهاية)",
    "date_precision": "دقة التاريخ",
    "episode_id": "الواقعة",
    "initiators": "الجهات الفاعلة",
    "targets": "الجهات المفعول بها",
    "detection": "رصد الحدث",
}
# The datapackage's resources (by name), Table Schema types and constraints.
RESOURCE_TITLES_AR = {
    "events": "الأحداث وأسطر السياق",
    "event_actors": "الجهات الفاعلة في الأحداث",
    "episodes": "الوقائع",
    "threads": "الخيوط الناظمة",
    "actors": "الجهات الفاعلة",
    "places": "الأماكن",
    "codebook": "دليل الترميز",
    "chapters": "الفصول",
    "first_coding": "الترميز الأول، قبل التوفيق بين الترميزين",
    "first_coding_actors": "الترميز الأول: الجهات الفاعلة",
    "second_coding": "الترميز الثاني المستقل",
    "second_coding_actors": "الترميز الثاني المستقل: الجهات الفاعلة",
    "adjudication": "التحكيم في الاختلافات",
}
FIELD_TYPES_AR = {"string": "نص", "integer": "عدد صحيح", "number": "عدد"}
CONSTRAINTS_AR = {
    "required": "إلزامي",
    "unique": "فريد",
    "pattern": "النمط",
    "enum": "القيم المسموح بها",
    "minimum": "الحد الأدنى",
    "maximum": "الحد الأقصى",
}

# Tables of the data's own columns: column -> header, in each edition's order.
CODEBOOK_COLUMNS = {
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
CODEBOOK_COLUMNS_AR = {
    "label_ar": "النوع الفرعي",
    "label_en": "بالإنجليزية",
    "event_type": "نوع الحدث",
    "definition_ar": "التعريف",
    "cameo_code": "رمز CAMEO",
    "cameo_label": "اسمه في CAMEO (بالإنجليزية)",
    "quad_class": "الفئة الرباعية (QuadClass)",
    "goldstein": "وزن غولدستين",
    "joint_cameo_code": "رمز الفعل المشترك",
    "joint_quad_class": "الفئة الرباعية للفعل المشترك",
}
EPISODE_COLUMNS = {
    "name_en": "Episode",
    "name_ar": "بالعربية",
    "chapter": "Chapter",
    "acts": "Acts",
    "summary_en": "What it comprises",
}
EPISODE_COLUMNS_AR = {
    "name_ar": "الواقعة",
    "name_en": "بالإنجليزية",
    "chapter": "الفصل",
    "acts": "عدد الأفعال",
    "summary_ar": "ما تشمله",
}
SCHEMA_COLUMNS = {"name": "Column", "type": "Type", "rules": "Rules", "description": "Meaning"}
SCHEMA_COLUMNS_AR = {
    "name": "العمود",
    "type": "النوع",
    "rules": "القيود",
    "description": "المعنى",
}
GLOSSARY_HEADERS = ("English", "Arabic", "Kind", "Side", "Part of", "Rows", "Note")
GLOSSARY_HEADERS_AR = (
    "بالعربية",
    "بالإنجليزية",
    "النوع",
    "الطرف",
    "الهيئة الأم",
    "عدد الأسطر",
    "ملاحظة",
)
COUNT_COLUMNS = {
    "event": "Events",
    "ri_event": "Russia–Iran events",
    "situation": "Situations",
    "attitude": "Attitudes",
    "assessment": "Assessments",
    "summary": "Summaries",
}


def _translated(text: str, lang: str) -> str:
    """The code's own `text` in the edition's language (a template keeps its `{}`)."""
    return ARABIC[text] if lang == "ar" else text


def _term(arabic: dict[str, str], value: str, lang: str) -> str:
    """A value of one of the data's vocabularies in the edition's language."""
    return arabic[value] if lang == "ar" else value


def _terms(values: pd.Series, arabic: dict[str, str]) -> pd.Series:
    """A column of a vocabulary in Arabic, empty where it is empty; a value with no Arabic is an error."""
    return values.map(lambda value: arabic[value] if value else "")


def _column(stem: str, lang: str) -> str:
    """The data's column in the edition's language: `title_ar`, `name_en`, `label_ar`…"""
    return f"{stem}_ar" if lang == "ar" else f"{stem}_en"


def _ltr(text: str, lang: str) -> str:
    """An identifier escaped; in the Arabic edition, isolated left to right inside the Arabic text."""
    return f'<bdi dir="ltr">{escape(text)}</bdi>' if lang == "ar" else escape(text)


def _code(text: str, lang: str) -> str:
    return f'<code dir="ltr">{escape(text)}</code>' if lang == "ar" else f"<code>{escape(text)}</code>"


def _cell(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else escape(str(value))


def scrolling(html: str) -> str:
    """Wide tables scroll inside the text column instead of widening the page."""
    return f'<div class="table-scroll">{html}</div>'


def table(
    frame: pd.DataFrame,
    caption_html: str = "",
    classes: str = "table data-table",
    cells: dict[str, str] | None = None,
    markup: tuple[str, ...] = (),
) -> str:
    """An escaped HTML table of `frame` (columns as given). `cells` gives the attributes of a column's
    cells; a `markup` column holds HTML its caller built from escaped values; the caption is the code's
    own words, as HTML."""
    cells = cells or {}
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td{cells.get(c, '')}>{v if c in markup else _cell(v)}</td>"
            for c, v in zip(frame.columns, row, strict=True)
        )
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    cap = f"<caption>{caption_html}</caption>" if caption_html else ""
    return scrolling(
        f'<table class="{classes}">{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )


def _columns_table(
    frame: pd.DataFrame,
    headers: dict[str, str],
    classes: str,
    lang: str,
    english: tuple[str, ...] = (),
    ltr: tuple[str, ...] = (),
    markup: tuple[str, ...] = (),
) -> str:
    """The columns of `frame` named in `headers` (column -> header), in that order; in the Arabic
    edition the cells of the `english` columns are marked as English and those of `ltr` columns set
    left to right."""
    cells = {}
    if lang == "ar":
        cells = {headers[c]: ENGLISH_CELL for c in english} | {headers[c]: LTR_CELL for c in ltr}
    return table(
        frame[list(headers)].rename(columns=headers),
        classes=classes,
        cells=cells,
        markup=tuple(headers[c] for c in markup),
    )


def source_text_html(lang: str = "en") -> str:
    """The repaired Arabic text, right to left: one anchor per paragraph (`#p12`, with its raw line
    range) and per sentence (`#p12.3`), so a citation can point at the very sentence."""
    parts = ['<div class="source-text" dir="rtl" lang="ar">']
    by_section: dict[str, list[seed.Paragraph]] = {}
    for para in seed.paragraphs():
        by_section.setdefault(para.subsection or para.section, []).append(para)
    for section in seed.sections(level=None):
        parts.append(_section_heading(section, lang))
        for para in by_section.get(section.id, []):
            sentences = "".join(
                f'<span class="source-sentence" id="{escape(para.id)}.{n}">'
                f'<a class="sentence-number" href="#{escape(para.id)}.{n}" dir="ltr" lang="en">{n}</a>'
                f"{escape(text)}</span> "
                for n, text in enumerate(para.sentences, start=1)
            )
            parts.append(
                f'<div class="source-paragraph" id="{escape(para.id)}">{_paragraph_anchor(para, lang)}'
                f"<p>{sentences.strip()}</p></div>"
            )
    parts.append("</div>")
    return "".join(parts)


def _section_heading(section: seed.Section, lang: str) -> str:
    """The section's Arabic name; the English edition gives its English name beside it."""
    tag = "h2" if section.level == 2 else "h3"
    english = (
        ""
        if lang == "ar"
        else f' <span class="source-section-en" dir="ltr" lang="en">{escape(section.title_en)}</span>'
    )
    return (
        f'<{tag} id="src-{escape(section.id)}" class="source-section">{escape(section.title_ar)}'
        f"{english}</{tag}>"
    )


def _paragraph_anchor(para: seed.Paragraph, lang: str) -> str:
    """The paragraph's id and raw line range, linking to the paragraph itself."""
    lines = f"{para.first_line}–{para.last_line}"
    if lang == "ar":  # only the id is left to right
        return (
            f'<a class="source-anchor" href="#{escape(para.id)}">'
            f'<bdi dir="ltr" lang="en">{escape(para.id)}</bdi>'
            f'<span class="source-lines"> · {_translated("raw lines", lang)} {lines}</span></a>'
        )
    return (
        f'<a class="source-anchor" href="#{escape(para.id)}" dir="ltr" lang="en">{escape(para.id)}'
        f'<span class="source-lines"> · raw lines {lines}</span></a>'
    )


def _when(row: object, lang: str) -> str:
    """The row's dates in words. With only an end, an act happened by that date and a standing
    situation or attitude lasted until it."""
    start, end = row.date_start, row.date_end
    if not start and not end:
        return _translated("undated", lang)
    if not end:
        return _translated("from {} (open)", lang).format(start)
    if not start:
        return _translated("by {}" if row.row_kind == "event" else "until {}", lang).format(end)
    return start if start == end else f"{start} – {end}"


def _date_basis(row: object, lang: str) -> str:
    """Whether the brief states the date or the data infers it, after the date."""
    if not row.date_basis:
        return ""
    if lang == "ar":
        return figures.label("comma", "ar") + figures.label(f"{row.date_basis} date", "ar")
    return f", {row.date_basis}"


def event_register_html(dataset: Dataset, to_root: str, lang: str = "en") -> str:
    """All rows in source order, events and context rows, each with an anchor (`ev-<event_id>`) and its
    citation: a narrow column of facts about the row, a wide one with what the source says and its
    verbatim words."""
    names = {
        "chapter": figures.chapter_titles(dataset, lang),
        "label": dict(
            zip(dataset.codebook.sub_event_type, dataset.codebook[_column("label", lang)], strict=True)
        ),
        "episode": dict(
            zip(dataset.episodes.episode_id, dataset.episodes[_column("name", lang)], strict=True)
        ),
    }
    source_page = f"{to_root}book/appendix/source-text.html"
    rows = pd.concat([dataset.events, dataset.context]).sort_values("source_order")
    cells = "".join(
        f'<tr id="ev-{escape(ev.event_id)}">{_row_facts(ev, names, source_page, lang)}'
        f"{_row_text(ev, lang)}</tr>"
        for ev in rows.itertuples()
    )
    head = "".join(f"<th>{_translated(h, lang)}</th>" for h in ("Row", "What the source says"))
    return scrolling(
        '<table class="table data-table event-register">'
        f"<thead><tr>{head}</tr></thead><tbody>{cells}</tbody></table>"
    )


def _row_facts(ev: object, names: dict[str, dict[str, str]], source_page: str, lang: str) -> str:
    """The narrow cell: id, date, kind of row, citation, raw lines and chapter."""
    first_sentence = ev.source_ref.split("-")[0]
    return (
        f"<td>{_code(ev.event_id, lang)}<br>{escape(_when(ev, lang))}"
        f"<small>{escape(_date_basis(ev, lang))}</small>{_row_kind_facts(ev, names, lang)}"
        f'<br><a href="{source_page}#{escape(first_sentence)}">{_ltr(ev.source_ref, lang)}</a>'
        f"<small> · {_translated('lines', lang)} {_ltr(ev.seed_lines, lang)}</small>"
        f"<br><small>{escape(names['chapter'].get(ev.chapter, ev.chapter))}</small></td>"
    )


def _row_kind_facts(ev: object, names: dict[str, dict[str, str]], lang: str) -> str:
    """An event's sub-type, QuadClass, certainty below stated and episode; or the kind of context row."""
    if ev.row_kind != "event":
        kind = _term(ROW_KINDS_AR, ev.row_kind, lang)
        return f"<br><small>{_translated('context row:', lang)} {escape(kind)}</small>"
    quad = (
        _term(QUAD_CLASSES_AR, ev.quad_class, lang)
        if ev.quad_class
        else _translated("not a Russia–Iran act", lang)
    )
    certainty = (
        ""
        if ev.certainty == "stated"
        else " · " + escape(_term(figures.CERTAINTY_WORDS["ar"], ev.certainty, lang))
    )
    episode = (
        f"<br><small>{_translated('episode:', lang)} {escape(names['episode'][ev.episode_id])}</small>"
        if ev.episode_id
        else ""
    )
    label = names["label"][ev.sub_event_type]
    return f"<br>{escape(label)}<br><small>{escape(quad)}{certainty}</small>{episode}"


def _row_text(ev: object, lang: str) -> str:
    """The wide cell: title, summary, the source's verbatim words and the coder's note."""
    if lang == "ar":
        title = f"<strong>{escape(ev.title_ar)}</strong>"
    else:
        title = f'<strong>{escape(ev.title_en)}</strong> (<bdi lang="ar">{escape(ev.title_ar)}</bdi>)'
    summary, note = (ev.summary_ar, ev.note_ar) if lang == "ar" else (ev.summary_en, ev.note)
    note = f"<small>{_translated('Note:', lang)} {escape(note)}</small>" if note else ""
    return (
        f"<td>{title}<br>{escape(summary)}"
        f'<blockquote lang="ar" dir="rtl" class="event-quote">{escape(ev.quote_ar)}</blockquote>'
        f"{note}</td>"
    )


def datapackage_html(to_root: str, lang: str = "en") -> str:
    """Each table of the datapackage: description, download link, and its columns' meaning."""
    return "".join(_resource_html(resource, to_root, lang) for resource in datapackage()["resources"])


def _resource_html(resource: dict, to_root: str, lang: str) -> str:
    schema = resource["schema"]
    title = RESOURCE_TITLES_AR[resource["name"]] if lang == "ar" else resource["title"]
    keys = ", ".join(
        f"{fk['fields']} → {fk['reference']['resource'] or resource['name']}.{fk['reference']['fields']}"
        for fk in schema.get("foreignKeys", [])
    )
    primary = schema.get("primaryKey", [])
    return (
        f'<section class="data-resource" id="table-{escape(resource["name"])}">'
        f"<h3>{escape(title)} {_code(resource['path'], lang)}</h3>"
        f"<p>{escape(_description(resource, lang))}</p>"
        f'<p><a class="download" download href="{to_root}{DATA_DIR_IN_SITE}{escape(resource["path"])}">'
        f"{_translated('Download', lang)} {_ltr(resource['path'], lang)}</a>"
        + (f" · {_translated('primary key:', lang)} {_ltr(', '.join(primary), lang)}" if primary else "")
        + (f" · {_translated('foreign keys:', lang)} {_ltr(keys, lang)}" if keys else "")
        + "</p>"
        + _schema_table(schema["fields"], lang)
        + "</section>"
    )


def _schema_table(fields: list[dict], lang: str) -> str:
    """A resource's columns: name, type, constraints and meaning."""
    frame = pd.DataFrame(
        {
            "name": [f["name"] for f in fields],
            "type": [_term(FIELD_TYPES_AR, f["type"], lang) for f in fields],
            "rules": [_rules(f.get("constraints", {}), lang) for f in fields],
            "description": [_description(f, lang) for f in fields],
        }
    )
    headers = SCHEMA_COLUMNS_AR if lang == "ar" else SCHEMA_COLUMNS
    return _columns_table(frame, headers, "table data-table", lang, ltr=("name",), markup=("rules",))


def _description(descriptor: dict, lang: str) -> str:
    """A table's or column's description in the edition's language (`description_ar` in Arabic)."""
    return descriptor["description_ar" if lang == "ar" else "description"]


def _rules(constraints: dict, lang: str) -> str:
    """A column's constraints as HTML: `required: True; pattern: …`; in Arabic, named in Arabic with
    their values left to right."""
    if lang != "ar":
        return escape("; ".join(f"{k}: {_constraint_value(v)}" for k, v in constraints.items()))
    return "؛ ".join(f"{CONSTRAINTS_AR[k]}: {_constraint_value_ar(v)}" for k, v in constraints.items())


def _constraint_value(value: object) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _constraint_value_ar(value: object) -> str:
    """Yes or no in words; a pattern, a list of values or a bound as an identifier, left to right."""
    if isinstance(value, bool):
        return _translated("yes" if value else "no", "ar")
    return _ltr(_constraint_value(value), "ar")


def codebook_html(dataset: Dataset, lang: str = "en") -> str:
    """The sub-types with their definitions and CAMEO codes, under human headers."""
    codebook = dataset.codebook
    if lang == "ar":
        codebook = codebook.assign(
            event_type=_terms(codebook.event_type, EVENT_TYPES_AR),
            quad_class=_terms(codebook.quad_class, QUAD_CLASSES_AR),
            joint_quad_class=_terms(codebook.joint_quad_class, QUAD_CLASSES_AR),
        )
    return _columns_table(
        codebook,
        CODEBOOK_COLUMNS_AR if lang == "ar" else CODEBOOK_COLUMNS,
        "table data-table codebook",
        lang,
        english=("label_en", "cameo_label"),
        ltr=("cameo_code", "goldstein", "joint_cameo_code"),
    )


def counts_html(dataset: Dataset, lang: str = "en") -> str:
    """Rows by chapter (in report order) and kind: events (and among them Russia–Iran interactions)
    and each kind of context row, with totals."""
    order = dataset.chapters.sort_values("order")
    rows = pd.concat([dataset.events, dataset.context])
    kinds = pd.crosstab(rows.chapter, rows.row_kind)
    kinds["ri_event"] = dataset.events[dataset.events.ri_relation != ""].groupby("chapter").size()
    kinds = kinds.fillna(0).astype(int)
    kinds = kinds.reindex(
        index=[c for c in order.chapter_id if c in kinds.index], columns=list(COUNT_COLUMNS), fill_value=0
    )
    kinds.loc["total"] = kinds.sum()
    kinds.index = kinds.index.map(
        {**figures.chapter_titles(dataset, lang), "total": _translated("Total", lang)}
    )
    kinds.index.name = _translated("Chapter", lang)
    kinds = kinds.rename(columns={k: _translated(v, lang) for k, v in COUNT_COLUMNS.items()})
    return table(kinds.reset_index(), classes="table data-table counts")


def episodes_html(dataset: Dataset, lang: str = "en") -> str:
    """The episodes with their chapter, what they comprise and how many acts each holds."""
    titles = figures.chapter_titles(dataset, lang)
    acts = dataset.events.groupby("episode_id").size()
    frame = dataset.episodes.assign(
        chapter=dataset.episodes.chapter.map(titles), acts=dataset.episodes.episode_id.map(acts).fillna(0)
    ).astype({"acts": int})
    return _columns_table(
        frame,
        EPISODE_COLUMNS_AR if lang == "ar" else EPISODE_COLUMNS,
        "table data-table episodes",
        lang,
        english=("name_en",),
    )


def agreement_html(dataset: Dataset, lang: str = "en") -> str:
    """The blind double-coding test: detection, then agreement per field, then the adjudication."""
    first, second = agreement.load_coding("first"), agreement.load_coding("second")
    adjudication = _ltr("data/adjudication.csv", lang)
    return (
        table(
            _headers(_detection(first, second), lang),
            caption_html=_translated("Event detection (the second coding measured against the first)", lang),
        )
        + table(
            _headers(_field_agreement(first, second, lang), lang),
            caption_html=_translated(
                "Agreement on the matched events, field by field, before reconciling", lang
            ),
        )
        + table(
            _headers(_decisions(dataset.adjudication, lang), lang),
            caption_html=_translated("How the disagreements were decided ({})", lang).format(adjudication),
        )
    )


def _headers(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    return frame.rename(columns=lambda header: _translated(header, lang))


def _detection(first: agreement.Coding, second: agreement.Coding) -> pd.DataFrame:
    found = agreement.detection(first, second)
    return pd.DataFrame(
        {
            "Events found by the first coder": [found["first"]],
            "by the second coder": [found["second"]],
            "by both": [found["both"]],
            "Precision": [f"{found['precision']:.2f}"],
            "Recall": [f"{found['recall']:.2f}"],
            "F1": [f"{found['f1']:.2f}"],
        }
    )


def _field_agreement(first: agreement.Coding, second: agreement.Coding, lang: str) -> pd.DataFrame:
    fields = agreement.field_agreement(first, second)
    if lang == "ar":
        arabic = {label: FIELD_NAMES_AR[field] for field, label in agreement.FIELD_LABELS.items()}
        fields = fields.assign(field=fields.field.map(arabic))
    return pd.DataFrame(
        {
            "Field": fields.field,
            "Matched pairs": fields.pairs,
            "Agreement": fields.agreement.map(lambda v: f"{v:.0%}"),
            "Krippendorff's alpha": fields.alpha.map(lambda v: f"{v:.2f}"),
            "Target": fields.target.map(lambda v: f"{v:.2f}"),
            "Met": fields.met.map({True: _translated("yes", lang), False: _translated("no", lang)}),
        }
    )


def _decisions(decided: pd.DataFrame, lang: str) -> pd.DataFrame:
    """How many disagreements on each field kept the first coding, took the second, or neither."""
    decisions = pd.crosstab(decided.field, decided.decision).reindex(
        columns=["first", "second", "neither"], fill_value=0
    )
    decisions["total"] = decisions.sum(axis=1)
    decisions = decisions.sort_values("total", ascending=False).reset_index()
    decisions["field"] = decisions.field.map(lambda field: _term(FIELD_NAMES_AR, field, lang))
    decisions.columns = ["Disagreement on", "Kept the first coding", "Took the second", "Neither", "Total"]
    return decisions


def glossary_html(dataset: Dataset, lang: str = "en") -> str:
    """Actors, bilingual, with kind, side, parent, the rows they appear in, and where the source
    gives them their side."""
    actors = dataset.actors.copy()
    name = _column("name", lang)
    names = dict(zip(actors.actor_id, actors[name], strict=True))
    actors["parent"] = actors.parent_actor_id.map(names).fillna("")
    counts = dataset.event_actors.groupby("actor_id").event_id.nunique()
    actors["rows"] = actors.actor_id.map(counts).fillna(0).astype(int)
    actors["side"] = actors.aligned_with.map(lambda side: _term(figures.SIDE_NAMES_AR, side, lang))
    rows = "".join(_actor_row(a, lang) for a in actors.sort_values(["side", name]).itertuples())
    headers = GLOSSARY_HEADERS_AR if lang == "ar" else GLOSSARY_HEADERS
    head = "".join(f"<th>{h}</th>" for h in headers)
    return scrolling(
        '<table class="table data-table glossary">'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _actor_row(a: object, lang: str) -> str:
    """One actor: its names (the edition's language first), kind, side, parent, rows and note."""
    if lang == "ar":
        names = f"<td>{escape(a.name_ar)}</td><td{ENGLISH_CELL}>{escape(a.name_en)}</td>"
        note = f"<td><small>{escape(a.note_ar)}</small></td>"
    else:
        names = f'<td>{escape(a.name_en)}</td><td lang="ar" dir="rtl">{escape(a.name_ar)}</td>'
        note = f"<td><small>{escape(a.note)}</small></td>"
    return (
        f'<tr id="actor-{escape(a.actor_id)}">{names}'
        f"<td>{escape(_term(ACTOR_KINDS_AR, a.kind, lang))}</td><td>{escape(a.side)}</td>"
        f"<td>{escape(a.parent)}</td><td>{a.rows}</td>{note}</tr>"
    )
