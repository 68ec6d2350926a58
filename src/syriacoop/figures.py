"""Figures and tables for the book, in one style.

Every chart has a title that states a finding, a subtitle with unit and scope, a source note citing
paragraphs, and its plotted data one click away. Labels are human words in the chart's language (`lang`,
"en" or "ar"); text from the data is HTML-escaped before plotly sees it (plotly renders a subset of HTML).
Backgrounds are transparent and the book's theme script recolours text and lines in dark mode
(`book/_static/figure-theme.js`), so a figure follows the page.
"""

from __future__ import annotations

import math
import textwrap
import urllib.parse
from dataclasses import dataclass
from html import escape as _html_escape

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from IPython.display import HTML, display

from . import plotly_plain
from .data import Dataset
from .i18n import EDITION


def escape(text: str) -> str:
    """Escape markup in text from the data; quotes stay as they are (plotly would show the entity)."""
    return _html_escape(text, quote=False)


# Deterministic notebook output: the JSON mime bundle only (no random-id HTML beside it), plain numbers.
pio.renderers.default = plotly_plain.NAME

ARABIC_FONT = "Noto Naskh Arabic"
FONT = f'"Open Sans", verdana, arial, "{ARABIC_FONT}", sans-serif'
INK, MUTED, GRID = "#1f2328", "#57606a", "#d8dee4"

# Okabe–Ito, a colour-blind-safe palette: one colour per stance and per side across the whole book.
STANCE_COLOURS = {"cooperation": "#0072B2", "friction": "#D55E00", "": "#8c959f"}
SIDE_COLOURS = {
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

# Width in characters at which category labels are broken into lines (plotly does not wrap).
CATEGORY_WIDTH = 26
# The plotting width the legend must fit, and the width of one legend character, in pixels.
PLOT_WIDTH_PX, LEGEND_CHAR_PX = 640, 6.6
# Room above a matrix for its column labels (two lines) and axis title.
TOP_AXIS_PX = 64
PHONE_MAP_PX = 330  # a map's drawn width in a 390 px wide phone screen

LABELS = {
    "en": {
        "cooperation": "cooperation",
        "friction": "friction",
        "": "not a Russia–Iran act",
        "acts": "Acts",
        "incidents": "Incidents",
        "source": "Source",
        "source_note": "Grajewski (2021), Arabic translation (Jusoor)",
        "data": "Data",
        "download": "Download the plotted data (CSV)",
        "stated date": "date stated in the brief",
        "inferred date": "date inferred from the text",
        "open": "open-ended",
        "by": "known only as before this date",
        "comma": ", ",
        "year": "Year",
        "undated": "undated",
        "initiator side": "Side that acted",
        "target side": "Side acted upon",
        "sentence": "Source sentence",
        "certainty": "How the brief presents it",
        "reading": "Reading of the data",
        "value": "Value",
        "claim holds": "Claim holds",
        "yes": "yes",
        "no": "no",
        "none": "none",
        "as coded": "as coded",
        "acts stated without hedge": "acts stated without hedge",
        "inferred dates dropped": "inferred dates dropped",
        "blind second coding": "blind second coding",
        # a matrix cell's hover: row acts on column
        "acts on": "%{y} → %{x}: %{z}",
    },
    "ar": {
        "cooperation": "تعاون",
        "friction": "احتكاك",
        "": "ليس فعلًا روسيًا إيرانيًا",
        "acts": "الأفعال",
        "incidents": "الحوادث",
        "source": "المصدر",
        "source_note": "غراجيفسكي (2021)، ترجمات جسور",
        "data": "البيانات",
        "download": "تنزيل البيانات المرسومة (CSV)",
        "stated date": "تاريخ يذكره التقرير",
        "inferred date": "تاريخ مستنتج من النص",
        "open": "مفتوح النهاية",
        "by": "لا يُعرف عنه إلا أنه سبق هذا التاريخ",
        "comma": "، ",
        "year": "السنة",
        "undated": "غير مؤرخ",
        "initiator side": "الطرف الفاعل",
        "target side": "الطرف المفعول به",
        "sentence": "جملة المصدر",
        "certainty": "كيف يقدمه التقرير",
        "reading": "قراءة البيانات",
        "value": "القيمة",
        "claim holds": "هل يصحّ الحكم",
        "yes": "نعم",
        "no": "لا",
        "none": "لا شيء",
        "as coded": "كما رُمِّزت",
        "acts stated without hedge": "الأفعال المذكورة دون تحفّظ",
        "inferred dates dropped": "من دون التواريخ المستنتجة",
        "blind second coding": "الترميز الثاني المستقل",
        # an arrow is not mirrored in right-to-left text: it would point from the column to the row
        "acts on": "%{y} تجاه %{x}: %{z}",
    },
}


def label(key: str, lang: str) -> str:
    return LABELS[lang][key]


def name_column(lang: str) -> str:
    return "name_ar" if lang == "ar" else "name_en"


def title_column(lang: str) -> str:
    return "title_ar" if lang == "ar" else "title_en"


def chapter_titles(data: Dataset, lang: str = EDITION) -> dict[str, str]:
    """Chapter id -> its title, in report order."""
    chapters = data.chapters.sort_values("order")
    return dict(zip(chapters.chapter_id, chapters[title_column(lang)], strict=True))


@dataclass
class Chart:
    """A figure with its title (the finding), subtitle (unit and scope), source note and plotted data.
    `show()` displays the title and subtitle as HTML above the figure and the note and a CSV download
    of the data below it: text that reflows at any width, with the figure responsive between them."""

    fig: go.Figure
    data: pd.DataFrame
    name: str
    lang: str
    title: str
    subtitle: str
    note: str

    def show(self) -> None:
        direction = ' dir="rtl"' if self.lang == "ar" else ""
        display(
            HTML(
                f'<div class="chart-head"{direction}><p class="chart-title" role="heading" aria-level="3">'
                f'{escape(self.title)}</p><p class="chart-subtitle">{escape(self.subtitle)}</p></div>'
            )
        )
        self.fig.show()
        display(
            HTML(
                f'<div class="chart-foot"{direction}><p class="chart-note">{escape(self.note)}</p>'
                f"{data_link(self.data, self.name, self.lang)}</div>"
            )
        )


def data_link(frame: pd.DataFrame, name: str, lang: str = EDITION) -> str:
    """An HTML link that downloads `frame` as CSV, carried in the page itself (works offline)."""
    csv = frame.to_csv(index=False, lineterminator="\n")
    # Commas left as they are keep the rows readable in a notebook diff.
    href = "data:text/csv;charset=utf-8," + urllib.parse.quote(csv, safe=",")
    return (
        f'<p class="figure-data"><a download="{escape(name)}.csv" href="{href}">'
        f"{escape(label('download', lang))}: {escape(name)}.csv</a></p>"
    )


def paragraph_ranges(paragraphs: list[str], lang: str = EDITION) -> str:
    """`['p08', 'p09', 'p10', 'p13']` -> `'p08–p10, p13'` (with the edition's comma)."""
    numbers = sorted({int(p[1:3]) for p in paragraphs})
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    ranges = (f"p{r[0]:02d}" if len(r) == 1 else f"p{r[0]:02d}–p{r[-1]:02d}" for r in runs)
    return label("comma", lang).join(ranges)


def source_note(paragraphs: list[str], lang: str, extra: str = "") -> str:
    """'Source: the brief, ¶ p05–p08.' plus any note about outside context (coordinates, outlines)."""
    cited = paragraph_ranges(paragraphs, lang) if paragraphs else ""
    place = f"{label('comma', lang)}¶ {cited}" if cited else ""
    text = f"{label('source', lang)}: {label('source_note', lang)}{place}."
    return text + (f" {extra}" if extra else "")


def wrap(text: str, width: int) -> str:
    """Break plain text into lines of at most `width` characters with <br> (plotly does not wrap)."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def style(fig: go.Figure, lang: str, height: int = 360, legend: bool = True, extra_top: int = 0) -> go.Figure:
    """House style for the plot itself: transparent background, the book's fonts and grid, the legend
    above the plot. The title, subtitle and source note are not drawn by plotly but set as HTML around
    the figure (`Chart.show`), so they reflow at any width, from the book's column to a phone."""
    rtl = lang == "ar"
    entries = [t for t in fig.data if t.showlegend is not False and t.name] if legend else []
    # A horizontal legend wraps when its entries do not fit the column: reserve a line per row.
    widest = max((len(t.name) for t in entries), default=0)
    per_row = max(1, int(PLOT_WIDTH_PX // (LEGEND_CHAR_PX * widest + 50))) if entries else 1
    legend_height = 22 * math.ceil(len(entries) / per_row) + 6 if entries else 0
    top = 10 + legend_height + extra_top
    fig.update_layout(
        template="plotly_white",
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        font={"family": FONT, "size": 12, "color": INK},
        height=height + top,
        margin={"t": top, "b": 40, "l": 10, "r": 10, "autoexpand": True},
        showlegend=bool(entries),
        legend={
            "orientation": "h",
            "y": 1.0,
            "yanchor": "bottom",
            "x": 1 if rtl else 0,
            "xanchor": "right" if rtl else "left",
            "font": {"color": INK},
            "bgcolor": "rgba(0,0,0,0)",
        },
        hoverlabel={"font": {"family": FONT}, "align": "right" if rtl else "left"},
        meta={"book_theme": True},
    )
    fig.update_xaxes(gridcolor=GRID, linecolor=GRID, zerolinecolor=GRID, automargin=True)
    fig.update_yaxes(gridcolor=GRID, linecolor=GRID, zerolinecolor=GRID, automargin=True)
    # The Arabic edition mirrors every chart, as it mirrors its pages: categories stand on the right,
    # bars grow and time runs from right to left, so a chart begins where an Arabic reader's eye begins.
    # Arabic newspapers' graphics often keep Western axes, which their charting software imposes; on a
    # mirrored page that makes the eye change direction at every chart.
    if rtl:
        for axis in fig.select_xaxes():
            if axis.range is None:
                axis.autorange = "reversed"
            else:  # an axis given its span keeps it, from right to left
                axis.range = tuple(reversed(axis.range))
        fig.update_yaxes(side="right")
    return fig


def stance_bars(
    table: pd.DataFrame,
    categories: dict[str, str],
    title: str,
    subtitle: str,
    note: str,
    name: str,
    lang: str = EDITION,
) -> Chart:
    """Cooperation and friction side by side per category (rows in `categories` order), each bar
    labelled with its count. `table` has a `cooperation` and a `friction` column indexed by category."""
    rows = [c for c in categories if c in table.index]
    labels = [wrap(escape(categories[c]), CATEGORY_WIDTH) for c in rows]
    fig = go.Figure()
    # Plotly stacks a horizontal group from the bottom: add friction first so cooperation is on top,
    # and reverse the legend so it reads cooperation, friction.
    for column in ("friction", "cooperation"):
        values = [int(table.loc[c, column]) for c in rows]
        fig.add_trace(
            go.Bar(
                name=label(column, lang),
                y=labels,
                x=values,
                orientation="h",
                marker_color=STANCE_COLOURS[column],
                text=[str(v) if v else "" for v in values],
                textposition="outside",
                textfont={"size": 12},
                cliponaxis=False,
                hovertemplate="%{y}: %{x}<extra>" + label(column, lang) + "</extra>",
            )
        )
    fig.update_layout(barmode="group", bargap=0.3, bargroupgap=0.05, legend_traceorder="reversed")
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], showgrid=False)
    fig.update_xaxes(showgrid=True, rangemode="tozero", dtick=2, fixedrange=True)
    line_count = sum(lbl.count("<br>") + 1 for lbl in labels)
    data = table.loc[rows].reset_index().rename(columns={table.index.name or "index": "category"})
    height = 60 + 34 * len(rows) + 8 * line_count
    return Chart(style(fig, lang, height=height), data, name, lang, title, subtitle, note)


def _middle_of_month(days: pd.Series) -> pd.Series:
    start = days.dt.to_period("M").dt.start_time
    return start + (start + pd.offsets.MonthBegin(1) - start) / 2


def timeline(
    events: pd.DataFrame,
    rows: pd.Series,
    row_order: list[str],
    title: str,
    subtitle: str,
    note: str,
    name: str,
    lang: str = EDITION,
) -> Chart:
    """Dated acts on a time axis, one row per `rows` label (in `row_order`, top first), coloured by
    stance. A filled marker is a date the brief states; a hollow one a date inferred from its words. An
    act dated to a month, season or year is a line over that period; an open-ended one ends in an arrow
    at the right edge; one known only by an end ("by January 2015") is a left-pointing marker in the
    middle of that month, where an act dated to that month sits: "before the January 2015 meeting"."""
    dated = events[events.start.notna() | events.end.notna()].copy()
    dated["row"] = rows.reindex(dated.index)
    dated["stance"] = dated.quad_class.map(
        {"verbal cooperation": "cooperation", "material cooperation": "cooperation"}
    ).fillna(dated.quad_class.map({"verbal conflict": "friction", "material conflict": "friction"}))
    dated["stance"] = dated.stance.fillna("")
    position = {r: len(row_order) - 1 - i for i, r in enumerate(row_order)}
    first = min(dated.start.min(), dated.end.min())
    last = max(dated.end.max(), dated.start.max())
    axis_start = pd.Timestamp(year=first.year, month=1, day=1)
    if dated.start.isna().any():  # room left of the first date for the "known only as before" markers
        axis_start -= pd.DateOffset(months=2)
    axis_end = pd.Timestamp(year=last.year + 1, month=1, day=1)
    short = (axis_end - axis_start).days <= 3 * 366
    fig = go.Figure()
    for (stance, basis), group in dated.groupby(["stance", "date_basis"], sort=True):
        colour = STANCE_COLOURS[stance]
        spans = group[group.start.notna()]
        starts = spans.start
        ends = spans.end.fillna(axis_end) + pd.Timedelta(days=1)
        xs, ys = [], []
        for s, e, r in zip(starts, ends, spans.row, strict=True):
            xs += [s.strftime("%Y-%m-%d"), e.strftime("%Y-%m-%d"), None]
            ys += [position[r], position[r], None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                hoverinfo="skip",
                showlegend=False,
                line={"color": colour, "width": 4},
                opacity=0.45,
            )
        )
        stated = basis == "stated"
        basis_words = label("stated date" if stated else "inferred date", lang)
        entry = f"{label(stance, lang)}{label('comma', lang)}{basis_words}"
        middle = starts + (ends - starts) / 2
        fig.add_trace(
            go.Scatter(
                name=entry,
                legendgroup=entry,
                x=middle.dt.strftime("%Y-%m-%d"),
                y=[position[r] for r in spans.row],
                mode="markers",
                marker=_marker("circle", 11, colour, filled=stated),
                hovertext=_hovers(spans, lang),
                hoverinfo="text",
            )
        )
        # Known only by an end ("by January 2015"): a left-pointing marker at that end, no line.
        before = group[group.start.isna()]
        if not before.empty:
            fig.add_trace(
                go.Scatter(
                    name=f"{entry}<br>({label('by', lang)})",  # two lines: one is too wide for a phone
                    x=_middle_of_month(before.end).dt.strftime("%Y-%m-%d"),
                    y=[position[r] for r in before.row],
                    mode="markers",
                    # points to earlier dates: leftwards, or rightwards on a mirrored Arabic chart
                    marker=_marker("triangle-right" if lang == "ar" else "triangle-left", 12, colour, stated),
                    hovertext=_hovers(before, lang),
                    hoverinfo="text",
                )
            )
        open_ended = spans[spans.end.isna()]
        if not open_ended.empty:
            fig.add_trace(
                go.Scatter(
                    x=[axis_end.strftime("%Y-%m-%d")] * len(open_ended),
                    y=[position[r] for r in open_ended.row],
                    mode="markers",
                    marker={"symbol": "triangle-right", "size": 10, "color": colour},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
    fig.update_xaxes(
        type="date",
        range=[axis_start, axis_end],
        showgrid=True,
        **(
            {"dtick": "M3", "tickformat": "%b\n%Y"}
            if short
            else {"dtick": "M12", "tickformat": "%Y", "ticklabelmode": "period"}
        ),
    )
    fig.update_yaxes(
        range=[-0.6, len(row_order) - 0.4],
        tickvals=list(range(len(row_order))),
        ticktext=[wrap(escape(r), CATEGORY_WIDTH) for r in row_order[::-1]],
        showgrid=False,
        zeroline=False,
        fixedrange=True,
    )
    table = dated[
        [
            "event_id",
            "row",
            "date_start",
            "date_end",
            "date_precision",
            "date_basis",
            "stance",
            "title_en",
            "title_ar",
            "source_ref",
        ]
    ]
    height = 90 + 40 * len(row_order)
    return Chart(
        style(fig, lang, height=height), table.reset_index(drop=True), name, lang, title, subtitle, note
    )


def _marker(symbol: str, size: int, colour: str, filled: bool) -> dict:
    """A timeline marker: filled for a date the brief states, hollow for one inferred from its words."""
    return {
        "symbol": symbol,
        "size": size,
        "color": colour if filled else "rgba(0,0,0,0)",
        "line": {"color": colour, "width": 2},
    }


def _hovers(rows: pd.DataFrame, lang: str) -> list[str]:
    return [
        f"<b>{escape(ev[title_column(lang)])}</b><br>{escape(when(ev, lang))}"
        f"<br>{label('sentence', lang)}: {escape(ev.source_ref)}"
        for _, ev in rows.iterrows()
    ]


def matrix(
    table: pd.DataFrame,
    row_labels: dict[str, str],
    column_labels: dict[str, str],
    title: str,
    subtitle: str,
    note: str,
    name: str,
    lang: str = EDITION,
    highlight: tuple[str, str] | None = None,
) -> Chart:
    """A count matrix as a heatmap with the counts written in; empty cells stay blank. `highlight`
    outlines one (row, column) cell, and its mirror, which the title is about."""
    rows = [r for r in row_labels if r in table.index]
    columns = [c for c in column_labels if c in table.columns]
    values = table.reindex(index=rows, columns=columns, fill_value=0)
    x = [escape(column_labels[c]) for c in columns]  # one line each, slanted: see `narrow` below
    y = [wrap(escape(row_labels[r]), 18) for r in rows]
    text = [[str(v) if v else "" for v in row] for row in values.to_numpy()]
    fig = go.Figure(
        go.Heatmap(
            z=values.to_numpy(),
            x=x,
            y=y,
            text=text,
            texttemplate="%{text}",
            colorscale=[[0, "rgba(0,114,178,0.04)"], [1, "rgba(0,114,178,0.85)"]],
            showscale=False,
            hovertemplate=label("acts on", lang) + "<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    if highlight is not None:
        for r, c in dict.fromkeys([highlight, highlight[::-1]]):
            if r in rows and c in columns:
                i, j = rows.index(r), columns.index(c)
                fig.add_shape(
                    type="rect",
                    x0=j - 0.5,
                    x1=j + 0.5,
                    y0=i - 0.5,
                    y1=i + 0.5,
                    line={"color": STANCE_COLOURS["friction"], "width": 2},
                )
    fig.update_yaxes(
        autorange="reversed", showgrid=False, title=label("initiator side", lang), fixedrange=True
    )
    fig.update_xaxes(
        side="top", tickangle=-45, showgrid=False, title=label("target side", lang), fixedrange=True
    )
    height = 90 + 46 * len(rows)
    data = values.reset_index()
    styled = style(fig, lang, height=height, legend=False, extra_top=TOP_AXIS_PX)
    # On a phone a column is ~25 px wide: upright names stay apart where slanted ones touch (figures.js).
    styled.update_layout(meta={**styled.layout.meta, "narrow": {"xaxis.tickangle": -90}})
    return Chart(styled, data, name, lang, title, subtitle, note)


Box = tuple[float, float, float, float]  # west, south, east, north, in degrees


def _clear(box: Box, boxes: list[Box]) -> bool:
    return all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in boxes)


def _label_positions(
    lats: list[float],
    lons: list[float],
    texts: list[str],
    span: tuple[float, float],
    size: tuple[int, int],
) -> tuple[list[str], list[Box]]:
    """A text position per marker that keeps labels off each other and off the markers: each label
    takes the first of eight places around its marker whose box, measured in degrees from the map's
    span and pixel size, meets no box already placed. Returns the positions and every box placed
    (markers and labels), so that other text can keep off them."""
    lon_per_px, lat_per_px = span[0] / size[0], span[1] / size[1]
    char_w, line_h = 7.0 * lon_per_px, 16.0 * lat_per_px
    offsets = {
        "top center": (0.0, 1.0),
        "bottom center": (0.0, -1.0),
        "middle right": (1.0, 0.0),
        "middle left": (-1.0, 0.0),
        "top right": (1.0, 1.0),
        "top left": (-1.0, 1.0),
        "bottom right": (1.0, -1.0),
        "bottom left": (-1.0, -1.0),
    }
    boxes = [
        (lon - 6 * lon_per_px, lat - 6 * lat_per_px, lon + 6 * lon_per_px, lat + 6 * lat_per_px)
        for lat, lon in zip(lats, lons, strict=True)
    ]

    chosen = []
    for lat, lon, text in zip(lats, lons, texts, strict=True):
        w, h = char_w * len(text), line_h
        candidates = []
        for position, (dx, dy) in offsets.items():
            cx = lon + dx * (w / 2 + 8 * lon_per_px)
            cy = lat + dy * (h / 2 + 8 * lat_per_px)
            candidates.append((position, (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)))
        # The first place that meets nothing; if every place is taken, the first one.
        position, box = next((c for c in candidates if _clear(c[1], boxes)), candidates[0])
        boxes.append(box)
        chosen.append(position)
    return chosen, boxes


COUNTRY_NAMES = {  # outside context: the countries the maps show, labelled near Natural Earth's centroid
    "SYR": ("Syria", "سورية"),
    "IRQ": ("Iraq", "العراق"),
    "IRN": ("Iran", "إيران"),
    "TUR": ("Turkey", "تركيا"),
    "JOR": ("Jordan", "الأردن"),
    "LBN": ("Lebanon", "لبنان"),
    "ISR": ("Israel", "إسرائيل"),
    "SAU": ("Saudi Arabia", "السعودية"),
}


# Where a country name may go, as shares of the map's span from the country's centroid, nearest first.
COUNTRY_NAME_SHIFTS = [(0, 0), (0, -0.08), (-0.1, 0), (0, 0.08), (0.1, 0), (-0.1, -0.08), (0.1, -0.08)]


def place_map(
    places: pd.DataFrame,
    title: str,
    subtitle: str,
    note: str,
    name: str,
    lang: str = EDITION,
    lon_range: tuple[float, float] = (34.5, 49.5),
    lat_range: tuple[float, float] = (30.5, 38.5),
    centroids: dict[str, tuple[float, float]] | None = None,
) -> Chart:
    """Places as markers sized by their acts, on the book's own Natural Earth shapes at 1:50m (no tiles,
    no CDN), with country names, borders, coastlines and rivers (the Euphrates among them), and labels
    that avoid each other. `places` is `metrics.events_by_place(...)`; places without coordinates are
    listed in the data, not drawn. `centroids` maps ISO3 codes to the (lon, lat) of their label."""
    mapped = places.dropna(subset=["lat", "lon"]).reset_index(drop=True)
    width, height = 640, 460
    span = (lon_range[1] - lon_range[0], lat_range[1] - lat_range[0])
    # Labels keep their pixel size as the map shrinks, so they are placed for the narrowest map the
    # book shows (a phone): apart there, they are apart at every width.
    pixels = (PHONE_MAP_PX, PHONE_MAP_PX * height / width)
    names = [str(n) for n in mapped[name_column(lang)]]
    positions, placed = _label_positions(list(mapped.lat), list(mapped.lon), names, span, pixels)
    margin = 0.12 * span[0]  # a country name this close to the frame would be clipped
    country_text = {
        code: COUNTRY_NAMES[code][0].upper() if lang == "en" else COUNTRY_NAMES[code][1]
        for code in centroids or {}
        if code in COUNTRY_NAMES
    }
    # A country name is context: it goes at the country's centroid or, if a place or its label is there,
    # at the first clear point nearby; with none clear, the name is left out.
    countries = {}
    for code, (lon0, lat0) in (centroids or {}).items():
        half_w = 3.5 * len(country_text.get(code, "")) * span[0] / pixels[0]
        half_h = 7 * span[1] / pixels[1]
        for dx, dy in COUNTRY_NAME_SHIFTS:
            lon, lat = lon0 + dx * span[0], lat0 + dy * span[1]
            box = (lon - half_w, lat - half_h, lon + half_w, lat + half_h)
            inside = (
                lon_range[0] + margin < lon < lon_range[1] - margin
                and lat_range[0] + 0.08 * span[1] < lat < lat_range[1] - 0.08 * span[1]
            )
            if code in country_text and inside and _clear(box, placed):
                countries[code] = (lon, lat)
                placed.append(box)
                break
    fig = go.Figure()
    for code, (lon, lat) in countries.items():
        fig.add_trace(
            go.Scattergeo(
                lon=[lon],
                lat=[lat],
                mode="text",
                text=[country_text[code]],
                textfont={"size": 11, "color": MUTED},
                hoverinfo="skip",
                showlegend=False,
                name="country name",
            )
        )
    # the English edition gives the source's Arabic name beside the English one; the Arabic edition
    # gives the Arabic name alone
    names_in_hover = [
        p.name_ar if lang == "ar" else f"{p.name_en} / {p.name_ar}" for p in mapped.itertuples()
    ]
    hover = [
        f"<b>{escape(name)}</b><br>{label('acts', lang)}: {p.events}"
        for name, p in zip(names_in_hover, mapped.itertuples(), strict=True)
    ]
    fig.add_trace(
        go.Scattergeo(
            lat=mapped.lat,
            lon=mapped.lon,
            text=[escape(n) for n in names],
            mode="markers+text",
            textposition=positions,
            textfont={"size": 12, "color": INK},
            hovertext=hover,
            hoverinfo="text",
            marker={
                "size": [7 + 5 * math.sqrt(n) for n in mapped.events],
                "color": STANCE_COLOURS["cooperation"],
                "opacity": 0.85,
                "line": {"color": "white", "width": 1},
            },
            showlegend=False,
            name="places",
        )
    )
    fig.update_geos(
        scope="asia",
        resolution=50,
        projection_type="mercator",
        lonaxis_range=list(lon_range),
        lataxis_range=list(lat_range),
        showcountries=True,
        countrycolor="#8c959f",
        countrywidth=1,
        showcoastlines=True,
        coastlinecolor="#8c959f",
        showland=True,
        landcolor="rgba(140,149,159,0.10)",
        showocean=True,
        oceancolor="rgba(86,180,233,0.12)",
        showlakes=True,
        lakecolor="rgba(86,180,233,0.25)",
        showrivers=True,
        rivercolor="rgba(0,114,178,0.6)",
        riverwidth=1.5,
        showframe=False,
        bgcolor="rgba(0,0,0,0)",
    )
    data = mapped[
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
    return Chart(style(fig, lang, height=height, legend=False), data, name, lang, title, subtitle, note)


def html_table(
    frame: pd.DataFrame, headers: dict[str, str], caption: str = "", rtl_columns: tuple = ()
) -> HTML:
    """A small table with human headers, every cell escaped; columns in `rtl_columns` are set right to
    left in Arabic."""
    head = "".join(f"<th>{escape(headers[c])}</th>" for c in headers)
    body = []
    for row in frame[list(headers)].itertuples(index=False):
        cells = []
        for column, value in zip(headers, row, strict=True):
            text = (
                ""
                if value is None or (isinstance(value, float) and math.isnan(value))
                else escape(str(value))
            )
            attrs = ' dir="rtl" lang="ar"' if column in rtl_columns else ""
            cells.append(f"<td{attrs}>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return HTML(
        f'<div class="table-scroll"><table class="table book-table">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "ar": [
        "كانون الثاني/ يناير",
        "شباط/ فبراير",
        "آذار/ مارس",
        "نيسان/ أبريل",
        "أيار/ مايو",
        "حزيران/ يونيو",
        "تموز/ يوليو",
        "آب/ أغسطس",
        "أيلول/ سبتمبر",
        "تشرين الأول/ أكتوبر",
        "تشرين الثاني/ نوفمبر",
        "كانون الأول/ ديسمبر",
    ],
}
# A season row gives its first month as start and its last as end; either names the season.
SEASONS = {
    "en": {
        3: "spring",
        5: "spring",
        6: "summer",
        8: "summer",
        9: "autumn",
        11: "autumn",
        12: "winter",
        2: "winter",
    },
    "ar": {3: "ربيع", 5: "ربيع", 6: "صيف", 8: "صيف", 9: "خريف", 11: "خريف", 12: "شتاء", 2: "شتاء"},
}
WHEN_WORDS = {
    "en": {"undated": "undated", "from": "from {}", "by": "by {}", "inferred": "{} (inferred)"},
    "ar": {"undated": "غير مؤرخ", "from": "ابتداءً من {}", "by": "بحلول {}", "inferred": "{} (مستنتج)"},
}


def date_words(value: str, precision: str, lang: str) -> str:
    """An ISO date of the given precision in words, months as the source names them in Arabic."""
    year = value[:4]
    if precision == "year":
        return year
    month = int(value[5:7])
    if precision == "season":
        return f"{SEASONS[lang][month]} {year}"
    if precision == "month":
        return f"{MONTHS[lang][month - 1]} {year}"
    return f"{int(value[8:10])} {MONTHS[lang][month - 1]} {year}"


def when(ev: object, lang: str = EDITION, mark_inferred: bool = False) -> str:
    """A row's date in words, as precise as the source and no more: «24–26 July 2015», «spring–summer
    2018», «from 2018» (open), «by January 2015» (only an end), «undated»; with `mark_inferred`, a date
    the data infers rather than the brief states says so: «August–September 2016 (inferred)»."""
    words = _when_words(ev, lang)
    if mark_inferred and ev.date_basis == "inferred":
        return WHEN_WORDS[lang]["inferred"].format(words)
    return words


def _when_words(ev: object, lang: str) -> str:
    start, end, precision = ev.date_start, ev.date_end, ev.date_precision
    words = WHEN_WORDS[lang]
    if not start and not end:
        return words["undated"]
    if not end:
        return words["from"].format(date_words(start, precision, lang))
    if not start:
        return words["by"].format(date_words(end, precision, lang))
    first, last = date_words(start, precision, lang), date_words(end, precision, lang)
    if first == last:
        return first
    if start[:4] == end[:4] and precision != "year":  # «January–February 2015», «24–26 July 2015»
        shared = f" {start[:4]}"
        head, tail = first.removesuffix(shared), last.removesuffix(shared)
        if precision == "day" and start[:7] == end[:7]:
            month = f" {MONTHS[lang][int(start[5:7]) - 1]}"
            return f"{head.removesuffix(month)}–{tail}{shared}"
        return f"{head}–{tail}{shared}"
    return f"{first}–{last}"


def robustness_table(check: pd.DataFrame, caption: str, lang: str = EDITION) -> HTML:
    """A `metrics.sensitivity` table under human headers: each reading, its value, and whether the
    claim holds there."""
    frame = check.assign(
        variant=check.variant.map(lambda v: label(v, lang)),
        value=check.value.map(lambda v: _readable(v, lang)),
        holds=check["claim holds"].map({True: label("yes", lang), False: label("no", lang)}),
    )
    headers = {"variant": "reading", "value": "value", "holds": "claim holds"}
    headers = {column: label(key, lang) for column, key in headers.items()}
    return html_table(frame, headers, caption)


def _readable(value: object, lang: str) -> str:
    """A statistic as words: `{'Iran': 4, 'Russia': 2}` -> `Iran 4, Russia 2` (sides named in `lang`)."""
    comma = label("comma", lang)
    if isinstance(value, dict):
        return comma.join(f"{side_name(str(k), lang)} {v}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return comma.join(map(str, value)) or label("none", lang)
    return str(value)


CERTAINTY_WORDS = {
    "en": {
        "stated": "stated",
        "reported": "reported by others",
        "apparent": "apparently",
        "unconfirmed": "not confirmed",
        "intended": "sought or aimed at",
    },
    "ar": {
        "stated": "مذكور",
        "reported": "منقول",
        "apparent": "بادٍ",
        "unconfirmed": "غير مؤكَّد",
        "intended": "مقصود",
    },
}


def side_by_side(left: list[str], right: list[str]) -> pd.DataFrame:
    """Two lists as the two columns of a table, the shorter padded with blanks."""
    rows = max(len(left), len(right))
    return pd.DataFrame(
        {"left": left + [""] * (rows - len(left)), "right": right + [""] * (rows - len(right))}
    )


SIDES_WITH_ARTICLE = {"Syrian government", "Syrian opposition", "United States"}
# The sides (`actors.aligned_with`) in Arabic, as the source names them.
SIDE_NAMES_AR = {
    "Iran": "إيران",
    "Russia": "روسيا",
    "Syrian government": "الحكومة السورية",
    "Syrian opposition": "المعارضة السورية",
    "ISIS": "تنظيم داعش",
    "UN": "الأمم المتحدة",
    "Iraq": "العراق",
    "Israel": "إسرائيل",
    "Jordan": "الأردن",
    "Turkey": "تركيا",
    "US": "الولايات المتحدة",
    "not named": "غير مسمّى",
}


def side_name(side: str, lang: str = EDITION) -> str:
    """A side in `lang`; any other word (a notebook's own key) is left as it is."""
    return SIDE_NAMES_AR.get(side, side) if lang == "ar" else side


def listing(joined: str, lang: str = EDITION) -> str:
    """'Iran & Iraq & Russia' (as `metrics.sides` joins them) -> 'Iran, Iraq and Russia'."""
    parts = [side_name(p, lang) for p in joined.split(" & ")]
    if lang == "en" and len(parts) > 1:  # in a list of sides: "Iran, Russia and the Syrian government"
        parts = [f"the {p}" if p in SIDES_WITH_ARTICLE else p for p in parts]
    if lang == "ar":  # Arabic joins every item with «و»: «إيران وروسيا وتركيا»
        return " و".join(parts)
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
