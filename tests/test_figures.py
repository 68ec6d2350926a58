"""Figures, the plotly mime renderer and the appendix HTML: escaping, language, determinism."""

from __future__ import annotations

import dataclasses
import json
import re

import pandas as pd

from syriacoop import data, figures, geo, metrics, pages, plotly_plain
from syriacoop.plotly_mime import PLOTLY_MIME, PlotlyMimeRenderer, figure_html

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _with_markup() -> data.Dataset:
    ds = data.load()
    events = ds.events.copy()
    events.loc[events.event_id == "runup-02", "title_en"] = MARKUP
    actors = ds.actors.copy()
    actors.loc[actors.actor_id == "velayati", "name_en"] = MARKUP
    return dataclasses.replace(ds, events=events, actors=actors)


def _runup_timeline(ds: data.Dataset, lang: str = "en") -> figures.Chart:
    ri = metrics.with_sides(ds, metrics.russia_iran(ds.events[ds.events.chapter == "runup"]))
    return figures.timeline(
        ri,
        ri.initiator_side,
        sorted(set(ri.initiator_side)),
        "A finding",
        "Unit and scope",
        "Source: x.",
        "runup",
        lang,
    )


def test_markup_in_data_reaches_plotly_escaped():
    chart = _runup_timeline(_with_markup())
    hover = json.dumps([t.hovertext for t in chart.fig.data if t.hovertext is not None], ensure_ascii=False)
    assert "<script>" not in hover and "<img" not in hover
    assert "&lt;script&gt;" in hover and "&lt;img src=x onerror=alert(1)&gt;" in hover


def test_markup_in_data_is_escaped_in_the_book_tables():
    ds = _with_markup()
    html = pages.event_register_html(ds, "../../") + pages.glossary_html(ds)
    assert "<script>" not in html and "&lt;script&gt;" in html
    table = figures.html_table(ds.events.head(3), {"title_en": "Act"}).data
    assert "<script>" in MARKUP and "&lt;script&gt;" in table and "<script>" not in table


def test_data_link_carries_the_csv_escaped():
    frame = pd.DataFrame({"title": [MARKUP], "n": [3]})
    link = figures.data_link(frame, 'x"><b>name')
    assert link.count("<a ") == 1 and "<script" not in link and "<b>" not in link
    assert "%3Cscript%3E" in link  # the CSV itself is percent-encoded in the data: URL


def _shown(chart: figures.Chart, monkeypatch) -> list[str]:
    """What `chart.show()` displays, in order: HTML strings, and "figure" where the figure goes."""
    shown: list[str] = []
    monkeypatch.setattr(figures, "display", lambda html: shown.append(html.data))
    monkeypatch.setattr(chart.fig, "show", lambda: shown.append("figure"), raising=False)
    chart.show()
    return shown


def test_a_chart_shows_its_finding_subtitle_and_source_as_html_around_the_figure(monkeypatch):
    chart = _runup_timeline(data.load())
    head, figure, foot = _shown(chart, monkeypatch)
    assert figure == "figure"
    assert 'class="chart-title"' in head and "A finding" in head and "Unit and scope" in head
    assert 'class="chart-note">Source: x.' in foot and 'class="figure-data"' in foot
    assert not chart.fig.layout.title.text  # the title reflows as HTML, it is not drawn by plotly


def test_timeline_marks_inferred_dates_hollow_and_stated_ones_filled():
    chart = _runup_timeline(data.load())
    markers = {t.name: t.marker.color for t in chart.fig.data if t.mode == "markers" and t.name}
    assert markers["cooperation, date stated in the brief"] == figures.STANCE_COLOURS["cooperation"]
    assert markers["cooperation, date inferred from the text"] == "rgba(0,0,0,0)"
    assert chart.fig.layout.xaxis.type == "date"


def test_arabic_labels_are_a_parameter(monkeypatch):
    ds = data.load()
    arabic = _runup_timeline(ds, "ar")
    assert {t.name.split("،")[0] for t in arabic.fig.data if t.name} >= {"تعاون"}
    assert arabic.fig.layout.legend.xanchor == "right"
    assert figures.ARABIC_FONT in arabic.fig.layout.font.family
    assert 'dir="rtl"' in _shown(arabic, monkeypatch)[0]
    text = json.dumps(json.loads(arabic.fig.to_json()), ensure_ascii=False)
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text)  # logical-order Unicode, never reshaped


def test_dates_in_words_are_as_precise_as_the_source():
    row = lambda start, end, precision: pd.Series(  # noqa: E731
        {"date_start": start, "date_end": end, "date_precision": precision}
    )
    assert figures.when(row("2015-07-24", "2015-07-26", "day")) == "24–26 July 2015"
    assert figures.when(row("2015-01", "2015-02", "month")) == "January–February 2015"
    assert figures.when(row("2018-03", "2018-08", "season")) == "spring–summer 2018"
    assert figures.when(row("2016-12", "2017-01", "month")) == "December 2016–January 2017"
    assert figures.when(row("2018", "", "year")) == "from 2018"
    assert figures.when(row("", "2015-01", "month")) == "by January 2015"
    assert figures.when(row("", "", "")) == "undated"
    assert figures.when(row("2021-03", "2021-05", "season"), "ar") == "ربيع 2021"


def test_an_inferred_date_can_say_so():
    inferred = pd.Series(
        {"date_start": "2016-08", "date_end": "2016-09", "date_precision": "month", "date_basis": "inferred"}
    )
    assert figures.when(inferred) == "August–September 2016"
    assert figures.when(inferred, mark_inferred=True) == "August–September 2016 (inferred)"
    stated = inferred.copy()
    stated["date_basis"] = "stated"
    assert figures.when(stated, mark_inferred=True) == "August–September 2016"


def test_lists_of_sides_read_as_prose():
    assert figures.listing("Iran & Iraq & Russia & Syrian government") == (
        "Iran, Iraq, Russia and the Syrian government"
    )
    assert figures.listing("Syrian government") == "Syrian government"  # a table cell of its own
    assert figures.listing("Iran & Russia", "ar") == "إيران وروسيا"


def test_side_palette_covers_every_side_in_the_data():
    assert set(data.load().actors.aligned_with) <= set(figures.SIDE_COLOURS)


def test_paragraph_ranges_compress_runs():
    assert figures.paragraph_ranges(["p10", "p08", "p09", "p13", "p09"]) == "p08–p10, p13"


def test_map_labels_keep_off_each_other():
    lats, lons = [34.45, 34.39, 35.34], [40.92, 40.99, 40.14]  # al-Bukamal, al-Qaim, Deir ez-Zor
    texts = ["Al-Bukamal (Abu Kamal)", "Al-Qaim", "Deir ez-Zor"]
    _, boxes = figures._label_positions(lats, lons, texts, (11.4, 6.6), (330, 237))
    assert len(boxes) == 6  # three markers, then three labels
    # every label box meets neither a marker nor another label
    assert all(figures._clear(box, boxes[:i] + boxes[i + 1 :]) for i, box in enumerate(boxes) if i >= 3)


def test_mime_renderer_html_is_deterministic_and_offline():
    ds = data.load()
    chart = figures.place_map(
        metrics.events_by_place(ds), "t", "s", "n", "places", centroids=geo.label_points()
    )
    figure = json.loads(chart.fig.to_json())
    first, second = (
        figure_html(figure, "book/chapters/01-runup"),
        figure_html(figure, "book/chapters/01-runup"),
    )
    assert first == second
    assert re.search(r'<div id="plotly-[0-9a-f]{16}" class="plotly-graph-div"', first)
    assert "cdn.plot.ly" not in first and "https://" not in first
    assert '"topojsonURL": "../../_static/vendor/topojson/"' in first
    figure["layout"]["height"] += 1
    assert figure_html(figure, "book/chapters/01-runup") != first  # the id follows the content


def test_figure_json_cannot_close_its_script_element():
    figure = {"data": [{"type": "bar", "name": "</script><script>alert(1)</script>"}], "layout": {}}
    html = figure_html(figure, "book/intro")
    spec = html.split('class="plotly-figure"', 1)[1]
    assert spec.count("</script>") == 1  # only the element's own end tag
    payload = spec[spec.index(">") + 1 : spec.rindex("</script>")]
    assert json.loads(payload)["data"][0]["name"] == "</script><script>alert(1)</script>"


def test_mime_renderer_declines_other_types_and_outranks_html():
    class Data:
        mime_type, content = "text/html", "<p>x</p>"

    assert PlotlyMimeRenderer.handle_mime(None, Data(), False) is None
    assert ("html", PLOTLY_MIME, 5) in PlotlyMimeRenderer.mime_priority_overrides


def test_notebook_output_is_the_plotly_json_bundle_with_plain_numbers():
    import plotly.io as pio

    assert pio.renderers.default == plotly_plain.NAME
    table = pd.DataFrame({"cooperation": [7, 10], "friction": [1, 6]}, index=["runup", "integration"])
    chart = figures.stance_bars(table, {"runup": "Run-up", "integration": "Integration"}, "t", "s", "n", "x")
    bundle = pio.renderers[plotly_plain.NAME].to_mimebundle(chart.fig.to_dict())
    stored = json.dumps(bundle[PLOTLY_MIME])
    assert "bdata" not in stored and "dtype" not in stored
    assert [t["x"] for t in bundle[PLOTLY_MIME]["data"]] == [[1, 6], [7, 10]]


def test_typed_arrays_decode_to_their_numbers():
    import numpy as np
    from _plotly_utils.utils import to_typed_array_spec

    for values in (np.array([20, 40, -3]), np.array([0.5, 1e-9, 7.4]), np.arange(6).reshape(2, 3)):
        spec = to_typed_array_spec(values)
        assert "bdata" in spec
        assert plotly_plain.plain_numbers({"a": [spec]}) == {"a": [values.tolist()]}
