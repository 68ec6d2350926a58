"""Inter-coder agreement: Krippendorff's alpha against hand computation, the matching of rows, and the
adjudication of every disagreement between the first and the blind second coding."""

from __future__ import annotations

import csv
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

from syriacoop import agreement

MEETING = "التقى علي أكبر ولايتي، مستشار السياسة الخارجية للمرشد الأعلى الإيراني"


# ---------------------------------------------------------------------------- alpha


def test_alpha_matches_krippendorffs_two_coder_binary_example():
    """Krippendorff (2011), "Computing Krippendorff's alpha-reliability", example A: ten units, two
    observers. Coincidences: o00 = 10, o11 = 2, o01 = o10 = 4; n0 = 14, n1 = 6, n = 20; so
    alpha = 1 - (n - 1)(o01 + o10) / (2 n0 n1) = 1 - 19 * 8 / 168 = 2/21 (the paper's 0.095)."""
    first = list("0100000010")
    second = list("1110010000")
    assert agreement.alpha(first, second) == pytest.approx(2 / 21)


def test_alpha_on_a_small_nominal_example_worked_by_hand():
    """Units (x, x), (x, y), (y, y), (y, y): n = 8, nx = 3, ny = 5, one disagreeing unit (o_xy + o_yx = 2),
    so alpha = 1 - 7 * 2 / (2 * 3 * 5) = 8/15."""
    assert agreement.alpha(["x", "x", "y", "y"], ["x", "y", "y", "y"]) == pytest.approx(8 / 15)


def test_alpha_counts_an_empty_value_as_a_category():
    assert agreement.alpha(["", "bilateral", "joint"], ["", "bilateral", "joint"]) == 1.0
    assert agreement.alpha(["", "", "x", "x"], ["", "x", "x", "x"]) == pytest.approx(8 / 15)


def test_alpha_is_nan_with_one_category():
    assert math.isnan(agreement.alpha(["event", "event"], ["event", "event"]))


# ---------------------------------------------------------------------------- matching the real codings


@pytest.fixture(scope="module")
def first() -> agreement.Coding:
    return agreement.load_coding("first")


@pytest.fixture(scope="module")
def second() -> agreement.Coding:
    return agreement.load_coding("second")


def test_match_pairs_identical_codings_perfectly(first):
    pairs = agreement.match(first, first)
    assert len(pairs) == len(first.rows)
    assert (pairs.first_id == pairs.second_id).all()


def test_match_never_pairs_rows_from_different_paragraphs_or_sentences(first, second):
    pairs = agreement.match(first, second)
    a = first.rows.set_index("event_id").loc[pairs.first_id]
    b = second.rows.set_index("event_id").loc[pairs.second_id]
    assert (a.paragraph.to_numpy() == b.paragraph.to_numpy()).all()
    assert all(x & y for x, y in zip(a.sentences, b.sentences, strict=True))
    assert pairs.first_id.is_unique and pairs.second_id.is_unique


def test_detection_of_a_coding_against_itself_is_perfect(first):
    found = agreement.detection(first, first)
    events = int((first.rows.row_kind == "event").sum())
    assert found == {"first": events, "second": events, "both": events} | {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
    }


# ---------------------------------------------------------------------------- hand-made codings


def _coding(folder: Path, name: str, rows: list[dict[str, str]], links: str) -> agreement.Coding:
    """A coding written as `data/coding/<name>.csv` would be, and loaded the way the real ones are."""
    (folder / "coding").mkdir(parents=True, exist_ok=True)
    if not (folder / "codebook.csv").exists():
        shutil.copyfile(ROOT / "data" / "codebook.csv", folder / "codebook.csv")
    with (ROOT / "data" / "coding" / "first.csv").open(encoding="utf-8", newline="") as handle:
        fields = next(csv.reader(handle))
    with (folder / "coding" / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows([{f: row.get(f, "") for f in fields} for row in rows])
    with (folder / "coding" / f"{name}_actors.csv").open("w", encoding="utf-8", newline="") as handle:
        handle.write("event_id,actor_id,role\n" + "".join(t.replace(":", ",") + "\n" for t in links.split()))
    return agreement.load_coding(name, folder)


def _meeting(event_id: str, ref: str, **fields: str) -> dict[str, str]:
    row = {"event_id": event_id, "row_kind": "event", "sub_event_type": "meeting", "ri_relation": "bilateral"}
    return {**row, "certainty": "stated", "title_en": "t", "source_ref": ref, "quote_ar": MEETING, **fields}


def test_match_leaves_the_same_words_in_another_paragraph_or_sentence_unpaired(tmp_path):
    links = "a-01:velayati:initiator a-01:putin:target"
    first = _coding(tmp_path, "first", [_meeting("a-01", "p05.2")], links)
    second = _coding(
        tmp_path,
        "second",
        [_meeting("b-01", "p06.1"), _meeting("b-02", "p05.3")],  # another paragraph; another sentence
        "b-01:velayati:initiator b-01:putin:target b-02:velayati:initiator b-02:putin:target",
    )
    assert agreement.match(first, second).empty


def test_disagreements_list_each_differing_field_and_each_event_one_coder_missed(tmp_path):
    first = _coding(
        tmp_path,
        "first",
        [_meeting("a-01", "p05.2"), _meeting("a-02", "p07.5", quote_ar="التقى سليماني سرًا ببوتين")],
        "a-01:velayati:initiator a-01:putin:target a-02:soleimani:initiator a-02:putin:target",
    )
    second = _coding(
        tmp_path,
        "second",
        [_meeting("b-01", "p05.2-3", certainty="reported"), _meeting("b-09", "p08.3", quote_ar="مركز بغداد")],
        "b-01:velayati:initiator b-01:putin:target b-09:russia:initiator b-09:iran:target",
    )
    assert agreement.disagreements(first, second).to_numpy().tolist() == [
        ["a-01", "b-01", "certainty", "stated", "reported"],
        ["a-02", "", "detection", "event", ""],
        ["", "b-09", "detection", "", "event"],
    ]
    assert agreement.detection(first, second) == pytest.approx(
        {"first": 2, "second": 2, "both": 1, "precision": 0.5, "recall": 0.5, "f1": 0.5}
    )


# ---------------------------------------------------------------------------- the adjudication and the table


@pytest.fixture(scope="module")
def adjudication() -> pd.DataFrame:
    return pd.read_csv(ROOT / "data" / "adjudication.csv", dtype=str, keep_default_na=False)


KEY = ["first_id", "second_id", "field"]


def test_every_disagreement_has_exactly_one_adjudication(first, second, adjudication):
    found = agreement.disagreements(first, second)
    assert not found.empty
    counts = found[KEY].merge(adjudication[KEY], on=KEY, how="left", indicator=True)
    assert counts.groupby(KEY, sort=False).size().eq(1).all() and (counts._merge == "both").all()
    assert not adjudication.duplicated(KEY).any()
    assert sorted(map(tuple, adjudication[KEY].to_numpy())) == sorted(map(tuple, found[KEY].to_numpy()))


def test_every_adjudication_names_a_decision_and_a_reason(adjudication):
    assert set(adjudication.decision) <= {"first", "second", "neither"}
    assert (adjudication.decision != "").all() and (adjudication.reason.str.strip() != "").all()
    # A short reason ("Follows the date decision.", "As above.") points to a reasoned one on the same pair.
    words = adjudication.reason.str.split().str.len()
    reasoned = set(map(tuple, adjudication.loc[words >= 5, ["first_id", "second_id"]].to_numpy()))
    pointers = adjudication.loc[words < 5, ["first_id", "second_id"]]
    assert [pair for pair in map(tuple, pointers.to_numpy()) if pair not in reasoned] == []


def test_field_adjudications_record_both_codings_and_follow_the_decision(first, second, adjudication):
    found = agreement.disagreements(first, second)
    fields = found[found.field != "detection"].merge(adjudication, on=KEY)
    assert len(fields) == int((adjudication.field != "detection").sum())
    assert (fields["first"] == fields.first_coding).all() and (fields["second"] == fields.second_coding).all()
    chosen = fields.decision.map({"first": "first_coding", "second": "second_coding"})
    for row, column in zip(fields.itertuples(), chosen, strict=True):
        if isinstance(column, str):
            assert row.final_coding == getattr(row, column), (row.first_id, row.field)
        else:  # neither
            assert row.final_coding not in (row.first_coding, row.second_coding), (row.first_id, row.field)


def test_published_agreement_table_meets_the_targets_for_the_books_measures(first, second):
    table = agreement.field_agreement(first, second).set_index("field")
    for field in ("quad_class", "ri_relation"):
        assert table.loc[agreement.FIELD_LABELS[field], "alpha"] >= 0.8, field
    assert (table.met == (table.alpha >= table.target)).all()
    assert list(table.index) == list(agreement.FIELD_LABELS.values())
