"""Metrics on small hand-made tables, where the right answer is known by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from syriacoop import metrics
from syriacoop.data import Dataset


def _events(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows, columns=["event_id", "start", "end", "ri_relation", "quad_class", "sub_event_type", "goldstein"]
    )
    frame["start"], frame["end"] = pd.to_datetime(frame.start), pd.to_datetime(frame.end)
    frame["chapter"], frame["seed_paragraph"], frame["title_en"], frame["title_ar"] = "c", "p01", "t", "ت"
    frame["date_precision"], frame["place_id"] = "day", ""
    return frame


EVENTS = _events(
    [
        ("a", "2015-03-01", "2015-03-31", "bilateral", "verbal cooperation", "meeting", 1.0),  # month, H1
        (
            "b",
            "2015-01-01",
            "2015-12-31",
            "bilateral",
            "verbal conflict",
            "criticism",
            -2.0,
        ),  # year: half each
        ("c", "2015-07-10", "2015-07-10", "joint", "material cooperation", "siege", 7.4),  # day, H2
        ("d", "2015-05-01", "2015-05-31", "", "", "air_strike", float("nan")),  # context
        ("e", None, None, "bilateral", "verbal cooperation", "meeting", 1.0),  # undated
        ("f", "2015-06-01", "2015-06-30", "bilateral", "", "economic_competition", float("nan")),  # no CAMEO
    ]
)


def test_spread_splits_an_event_over_its_periods_by_days():
    shares = metrics.spread(EVENTS, "half").set_index(["event_id", "period"])
    assert shares.loc[("a", "2015 H1"), "weight"] == 1.0 and shares.loc[("a", "2015 H1"), "certain"]
    assert shares.loc[("b", "2015 H1"), "weight"] == pytest.approx(181 / 365)
    assert shares.loc[("b", "2015 H2"), "weight"] == pytest.approx(184 / 365)
    assert not shares.loc[("b", "2015 H2"), "certain"]
    assert "e" not in shares.index.get_level_values(0)
    assert metrics.spread(EVENTS, "half").groupby("event_id").weight.sum().round(12).eq(1).all()


def test_counts_by_period_only_counts_russia_iran_rows():
    counts = metrics.counts_by_period(EVENTS).set_index(["period", "quad_class"]).events
    assert counts[("2015 H1", "verbal cooperation")] == 1
    assert counts[("2015 H2", "material cooperation")] == 1
    assert counts[("2015 H1", "unclassified")] == 1  # f: rivalry CAMEO cannot code
    assert counts.sum() == pytest.approx(4)  # a, b, c, f; not the context row d nor the undated e


def test_net_cooperation_expected_sum_and_precision_bounds():
    net = metrics.net_cooperation(EVENTS).set_index("period")
    h1, h2 = net.loc["2015 H1"], net.loc["2015 H2"]
    assert h1.goldstein_sum == pytest.approx(1.0 - 2.0 * 181 / 365)
    assert h2.goldstein_sum == pytest.approx(7.4 - 2.0 * 184 / 365)
    # b may fall wholly in either half: it lowers the low bound and leaves the high bound
    assert (h1.goldstein_low, h1.goldstein_high) == pytest.approx((-1.0, 1.0))
    assert (h2.goldstein_low, h2.goldstein_high) == pytest.approx((5.4, 7.4))
    assert h1.goldstein_mean == pytest.approx(h1.goldstein_sum / h1.events)


def test_friction_incidents_include_uncodable_rivalry():
    assert list(metrics.friction_incidents(EVENTS).event_id) == ["b", "f"]


@pytest.fixture
def tiny() -> Dataset:
    events = EVENTS.copy()
    actors = pd.DataFrame(
        {
            "actor_id": ["ru", "ir", "sy"],
            "name_en": ["Russia", "Iran", "Syria"],
            "name_ar": ["روسيا", "إيران", "سورية"],
            "kind": "state",
            "aligned_with": ["Russia", "Iran", "Syrian government"],
            "parent_actor_id": "",
        }
    )
    links = pd.DataFrame(
        {
            "event_id": ["a", "a", "b", "b", "c", "c", "c", "d"],
            "actor_id": ["ir", "ru", "ir", "ru", "ru", "ir", "sy", "sy"],
            "role": [
                "initiator",
                "counterpart",
                "initiator",
                "target",
                "participant",
                "participant",
                "participant",
                "initiator",
            ],
        }
    )
    places = pd.DataFrame(columns=["place_id", "name_en", "name_ar", "admin1", "country", "lat", "lon"])
    return Dataset(events, actors, links, places, pd.DataFrame(), pd.DataFrame())


def test_cooccurrence_counts_shared_events(tiny):
    nodes, edges = metrics.cooccurrence(tiny)
    weights = {(e.source, e.target): e.weight for e in edges.itertuples()}
    assert weights == {("ir", "ru"): 3, ("ir", "sy"): 1, ("ru", "sy"): 1}
    assert dict(zip(nodes.actor_id, nodes.events, strict=True)) == {"ir": 3, "ru": 3, "sy": 2}


def test_high_level_contacts_and_initiative(tiny):
    contacts = metrics.high_level_contacts(tiny)
    assert list(contacts.event_id) == ["a", "e"]
    assert list(contacts.initiator_side) == ["Iran", "not stated"]
    initiative = metrics.initiative(tiny, tiny.events).set_index(["initiator_side", "sub_event_type"]).events
    assert initiative[("Iran", "criticism")] == 1 and initiative[("not stated", "siege")] == 1


def test_fatality_ranges_split_low_figure_and_range():
    from syriacoop import data

    table = metrics.fatality_ranges(data.load()).set_index("part")
    assert table.loc["low figure", "people"] == 80
    assert table.loc["further range up to the high figure", "people"] == 20
    assert table.loc["low figure", "label"] == "Khan Tuman (integration-15)"
