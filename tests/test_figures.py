"""Figures, the plotly mime renderer and the appendix HTML: escaping, language, determinism."""

from __future__ import annotations

import json
import re

import pandas as pd

from syriacoop import data, figures, metrics, pages, plotly_plain
from syriacoop.plotly_mime import PLOTLY_MIME, PlotlyMimeRenderer, figure_html

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _with_markup() -> data.Dataset:
    ds = data.load()
    events = ds.events.copy()
    events.loc[events.event_id == "runup-01", "title_en"] = MARKUP
    actors = ds.actors.copy()
    actors.loc[actors.actor_id == "velayati", "name_en"] = MARKUP
    return data.Dataset(events, actors, ds.event_actors, ds.places, ds.codebook, ds.chapters)


def test_markup_in_data_reaches_plotly_escaped():
    ds = _with_markup()
    chart = figures.timeline(ds, ds.events[ds.events.chapter == "runup"], "t", "s", "n")
    hover = json.dumps([t.hovertext for t in chart.fig.data if t.hovertext is not None], ensure_ascii=False)
    assert "<script>" not in hover and "<img" not in hover
    assert "&lt;script&gt;" in hover and "&lt;img src=x onerror=alert(1)&gt;" in hover


def test_markup_in_data_is_escaped_in_the_book_tables():
    ds = _with_markup()
    html = pages.event_register_html(ds, "../../") + pages.glossary_html(ds)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_data_link_carries_the_csv_escaped():
    frame = pd.DataFrame({"title": [MARKUP], "n": [3]})
    link = figures.data_link(frame, 'x"><b>name')
    assert link.count("<a ") == 1 and "<script" not in link and "<b>" not in link
    assert "%3Cscript%3E" in link  # the CSV itself is percent-encoded in the data: URL


def test_every_chart_states_title_subtitle_and_source():
    ds = data.load()
    chart = figures.timeline(ds, ds.events, "A finding", "Unit and scope", "all")
    title = chart.fig.layout.title.text
    assert "A finding" in title and "Unit and scope" in title
    notes = [a.text for a in chart.fig.layout.annotations]
    assert any(n.startswith("Source: Grajewski (2021)") and "events.csv" in n for n in notes)
    assert chart.fig.layout.xaxis.type == "date"
    assert len(chart.data) == ds.events.start.notna().sum()


def test_arabic_labels_are_a_parameter():
    ds = data.load()
    runup = ds.events[ds.events.chapter == "runup"]
    english = figures.timeline(ds, runup, "t", "s", "n", lang="en")
    arabic = figures.timeline(ds, runup, "t", "s", "n", lang="ar")
    assert {t.name for t in arabic.fig.data} >= {"تعاون لفظي", "تعاون مادي"}
    assert arabic.fig.layout.title.xanchor == "right" and english.fig.layout.title.xanchor == "left"
    assert figures.ARABIC_FONT in arabic.fig.layout.font.family
    # Arabic stays logical-order Unicode: no presentation forms
    text = json.dumps(json.loads(arabic.fig.to_json()), ensure_ascii=False)
    assert "تعاون لفظي" in text
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text)


def test_alignment_palette_covers_every_alignment_in_the_data():
    assert set(data.load().actors.aligned_with) <= set(figures.ALIGNMENT_COLOURS)


def test_paragraph_ranges_compress_runs():
    assert figures.paragraph_ranges(["p10", "p08", "p09", "p13", "p09"]) == "p08–p10, p13"


def test_mime_renderer_html_is_deterministic_and_offline():
    ds = data.load()
    chart = figures.place_map(ds, metrics.events_by_place(ds), "t", "s", "n")
    figure = json.loads(chart.fig.to_json())
    first, second = (
        figure_html(figure, "book/chapters/01-runup"),
        figure_html(figure, "book/chapters/01-runup"),
    )
    assert first == second
    assert re.search(r'<div id="plotly-[0-9a-f]{16}" class="plotly-graph-div"', first)
    assert "cdn.plot.ly" not in first and "https://" not in first
    assert '"topojsonURL": "../../_static/vendor/topojson/"' in first
    figure["layout"]["title"]["text"] += "!"
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
    chart = figures.bars(
        metrics.fatality_ranges(data.load()),
        "label",
        "people",
        "part",
        "t",
        "s",
        "n",
        "note",
        orientation="h",
    )
    bundle = pio.renderers[plotly_plain.NAME].to_mimebundle(chart.fig.to_dict())
    stored = json.dumps(bundle[PLOTLY_MIME])
    assert "bdata" not in stored and "dtype" not in stored
    assert [t["x"] for t in bundle[PLOTLY_MIME]["data"]] == [[80], [20]]


def test_typed_arrays_decode_to_their_numbers():
    import numpy as np
    from _plotly_utils.utils import to_typed_array_spec

    for values in (np.array([20, 40, -3]), np.array([0.5, 1e-9, 7.4]), np.arange(6).reshape(2, 3)):
        spec = to_typed_array_spec(values)
        assert "bdata" in spec
        assert plotly_plain.plain_numbers({"a": [spec]}) == {"a": [values.tolist()]}
