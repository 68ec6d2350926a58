"""Measures of Russian–Iranian cooperation and friction, computed from the validated tables.

Every measure counts whole things: acts (event rows) or incidents (episodes, where an act that belongs
to no episode is an incident of its own). Nothing is spread over periods or summed as weights: the brief
is one author's selection of acts, not a stream of news, and most of its acts carry no date. Each claim
the book makes from a measure is checked against reasonable recodings with `sensitivity`.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .data import Dataset, coding

COOPERATION = ("verbal cooperation", "material cooperation")
FRICTION = ("verbal conflict", "material conflict")
STANCES = ("cooperation", "friction")
HIGH_LEVEL_CONTACTS = ("high_level_visit", "meeting", "negotiation", "appointment", "diplomatic_process")
NOT_NAMED = "not named"


def russia_iran(events: pd.DataFrame) -> pd.DataFrame:
    """The events that are Russia–Iran interactions (bilateral or joint)."""
    return events[events.ri_relation.isin(["bilateral", "joint"])]


def stance(events: pd.DataFrame) -> pd.Series:
    """`cooperation` or `friction` for a Russia–Iran event (from its QuadClass), else empty."""
    return events.quad_class.map(
        {**dict.fromkeys(COOPERATION, "cooperation"), **dict.fromkeys(FRICTION, "friction")}
    ).fillna("")


def incident_ids(events: pd.DataFrame) -> pd.Series:
    """The incident each event belongs to: its episode, or the event itself when it has none."""
    return events.episode_id.where(events.episode_id != "", events.event_id)


def sides(links: pd.DataFrame, actors: pd.DataFrame, role: str) -> pd.Series:
    """Per event id: the sides (alignments) of its actors in `role`, joined with ' & '."""
    side = dict(zip(actors.actor_id, actors.aligned_with, strict=True))
    chosen = links[links.role == role]
    return chosen.groupby("event_id").actor_id.agg(lambda ids: " & ".join(sorted({side[a] for a in ids})))


def with_sides(data: Dataset, events: pd.DataFrame, links: pd.DataFrame | None = None) -> pd.DataFrame:
    """`events` with `initiator_side` and `target_side` (`not named` where the source names none)."""
    links = data.event_actors if links is None else links
    table = events.copy()
    for role in ("initiator", "target"):
        table[f"{role}_side"] = table.event_id.map(sides(links, data.actors, role)).fillna(NOT_NAMED)
    return table


def balance(events: pd.DataFrame, by: str = "chapter", unit: str = "act") -> pd.DataFrame:
    """Russia–Iran cooperation and friction per `by` group, as counts of acts or of incidents.

    With `unit="incident"` an episode counts once in each stance it contains: an incident that mixed a
    cooperative and a conflictual act counts once under each, so the columns do not add up to the
    number of incidents (`incidents` gives it)."""
    ri = russia_iran(events).assign(stance=stance)
    if unit == "incident":
        ri = ri.assign(unit_id=incident_ids(ri)).drop_duplicates(["unit_id", "stance"])
    elif unit != "act":
        raise ValueError(f"unit is 'act' or 'incident', not {unit!r}")
    table = pd.crosstab(ri[by], ri.stance).reindex(columns=list(STANCES), fill_value=0)
    if unit == "incident":
        table["incidents"] = ri.groupby(by).unit_id.nunique()
    table.columns.name = None
    return table


def variants(data: Dataset) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """Reasonable recodings of the events, each with its actor links: the data as coded; only acts the
    brief states without a hedge; only acts whose date is stated, or that are undated (inferred dates
    dropped); and the blind second coding, before reconciling."""
    events, links = data.events, data.event_actors
    second, second_links = coding("second")
    return {
        "as coded": (events, links),
        "acts stated without hedge": (events[events.certainty == "stated"], links),
        "inferred dates dropped": (events[events.date_basis != "inferred"], links),
        "blind second coding": (second, second_links),
    }


def sensitivity(
    data: Dataset, statistic: Callable[[pd.DataFrame, pd.DataFrame], object], claim: Callable[[object], bool]
) -> pd.DataFrame:
    """The statistic under each variant, and whether the claim a title makes from it holds there."""
    rows = []
    for name, (events, links) in variants(data).items():
        value = statistic(events, links)
        rows.append({"variant": name, "value": value, "claim holds": bool(claim(value))})
    return pd.DataFrame(rows)


def robust(table: pd.DataFrame) -> bool:
    """True when the claim holds under every variant of a `sensitivity` table."""
    return bool(table["claim holds"].all())


def date_basis_counts(events: pd.DataFrame) -> pd.Series:
    """How the events are dated: stated, inferred, or undated."""
    basis = events.date_basis.replace("", "undated")
    return basis.value_counts().reindex(["stated", "inferred", "undated"], fill_value=0)


def by_year(events: pd.DataFrame) -> pd.DataFrame:
    """Russia–Iran acts per calendar year and stance, counting only acts whose dates fall within one
    year; acts that are undated, open-ended or span years are counted apart (`year` = that label)."""
    ri = russia_iran(events).assign(stance=stance)
    one_year = ri.start.notna() & ri.end.notna() & (ri.start.dt.year == ri.end.dt.year)
    undated = ri.start.isna() & ri.end.isna()
    label = pd.Series("spans years or open", index=ri.index)
    label[undated] = "undated"
    label[one_year] = ri.start[one_year].dt.year.astype("Int64").astype(str)
    table = pd.crosstab(label, ri.stance).reindex(columns=list(STANCES), fill_value=0)
    years = sorted(y for y in table.index if y.isdigit())
    table = table.reindex([*years, "spans years or open", "undated"], fill_value=0)
    table.index.name, table.columns.name = "year", None
    return table


def side_matrix(data: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    """Acts by the side of their initiators (rows) and of their targets (columns). An act with several
    sides on one role counts once for each pair of sides."""
    links = data.event_actors[data.event_actors.event_id.isin(events.event_id)]
    side = dict(zip(data.actors.actor_id, data.actors.aligned_with, strict=True))
    links = links.assign(side=links.actor_id.map(side))
    initiators = links[links.role == "initiator"][["event_id", "side"]].drop_duplicates()
    targets = links[links.role == "target"][["event_id", "side"]].drop_duplicates()
    pairs = initiators.merge(targets, on="event_id", suffixes=("_initiator", "_target"))
    table = pd.crosstab(pairs.side_initiator, pairs.side_target)
    table.index.name, table.columns.name = "initiator side", "target side"
    return table


def thread_rows(data: Dataset, thread: str) -> pd.DataFrame:
    """The events and context rows that carry a thread, in source order, with chapter and stance."""
    ids = data.threads[data.threads.thread == thread].event_id
    rows = pd.concat([data.events.assign(stance=stance), data.context.assign(stance="")])
    rows = rows[rows.event_id.isin(ids)]
    order = {eid: n for n, eid in enumerate(ids)}
    return rows.assign(order=rows.event_id.map(order)).sort_values("order").drop(columns="order")


def contacts(data: Dataset) -> pd.DataFrame:
    """High-level Russia–Iran contacts (visits, meetings, appointments, diplomatic processes), with the
    side of their initiators."""
    ri = russia_iran(data.events)
    return with_sides(data, ri[ri.sub_event_type.isin(HIGH_LEVEL_CONTACTS)]).reset_index(drop=True)


def friction_acts(data: Dataset) -> pd.DataFrame:
    """Russia–Iran acts coded as friction, with the sides of their initiators and targets."""
    ri = russia_iran(data.events)
    return with_sides(data, ri[stance(ri) == "friction"]).reset_index(drop=True)


def events_by_place(data: Dataset, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Events per place where they happened, with the place's names, kind and coordinates (outside
    context, see `coord_source`)."""
    events = data.events if events is None else events
    counted = (
        events[events.place_id != ""]
        .groupby("place_id", as_index=False)
        .agg(events=("event_id", "count"), event_ids=("event_id", ", ".join))
    )
    table = counted.merge(data.places, on="place_id")
    return table.sort_values(["events", "place_id"], ascending=[False, True]).reset_index(drop=True)
