"""Figures for the book, in one style: a title that states the finding, a subtitle with unit and scope,
a source note citing paragraphs, the plotted data one click away, bilingual hovers, and a `lang` switch
("en" or "ar") for every label that comes from the data or the code.

Text from the data is HTML-escaped before plotly sees it (plotly renders a subset of HTML in labels).
"""

from __future__ import annotations

import math
import textwrap
import urllib.parse
from dataclasses import dataclass
from html import escape

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from IPython.display import HTML, display

from . import plotly_plain
from .data import Dataset

# Deterministic notebook output: the JSON mime bundle only (no random-id HTML beside it), plain numbers.
pio.renderers.default = plotly_plain.NAME

ARABIC_FONT = "Noto Naskh Arabic"
FONT = f'"Open Sans", verdana, arial, "{ARABIC_FONT}", sans-serif'

# Okabe–Ito, a colour-blind-safe palette; one colour per alignment across the whole book.
ALIGNMENT_COLOURS = {
    "Russia": "#0072B2",
    "Iran": "#009E73",
    "Syrian government": "#D55E00",
    "Syrian opposition": "#CC79A7",
    "US": "#56B4E9",
    "Israel": "#E69F00",
    "Turkey": "#F0E442",
    "Jordan": "#999999",
    "Iraq": "#7F6A3A",
    "ISIS": "#000000",
    "UN": "#BBBBBB",
}
QUAD_COLOURS = {
    "verbal cooperation": "#56B4E9",
    "material cooperation": "#0072B2",
    "verbal conflict": "#E69F00",
    "material conflict": "#D55E00",
    "": "#BBBBBB",
}
QUAD_ORDER = ("material cooperation", "verbal cooperation", "verbal conflict", "material conflict", "")

# Widths in characters at which plotly text is broken into lines, for the book's ~700 px column.
TITLE_WIDTH, SUBTITLE_WIDTH, NOTE_WIDTH, LEGEND_PER_ROW, CATEGORY_WIDTH = 70, 100, 115, 3, 16
# Vertical lanes of the QuadClasses within a timeline row (QUAD_ORDER order).
LANE_OFFSETS = (-0.24, -0.12, 0.0, 0.12, 0.24)

LABELS = {
    "en": {
        "": "context (not a Russia–Iran interaction)",
        "verbal cooperation": "verbal cooperation",
        "material cooperation": "material cooperation",
        "verbal conflict": "verbal conflict",
        "material conflict": "material conflict",
        "date": "Date",
        "events": "Events",
        "source": "Source",
        "data": "Data",
        "actors": "Actors",
        "type": "Type",
        "place": "Place",
        "paragraph": "Source paragraph",
        "undated": "undated",
        "download": "Download the plotted data (CSV)",
        "goldstein": "Goldstein weight",
        "period": "Period",
        "chapter": "Chapter",
        "source_note": "Grajewski (2021), Arabic translation (Jusoor)",
    },
    "ar": {
        "": "سياق (ليس تفاعلًا روسيًا إيرانيًا)",
        "verbal cooperation": "تعاون لفظي",
        "material cooperation": "تعاون مادي",
        "verbal conflict": "خلاف لفظي",
        "material conflict": "خلاف مادي",
        "date": "التاريخ",
        "events": "الأحداث",
        "source": "المصدر",
        "data": "البيانات",
        "actors": "الفاعلون",
        "type": "النوع",
        "place": "المكان",
        "paragraph": "فقرة المصدر",
        "undated": "غير مؤرخ",
        "download": "تنزيل البيانات المرسومة (CSV)",
        "goldstein": "وزن غولدستين",
        "period": "الفترة",
        "chapter": "الفصل",
        "source_note": "غراجيفسكي (2021)، ترجمات جسور",
    },
}


def label(key: str, lang: str) -> str:
    return LABELS[lang][key]


def name_column(lang: str) -> str:
    return "name_ar" if lang == "ar" else "name_en"


def title_column(lang: str) -> str:
    return "title_ar" if lang == "ar" else "title_en"


@dataclass
class Chart:
    """A figure and the table it plots; `show()` displays both (the table as a CSV download link)."""

    fig: go.Figure
    data: pd.DataFrame
    name: str
    lang: str = "en"

    def show(self) -> None:
        self.fig.show()
        display(HTML(data_link(self.data, self.name, self.lang)))


def data_link(frame: pd.DataFrame, name: str, lang: str = "en") -> str:
    """An HTML link that downloads `frame` as CSV, carried in the page itself (works offline)."""
    csv = frame.to_csv(index=False, lineterminator="\n")
    href = "data:text/csv;charset=utf-8," + urllib.parse.quote(csv)
    return (
        f'<p class="figure-data"><a download="{escape(name)}.csv" href="{href}">'
        f"{escape(label('download', lang))}: {escape(name)}.csv</a></p>"
    )


def paragraph_ranges(paragraphs: list[str]) -> str:
    """`['p08', 'p09', 'p10', 'p13']` -> `'p08–p10, p13'`."""
    numbers = sorted({int(p[1:]) for p in paragraphs})
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"p{r[0]:02d}" if len(r) == 1 else f"p{r[0]:02d}–p{r[-1]:02d}" for r in runs)


def source_note(paragraphs: list[str], lang: str, tables: str = "events.csv") -> str:
    cited = paragraph_ranges(paragraphs)
    return (
        f"{label('source', lang)}: {label('source_note', lang)}, ¶ {escape(cited)}. "
        f"{label('data', lang)}: {escape(tables)}"
    )


def wrap(text: str, width: int) -> str:
    """Break plain text into lines of at most `width` characters with <br> (plotly does not wrap)."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def style(
    fig: go.Figure, title: str, subtitle: str, note: str, lang: str, height: int = 460, extra_bottom: int = 0
) -> go.Figure:
    """House style: the finding as title, unit and scope as subtitle, the legend above the plot and the
    source note at its foot. Plotly does not wrap text, so lines are broken here and the margins are
    sized in pixels from the line counts: nothing overlaps at the book's column width."""
    rtl = lang == "ar"
    title_lines = wrap(escape(title), TITLE_WIDTH)
    subtitle_lines = wrap(escape(subtitle), SUBTITLE_WIDTH)
    note_lines = wrap(note, NOTE_WIDTH)
    items = [t for t in fig.data if t.showlegend is not False and t.name]
    legend_rows = math.ceil(len(items) / LEGEND_PER_ROW) if fig.layout.showlegend is not False else 0
    top = (
        24 + 22 * (title_lines.count("<br>") + 1) + 17 * (subtitle_lines.count("<br>") + 1) + 24 * legend_rows
    )
    bottom = 64 + extra_bottom + 15 * (note_lines.count("<br>") + 1)
    plot_height = max(height, top + bottom + 160) - top - bottom
    fig.update_layout(
        template="plotly_white",
        title={
            "text": f"<b>{title_lines}</b><br>"
            f"<span style='font-size:12px;color:#555'>{subtitle_lines}</span>",
            "x": 0.98 if rtl else 0.01,
            "xanchor": "right" if rtl else "left",
            "y": 1 - 12 / (top + plot_height + bottom),
            "yanchor": "top",
            "yref": "container",
            "font": {"size": 16},
        },
        font={"family": FONT, "size": 12},
        height=top + plot_height + bottom,
        margin={"t": top, "b": bottom, "l": 60, "r": 20},
        legend={
            "orientation": "h",
            "y": 1.0,
            "yanchor": "bottom",
            "x": 1 if rtl else 0,
            "xanchor": "right" if rtl else "left",
            "entrywidth": 190,
        },
        hoverlabel={"font": {"family": FONT}, "align": "right" if rtl else "left"},
    )
    fig.add_annotation(
        text=note_lines,
        xref="paper",
        yref="paper",
        x=1 if rtl else 0,
        y=-(bottom - 6) / plot_height,
        xanchor="right" if rtl else "left",
        yanchor="bottom",
        align="right" if rtl else "left",
        showarrow=False,
        font={"size": 10, "color": "#555"},
    )
    return fig


def _actor_names(data: Dataset) -> pd.Series:
    """event_id -> 'English / Arabic · English / Arabic …': both names in every hover, whatever the
    labels' language."""
    joined = data.event_actors.merge(data.actors, on="actor_id")
    joined["both"] = joined.name_en + " / " + joined.name_ar
    return joined.groupby("event_id").both.agg(" · ".join)


def _when(ev: pd.Series, lang: str) -> str:
    if not ev.date_start:
        return label("undated", lang)
    span = ev.date_start if ev.date_start == ev.date_end else f"{ev.date_start} – {ev.date_end}"
    return f"{span} ({ev.date_precision}, {ev.date_basis})"


def timeline(
    data: Dataset,
    events: pd.DataFrame,
    title: str,
    subtitle: str,
    name: str,
    lang: str = "en",
    rows: str = "sub_event_type",
) -> Chart:
    """Events on a date axis, one row per sub-type (or per chapter: `rows="chapter"`), coloured by
    Russia–Iran QuadClass. An event dated to a month, season or year is a line over that period with a
    dot at its middle; within a row each QuadClass has its own lane, so colours never hide each other."""
    dated = events.dropna(subset=["start"]).copy()
    if rows == "chapter":
        chapters = data.chapters.sort_values("order")
        titles = dict(zip(chapters.chapter_id, chapters[title_column(lang)], strict=True))
        dated["row"] = [titles[c] for c in dated.chapter]
        order = [titles[c] for c in chapters.chapter_id if c in set(dated.chapter)]
    else:
        dated["row"] = dated.sub_event_type
        order = sorted(set(dated.row))
    position = {row: len(order) - 1 - i for i, row in enumerate(order)}
    dated["actors"] = dated.event_id.map(_actor_names(data)).fillna("")
    fig = go.Figure()
    for lane, quad in enumerate(QUAD_ORDER):
        group = dated[dated.quad_class == quad]
        if group.empty:
            continue
        y = [position[r] + LANE_OFFSETS[lane] for r in group.row]
        hover = [
            f"<b>{escape(ev[title_column(lang)])}</b><br>{escape(ev.event_id)} · {escape(_when(ev, lang))}"
            f"<br>{label('type', lang)}: {escape(ev.sub_event_type)} · {escape(label(quad, lang))}"
            f"<br>{label('actors', lang)}: {escape(ev.actors)}"
            f"<br>{label('paragraph', lang)}: {ev.seed_paragraph}"
            for _, ev in group.iterrows()
        ]
        xs, ys = [], []
        for ev_start, ev_end, ev_y in zip(group.start, group.end + pd.Timedelta(days=1), y, strict=True):
            xs += [ev_start.strftime("%Y-%m-%d"), ev_end.strftime("%Y-%m-%d"), None]
            ys += [ev_y, ev_y, None]
        fig.add_trace(
            go.Scatter(
                name=label(quad, lang),
                x=xs,
                y=ys,
                mode="lines",
                hoverinfo="skip",
                legendgroup=quad,
                line={"color": QUAD_COLOURS[quad], "width": 5},
                opacity=0.55,
                showlegend=False,
            )
        )
        middle = group.start + (group.end + pd.Timedelta(days=1) - group.start) / 2
        fig.add_trace(
            go.Scatter(
                name=label(quad, lang),
                x=middle.dt.strftime("%Y-%m-%d"),
                y=y,
                mode="markers",
                legendgroup=quad,
                marker={"color": QUAD_COLOURS[quad], "size": 9, "line": {"color": "white", "width": 1}},
                hovertext=hover,
                hoverinfo="text",
            )
        )
    fig.update_xaxes(type="date", title=label("date", lang))
    fig.update_yaxes(
        title=None,
        automargin=True,
        range=[-0.6, len(order) - 0.4],
        zeroline=False,
        showgrid=False,
        tickvals=list(range(len(order))),
        ticktext=[wrap(escape(r), 28) for r in order[::-1]],
    )
    note = source_note(list(events.seed_paragraph), lang)
    table = dated[
        [
            "event_id",
            "date_start",
            "date_end",
            "date_precision",
            "sub_event_type",
            "quad_class",
            "title_en",
            "title_ar",
            "seed_paragraph",
        ]
    ]
    height = 260 + 34 * len(order)
    return Chart(
        style(fig, title, subtitle, note, lang, height=height), table.reset_index(drop=True), name, lang
    )


def _padded(values: pd.Series, minimum_pad: float = 2.5) -> list[float]:
    """An axis range around `values` with room for markers and labels, never zoomed in tighter than
    `minimum_pad` degrees each side (the shapes are 1:110m)."""
    low, high = float(values.min()), float(values.max())
    pad = max(minimum_pad, 0.15 * (high - low))
    return [low - pad, high + pad]


def place_map(
    data: Dataset,
    places: pd.DataFrame,
    title: str,
    subtitle: str,
    name: str,
    lang: str = "en",
    paragraphs: list[str] | None = None,
) -> Chart:
    """Events per place as sized markers on a map drawn from the book's own topojson (no tiles, no CDN).
    `places` is `metrics.events_by_place(...)`; unmapped places are listed in the data, not drawn."""
    mapped = places.dropna(subset=["lat", "lon"])
    hover = [
        f"<b>{escape(p.name_en)} / {escape(p.name_ar)}</b><br>{label('events', lang)}: {p.events}"
        f"<br>{escape(p.event_ids)}<br><i>{escape(p.geo_precision)}: {escape(p.coord_source)}</i>"
        for p in mapped.itertuples()
    ]
    fig = go.Figure(
        go.Scattergeo(
            lat=mapped.lat,
            lon=mapped.lon,
            text=[escape(n) for n in mapped[name_column(lang)]],
            mode="markers+text",
            textposition="top center",
            hovertext=hover,
            hoverinfo="text",
            marker={
                "size": [8 + 6 * math.sqrt(n) for n in mapped.events],
                "color": ALIGNMENT_COLOURS["Russia"],
                "opacity": 0.8,
                "line": {"color": "white", "width": 1},
            },
            showlegend=False,
        )
    )
    fig.update_geos(
        scope="world",
        resolution=110,
        showcountries=True,
        countrycolor="#888",
        showland=True,
        landcolor="#f4f1ea",
        showocean=True,
        oceancolor="#e8f1f8",
        showlakes=False,
        projection_type="mercator",
        lataxis_range=_padded(mapped.lat),
        lonaxis_range=_padded(mapped.lon),
    )
    cited = paragraphs if paragraphs is not None else []
    note = source_note(cited, lang, "events.csv, places.csv (coordinates: GeoNames, airportsdata)")
    table = places[
        [
            "place_id",
            "name_en",
            "name_ar",
            "events",
            "event_ids",
            "lat",
            "lon",
            "geo_precision",
            "coord_source",
        ]
    ]
    return Chart(
        style(fig, title, subtitle, note, lang, height=560), table.reset_index(drop=True), name, lang
    )


def bars(
    table: pd.DataFrame,
    x: str,
    y: str,
    colour: str | None,
    title: str,
    subtitle: str,
    name: str,
    note: str,
    lang: str = "en",
    colours: dict[str, str] | None = None,
    orientation: str = "v",
    x_title: str = "",
    y_title: str = "",
    hover: str | None = None,
    error: tuple[str, str] | None = None,
) -> Chart:
    """Bars of `y` by `x`, one trace per value of `colour`; dates on a date axis. `error` names the
    columns of the lowest and highest value a bar can take (drawn as an asymmetric error bar)."""
    fig = go.Figure()
    groups = [("", table)] if colour is None else list(table.groupby(colour, sort=False))
    kind = table[x].dtype
    categorical = not (pd.api.types.is_numeric_dtype(kind) or pd.api.types.is_datetime64_any_dtype(kind))
    label_lines = 1
    # Long category names wrap on a vertical chart instead of rotating.
    width = CATEGORY_WIDTH if orientation == "v" else 10_000

    def to_label(value: object) -> str:
        return wrap(escape(str(value)), width)

    for key, group in groups:
        categories = group[x].map(to_label) if categorical else group[x]
        if categorical:
            label_lines = max(label_lines, *(c.count("<br>") + 1 for c in categories))
        values = {"x": categories, "y": group[y]} if orientation == "v" else {"x": group[y], "y": categories}
        if error is not None:
            values["error_y"] = {
                "type": "data",
                "symmetric": False,
                "color": "#444",
                "array": group[error[1]] - group[y],
                "arrayminus": group[y] - group[error[0]],
            }
        fig.add_trace(
            go.Bar(
                name=escape(label(key, lang) if key in LABELS[lang] else str(key)),
                orientation=orientation,
                marker_color=(colours or {}).get(key, ALIGNMENT_COLOURS["Russia"]),
                hovertext=None if hover is None else [escape(h) for h in group[hover]],
                **values,
            )
        )
    fig.update_layout(barmode="stack", showlegend=colour is not None)
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title=y_title, automargin=True)
    fig.update_xaxes(tickangle=0)
    if categorical:  # categories in the table's order, whichever trace names them first
        order = list(dict.fromkeys(to_label(v) for v in table[x]))
        axis = fig.update_xaxes if orientation == "v" else fig.update_yaxes
        axis(categoryorder="array", categoryarray=order if orientation == "v" else order[::-1])
    return Chart(
        style(
            fig, title, subtitle, note, lang, extra_bottom=15 * (label_lines - 1) if orientation == "v" else 0
        ),
        table.reset_index(drop=True),
        name,
        lang,
    )


def _outward(point: tuple[float, float]) -> str:
    """Label position pointing away from the circle's centre, so labels do not cross the links."""
    x, y = point
    if abs(x) > 0.3:
        return "middle right" if x > 0 else "middle left"
    return "top center" if y > 0 else "bottom center"


def network(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    title: str,
    subtitle: str,
    name: str,
    note: str,
    lang: str = "en",
) -> Chart:
    """Actors on a circle grouped by alignment (deterministic layout), linked when they share events;
    line width grows with the number of shared events."""
    ordered = nodes.reset_index(drop=True)
    angle = {a: 2 * math.pi * i / len(ordered) for i, a in enumerate(ordered.actor_id)}
    pos = {a: (math.cos(t), math.sin(t)) for a, t in angle.items()}
    fig = go.Figure()
    for weight, group in edges.groupby("weight"):
        xs, ys = [], []
        for e in group.itertuples():
            xs += [pos[e.source][0], pos[e.target][0], None]
            ys += [pos[e.source][1], pos[e.target][1], None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                hoverinfo="skip",
                showlegend=False,
                line={"width": 0.5 + 1.2 * weight, "color": "rgba(90,90,90,0.35)"},
            )
        )
    for alignment, group in ordered.groupby("aligned_with", sort=False):
        fig.add_trace(
            go.Scatter(
                x=[pos[a][0] for a in group.actor_id],
                y=[pos[a][1] for a in group.actor_id],
                mode="markers+text",
                name=escape(alignment),
                text=[escape(n) for n in group[name_column(lang)]],
                textposition=[_outward(pos[a]) for a in group.actor_id],
                textfont={"size": 10},
                marker={
                    "size": [7 + 3 * math.sqrt(n) for n in group.events],
                    "color": ALIGNMENT_COLOURS[alignment],
                    "line": {"color": "white", "width": 1},
                },
                hovertext=[
                    f"<b>{escape(r.name_en)} / {escape(r.name_ar)}</b><br>{escape(r.kind)} · "
                    f"{escape(r.aligned_with)}<br>{label('events', lang)}: {r.events}"
                    for r in group.itertuples()
                ],
                hoverinfo="text",
            )
        )
    # Room on both sides for the outward labels; no scale anchor, so the circle fills the column.
    fig.update_xaxes(visible=False, range=[-2.0, 2.0])
    fig.update_yaxes(visible=False, range=[-1.15, 1.15])
    table = edges.merge(nodes[["actor_id", "aligned_with"]], left_on="source", right_on="actor_id")
    table = table.drop(columns="actor_id").rename(columns={"aligned_with": "source_alignment"})
    return Chart(style(fig, title, subtitle, note, lang, height=700), table, name, lang)
