"""Metrics on small hand-made tables, where the right answer is known by hand, and the book's main
findings pinned on the real data, so that a changed coding fails here before it changes a chart title."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from syriacoop import data, metrics
from syriacoop.data import Dataset

COLUMNS = ["event_id", "chapter", "episode_id", "ri_relation", "quad_class", "sub_event_type"]
COLUMNS += ["start", "end", "date_basis", "certainty", "place_id"]
QUAD_CLASSES = {
    "vc": "verbal cooperation",
    "mc": "material cooperation",
    "vx": "verbal conflict",
    "mx": "material conflict",
}
# Eight acts in two chapters (· is an empty cell). Episode x mixes a cooperative act (a) and a conflictual
# one (b); episode y holds two conflictual acts (f, g); d is no Russia–Iran act. Dates: a month (a), a year
# (b), a day (c), undated (e), across a new year (f), open-ended (g), only an end (h).
TABLE = """
a  runup  x  bilateral  vc  meeting                2015-03-01  2015-03-31  stated    stated    tehran
b  runup  x  bilateral  vx  criticism              2015-01-01  2015-12-31  stated    stated    tehran
c  runup  ·  joint      mc  military_coordination  2015-07-10  2015-07-10  inferred  stated    aleppo
d  south  ·  ·          ·   air_strike             2015-05-01  2015-05-31  stated    stated    daraa
e  south  ·  bilateral  vc  high_level_visit       ·           ·           ·         reported  moscow
f  south  y  bilateral  mx  attack                 2015-12-01  2016-01-31  stated    stated    ·
g  south  y  bilateral  mx  attack                 2016-02-01  ·           stated    apparent  ·
h  runup  ·  bilateral  vc  appointment            ·           2016-01-31  stated    stated    ·
"""


def _events(table: str) -> pd.DataFrame:
    rows = [["" if cell == "·" else cell for cell in line.split()] for line in table.strip().splitlines()]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["quad_class"] = frame.quad_class.map(QUAD_CLASSES).fillna("")
    frame["start"], frame["end"] = pd.to_datetime(frame.start), pd.to_datetime(frame.end)
    return frame


def _links(triples: str) -> pd.DataFrame:
    return pd.DataFrame([t.split(":") for t in triples.split()], columns=["event_id", "actor_id", "role"])


EVENTS = _events(TABLE)
LINKS = _links(
    "a:ir:initiator a:ru:target b:ir:initiator b:ru:target c:ru:initiator c:ir:initiator c:op:target "
    "d:il:initiator e:ru:initiator e:ir:target f:ru:initiator f:ir:target g:ir:initiator g:ru:target "
    "g:sy:target h:ir:initiator h:ru:target"
)
ACTORS = pd.DataFrame(
    {
        "actor_id": ["ru", "ir", "sy", "op", "il"],
        "aligned_with": ["Russia", "Iran", "Syrian government", "Syrian opposition", "Israel"],
    }
)
PLACES = pd.DataFrame(
    {
        "place_id": ["aleppo", "daraa", "moscow", "tehran"],
        "name_en": ["Aleppo", "Daraa", "Moscow", "Tehran"],
        "lat": [36.2, 32.6, 55.8, 35.7],
        "lon": [37.2, 36.1, 37.6, 51.4],
    }
)


def _dataset(**tables: pd.DataFrame) -> Dataset:
    """A Dataset of the hand-made tables (an empty table for any the test does not need)."""
    return Dataset(**{f.name: tables.get(f.name, pd.DataFrame()) for f in dataclasses.fields(Dataset)})


@pytest.fixture
def tiny() -> Dataset:
    context = pd.DataFrame({"event_id": ["k"], "row_kind": ["situation"], "chapter": ["runup"]})
    threads = pd.DataFrame(
        {"thread": ["channels", "channels", "channels", "publicity"], "event_id": ["a", "k", "h", "b"]}
    )
    return _dataset(
        events=EVENTS, context=context, event_actors=LINKS, actors=ACTORS, places=PLACES, threads=threads
    )


# ---------------------------------------------------------------------------- hand-made tables


def test_russia_iran_stance_and_incidents():
    assert list(metrics.russia_iran(EVENTS).event_id) == ["a", "b", "c", "e", "f", "g", "h"]
    assert list(metrics.stance(EVENTS)) == [
        "cooperation", "friction", "cooperation", "", "cooperation", "friction", "friction", "cooperation"
    ]  # fmt: skip
    assert list(metrics.incident_ids(EVENTS)) == ["x", "x", "c", "d", "e", "y", "y", "h"]


def test_balance_counts_acts():
    table = metrics.balance(EVENTS)
    assert table.to_dict("index") == {
        "runup": {"cooperation": 3, "friction": 1},  # a, c, h | b
        "south": {"cooperation": 1, "friction": 2},  # e | f, g (d is no Russia–Iran act)
    }


def test_balance_counts_incidents_and_a_mixed_episode_under_both_stances():
    table = metrics.balance(EVENTS, unit="incident")
    assert table.to_dict("index") == {
        "runup": {"cooperation": 3, "friction": 1, "incidents": 3},  # x (a and b), c, h
        "south": {"cooperation": 1, "friction": 1, "incidents": 2},  # e, y (f and g, once)
    }


def test_balance_rejects_an_unknown_unit():
    with pytest.raises(ValueError, match="unit is 'act' or 'incident', not 'episode'"):
        metrics.balance(EVENTS, unit="episode")


def test_by_year_bins_single_years_and_sets_the_rest_apart():
    table = metrics.by_year(EVENTS)
    assert list(table.index) == ["2015", "spans years or open", "undated"]
    assert table.to_dict("index") == {
        "2015": {"cooperation": 2, "friction": 1},  # a (a month), c (a day) | b (the whole year)
        "spans years or open": {"cooperation": 1, "friction": 2},  # h (only an end) | f (2015–16), g (open)
        "undated": {"cooperation": 1, "friction": 0},  # e
    }


def test_date_basis_counts():
    assert metrics.date_basis_counts(EVENTS).to_dict() == {"stated": 6, "inferred": 1, "undated": 1}


def test_sides_and_with_sides_name_what_the_source_does_not():
    assert metrics.sides(LINKS, ACTORS, "initiator").to_dict() == {
        "a": "Iran", "b": "Iran", "c": "Iran & Russia", "d": "Israel", "e": "Russia", "f": "Russia",
        "g": "Iran", "h": "Iran",
    }  # fmt: skip
    table = metrics.with_sides(_dataset(event_actors=LINKS, actors=ACTORS), EVENTS).set_index("event_id")
    assert table.loc["d", "target_side"] == metrics.NOT_NAMED == "not named"
    assert table.loc["g", "target_side"] == "Russia & Syrian government"
    assert table.loc["c", "initiator_side"] == "Iran & Russia"


def test_side_matrix_counts_each_pair_of_sides_once_per_act(tiny):
    table = metrics.side_matrix(tiny, metrics.russia_iran(EVENTS))
    assert (table.index.name, table.columns.name) == ("initiator side", "target side")
    assert table.to_dict("index") == {
        "Iran": {"Iran": 0, "Russia": 4, "Syrian government": 1, "Syrian opposition": 1},  # a b g h | g | c
        "Russia": {"Iran": 2, "Russia": 0, "Syrian government": 0, "Syrian opposition": 1},  # e f | c
    }


def test_contacts_and_friction_acts(tiny):
    contacts = metrics.contacts(tiny)
    assert list(zip(contacts.event_id, contacts.initiator_side, strict=True)) == [
        ("a", "Iran"), ("e", "Russia"), ("h", "Iran")
    ]  # fmt: skip
    friction = metrics.friction_acts(tiny)
    assert list(zip(friction.event_id, friction.target_side, strict=True)) == [
        ("b", "Russia"), ("f", "Iran"), ("g", "Russia & Syrian government")
    ]  # fmt: skip


def test_thread_rows_hold_events_and_context_in_order(tiny):
    rows = metrics.thread_rows(tiny, "channels")
    assert list(zip(rows.event_id, rows.stance, strict=True)) == [
        ("a", "cooperation"),
        ("k", ""),
        ("h", "cooperation"),
    ]


def test_events_by_place(tiny):
    table = metrics.events_by_place(tiny)
    assert list(zip(table.place_id, table.events, table.event_ids, strict=True)) == [
        ("tehran", 2, "a, b"), ("aleppo", 1, "c"), ("daraa", 1, "d"), ("moscow", 1, "e")
    ]  # fmt: skip


def _cooperative_acts(events: pd.DataFrame, links: pd.DataFrame) -> int:
    return int((metrics.stance(metrics.russia_iran(events)) == "cooperation").sum())


def test_sensitivity_recomputes_under_every_variant_and_robust_needs_all(tiny, monkeypatch):
    second = EVENTS[EVENTS.event_id == "a"]  # the blind second coding found only one act
    monkeypatch.setattr(metrics, "coding", lambda name: (second, LINKS), raising=False)
    monkeypatch.setattr(data, "coding", lambda name: (second, LINKS))
    table = metrics.sensitivity(tiny, _cooperative_acts, lambda n: n >= 3)
    assert list(table.columns) == ["variant", "value", "claim holds"]
    assert list(zip(table.variant, table.value, table["claim holds"], strict=True)) == [
        ("as coded", 4, True),  # a c e h
        ("acts stated without hedge", 3, True),  # e is only reported
        ("inferred dates dropped", 3, True),  # c's date is inferred
        ("blind second coding", 1, False),
    ]
    assert metrics.robust(table) is False
    assert metrics.robust(metrics.sensitivity(tiny, _cooperative_acts, lambda n: n >= 1)) is True


# ---------------------------------------------------------------------------- the book's findings, pinned


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return data.load()


def _lowest_ratio(events: pd.DataFrame, links: pd.DataFrame) -> float:
    by_act = metrics.balance(events).sum()
    by_incident = metrics.balance(events, unit="incident")[list(metrics.STANCES)].sum()
    return min(by_act.cooperation / by_act.friction, by_incident.cooperation / by_incident.friction)


def test_cooperation_outnumbers_friction_more_than_threefold_in_every_reading(dataset):
    table = metrics.sensitivity(dataset, _lowest_ratio, lambda ratio: ratio > 3)
    assert metrics.robust(table), table


def test_the_headline_counts_as_coded(dataset):
    assert metrics.balance(dataset.events).sum().to_dict() == {"cooperation": 29, "friction": 8}
    incidents = metrics.balance(dataset.events, unit="incident")
    assert incidents[list(metrics.STANCES)].sum().to_dict() == {"cooperation": 18, "friction": 5}


def test_no_russia_iran_act_in_the_south(dataset):
    ri = metrics.russia_iran(dataset.events)
    assert list(ri[ri.chapter == "south"].event_id) == []
    assert "south" not in metrics.balance(dataset.events).index


def test_friction_gathers_in_the_integration_section_in_every_reading(dataset):
    def share(events: pd.DataFrame, links: pd.DataFrame) -> float:
        friction = metrics.balance(events).friction
        return friction.get("integration", 0) / friction.sum()

    table = metrics.sensitivity(dataset, share, lambda s: s >= 0.5)
    assert metrics.robust(table), table


def test_iran_acts_on_russia_more_than_the_reverse_and_no_other_pair_comes_close(dataset):
    def pairs(events: pd.DataFrame, links: pd.DataFrame) -> tuple[int, int, int]:
        stacked = metrics.side_matrix(dataclasses.replace(dataset, event_actors=links), events).stack()
        others = stacked.drop([("Iran", "Russia"), ("Russia", "Iran")], errors="ignore")
        return (
            int(stacked.get(("Iran", "Russia"), 0)),
            int(stacked.get(("Russia", "Iran"), 0)),
            int(others.max()),
        )

    table = metrics.sensitivity(dataset, pairs, lambda v: v[0] > v[1] > v[2])
    assert metrics.robust(table), table


def test_most_acts_dated_to_one_year_fall_in_2015_and_2016(dataset):
    def early_share(events: pd.DataFrame, links: pd.DataFrame) -> float:
        years = metrics.by_year(events).drop(["spans years or open", "undated"])
        return years.loc[years.index.isin(["2015", "2016"])].to_numpy().sum() / years.to_numpy().sum()

    table = metrics.sensitivity(dataset, early_share, lambda share: share >= 0.7)
    assert metrics.robust(table), table
