"""Cooperation metrics, computed from the validated tables.

Date precision is carried through: an event dated to a month, season or year is spread over the
periods its interval covers, in proportion to the days of the interval in each (`spread`); sums also
get the bounds that the imprecision allows (`net_cooperation`).
"""

from __future__ import annotations

from itertools import combinations

import pandas as pd

from .data import Dataset

CONFLICT_CLASSES = ("verbal conflict", "material conflict")
# Rivalry for contracts has no honest CAMEO code (see the codebook), but the source treats it as
# friction between the two; it counts as such here.
FRICTION_WITHOUT_QUAD_CLASS = ("economic_competition",)
HIGH_LEVEL_CONTACTS = ("high_level_visit", "meeting", "negotiation")


def russia_iran(events: pd.DataFrame) -> pd.DataFrame:
    """Rows that are a Russia–Iran interaction (bilateral or joint)."""
    return events[events.ri_relation.isin(["bilateral", "joint"])]


def period_label(start: pd.Timestamp, freq: str) -> str:
    if freq == "half":
        return f"{start.year} H{1 if start.month <= 6 else 2}"
    return str(start.year)


def _periods(freq: str, first: pd.Timestamp, last: pd.Timestamp) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    step = "6MS" if freq == "half" else "YS"
    anchor = pd.Timestamp(year=first.year, month=1 if freq == "year" or first.month <= 6 else 7, day=1)
    starts = pd.date_range(anchor, last, freq=step)
    offset = pd.DateOffset(months=6) if freq == "half" else pd.DateOffset(years=1)
    return [(s, s + offset - pd.Timedelta(days=1)) for s in starts]


def spread(events: pd.DataFrame, freq: str = "half") -> pd.DataFrame:
    """One row per (event, period) the event may fall in, `weight` = share of its days in that period.

    Undated events are left out. Weights of one event sum to 1. `certain` is True where the event's
    whole interval lies in the period.
    """
    dated = events.dropna(subset=["start", "end"])
    columns = ["event_id", "period", "period_start", "weight", "certain"]
    if dated.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for period_start, period_end in _periods(freq, dated.start.min(), dated.end.max()):
        for ev in dated.itertuples():
            lo, hi = max(ev.start, period_start), min(ev.end, period_end)
            if lo > hi:
                continue
            days = (hi - lo).days + 1
            total = (ev.end - ev.start).days + 1
            rows.append(
                (ev.event_id, period_label(period_start, freq), period_start, days / total, days == total)
            )
    return pd.DataFrame(rows, columns=columns)


def counts_by_period(events: pd.DataFrame, freq: str = "half") -> pd.DataFrame:
    """Expected number of Russia–Iran events per period and QuadClass (precision-spread)."""
    ri = russia_iran(events).assign(quad_class=lambda f: f.quad_class.replace("", "unclassified"))
    shares = spread(ri, freq).merge(ri[["event_id", "quad_class"]], on="event_id")
    table = shares.groupby(["period_start", "period", "quad_class"], as_index=False).agg(
        events=("weight", "sum")
    )
    return table.sort_values(["period_start", "quad_class"]).reset_index(drop=True)


def net_cooperation(events: pd.DataFrame, freq: str = "half") -> pd.DataFrame:
    """Per period: expected sum and mean of Goldstein weights of Russia–Iran events, and the lowest and
    highest sum the date precision allows (an uncertain event counts fully or not at all)."""
    scored = russia_iran(events).dropna(subset=["goldstein"])
    shares = spread(scored, freq).merge(scored[["event_id", "goldstein"]], on="event_id")
    shares["expected"] = shares.weight * shares.goldstein
    shares["sure"] = shares.goldstein.where(shares.certain, 0.0)
    shares["low_extra"] = shares.goldstein.clip(upper=0).where(~shares.certain, 0.0)
    shares["high_extra"] = shares.goldstein.clip(lower=0).where(~shares.certain, 0.0)
    table = shares.groupby(["period_start", "period"], as_index=False).agg(
        events=("weight", "sum"),
        goldstein_sum=("expected", "sum"),
        sure=("sure", "sum"),
        low_extra=("low_extra", "sum"),
        high_extra=("high_extra", "sum"),
    )
    table["goldstein_mean"] = table.goldstein_sum / table.events
    table["goldstein_low"] = table.sure + table.low_extra
    table["goldstein_high"] = table.sure + table.high_extra
    return table.drop(columns=["sure", "low_extra", "high_extra"]).reset_index(drop=True)


def actors_of(data: Dataset, role: str | None = None) -> pd.DataFrame:
    """event_actors joined with actor names and alignment (optionally one role)."""
    links = data.event_actors if role is None else data.event_actors[data.event_actors.role == role]
    return links.merge(data.actors, on="actor_id", how="left")


def with_initiator_side(data: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    """`events` with `initiator_side`: the alignment(s) of the actors coded as initiator, or `not stated`."""
    sides = (
        actors_of(data, "initiator")
        .groupby("event_id")
        .agg(initiator_side=("aligned_with", lambda s: " & ".join(sorted(set(s)))))
    )
    table = events.merge(sides, left_on="event_id", right_index=True, how="left")
    table["initiator_side"] = table.initiator_side.fillna("not stated")
    return table


def high_level_contacts(data: Dataset) -> pd.DataFrame:
    """Russia–Iran visits, meetings and negotiations, with the side of their initiator."""
    contacts = russia_iran(data.events)
    table = with_initiator_side(data, contacts[contacts.sub_event_type.isin(HIGH_LEVEL_CONTACTS)])
    return table[
        [
            "event_id",
            "start",
            "end",
            "date_precision",
            "sub_event_type",
            "title_en",
            "title_ar",
            "initiator_side",
            "seed_paragraph",
        ]
    ].reset_index(drop=True)


def friction_incidents(events: pd.DataFrame) -> pd.DataFrame:
    """Russia–Iran rows coded as conflict, plus rivalry that CAMEO cannot code."""
    ri = russia_iran(events)
    mask = ri.quad_class.isin(CONFLICT_CLASSES) | ri.sub_event_type.isin(FRICTION_WITHOUT_QUAD_CLASS)
    return ri[mask].reset_index(drop=True)


def cooccurrence(data: Dataset, events: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Actor network: nodes (actor, alignment, events) and edges (pairs sharing events, `weight`)."""
    events = data.events if events is None else events
    links = data.event_actors[data.event_actors.event_id.isin(events.event_id)]
    pairs = [
        (a, b, event_id)
        for event_id, group in links.groupby("event_id")
        for a, b in combinations(sorted(set(group.actor_id)), 2)
    ]
    edges = (
        pd.DataFrame(pairs, columns=["source", "target", "event_id"])
        .groupby(["source", "target"], as_index=False)
        .agg(weight=("event_id", "nunique"))
    )
    nodes = (
        links.groupby("actor_id", as_index=False)
        .agg(events=("event_id", "nunique"))
        .merge(data.actors, on="actor_id")
    )
    return nodes.sort_values(["aligned_with", "actor_id"]).reset_index(drop=True), edges


def events_by_place(data: Dataset, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Events per mapped place, with its governorate and coordinates (outside context)."""
    events = data.events if events is None else events
    counted = (
        events[events.place_id != ""]
        .groupby("place_id", as_index=False)
        .agg(events=("event_id", "count"), event_ids=("event_id", ", ".join))
    )
    table = counted.merge(data.places, on="place_id")
    return table.sort_values(["events", "place_id"], ascending=[False, True]).reset_index(drop=True)


def events_by_governorate(data: Dataset, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Events per first-level division (governorate, province) among mapped places, drawn at the mean
    of its places' coordinates; bilingual through the names of the places it holds."""
    places = events_by_place(data, events)
    places = places[(places.admin1 != "") & places.lat.notna()]
    table = places.groupby(["country", "admin1"], as_index=False).agg(
        events=("events", "sum"),
        lat=("lat", "mean"),
        lon=("lon", "mean"),
        places_en=("name_en", ", ".join),
        places_ar=("name_ar", "، ".join),
        event_ids=("event_ids", ", ".join),
    )
    table["name_en"] = table.admin1 + " (" + table.places_en + ")"
    table["name_ar"] = table.places_ar
    table["place_id"] = table.admin1
    table["geo_precision"] = "governorate"
    table["coord_source"] = "mean of its places' coordinates"
    return table.sort_values(["events", "admin1"], ascending=[False, True]).reset_index(drop=True)


def initiative(data: Dataset, events: pd.DataFrame) -> pd.DataFrame:
    """Russia–Iran interactions among `events` by the side of their initiator and sub-type."""
    table = with_initiator_side(data, russia_iran(events))
    return (
        table.groupby(["initiator_side", "sub_event_type"], as_index=False)
        .agg(events=("event_id", "count"), event_ids=("event_id", ", ".join))
        .sort_values(["initiator_side", "sub_event_type"])
        .reset_index(drop=True)
    )


def events_by_chapter(data: Dataset) -> pd.DataFrame:
    """Rows per chapter (in report order) by their bearing on the Russia–Iran relationship."""
    chapters = data.chapters.sort_values("order").rename(columns={"title_en": "chapter_title"})
    table = pd.crosstab(data.events.chapter, data.events.ri_relation.replace({"": "context"}))
    table = table.reindex([c for c in chapters.chapter_id if c in table.index])
    table.index = table.index.map(dict(zip(chapters.chapter_id, chapters.chapter_title, strict=True)))
    table.index.name, table.columns.name = "chapter", None
    return table


def fatality_ranges(data: Dataset) -> pd.DataFrame:
    """Death tolls as the source gives them, long form for a stacked range bar: per event a `low figure`
    part and a `further range up to the high figure` part, labelled with the place."""
    deaths = data.events.dropna(subset=["fatalities_low"]).merge(
        data.places[["place_id", "name_en"]].rename(columns={"name_en": "place"}), on="place_id", how="left"
    )
    deaths["label"] = deaths.place.fillna("") + " (" + deaths.event_id + ")"
    deaths["low figure"] = deaths.fatalities_low.astype(int)
    deaths["further range up to the high figure"] = (deaths.fatalities_high - deaths.fatalities_low).astype(
        int
    )
    table = deaths.melt(
        id_vars=["event_id", "label", "seed_paragraph", "fatalities_low", "fatalities_high"],
        value_vars=["low figure", "further range up to the high figure"],
        var_name="part",
        value_name="people",
    )
    table["hover"] = (
        table.event_id
        + ": "
        + table.fatalities_low.astype(str)
        + " to "
        + table.fatalities_high.astype(str)
        + " dead, ¶ "
        + table.seed_paragraph
    )
    return table
