from datetime import date

import pandas as pd
import pytest

from pipeline.entities.cooccurrence import cooccurrence_matrix
from pipeline.report import tables as t


def _stance(rows: list[tuple[str, str | None, float, date | None]]) -> pd.DataFrame:
    """Article scores: (doc_id, outlet, alignment, published); interval ±0.1, framing = −align."""
    return pd.DataFrame(
        {
            "doc_id": [r[0] for r in rows],
            "outlet": [r[1] for r in rows],
            "alignment": [r[2] for r in rows],
            "alignment_ci_low": [r[2] - 0.1 for r in rows],
            "alignment_ci_high": [r[2] + 0.1 for r in rows],
            "framing": [-r[2] for r in rows],
            "published": [r[3] for r in rows],
            "n_evidence": [1] * len(rows),
        }
    )


def _articles(rows: list[dict]) -> pd.DataFrame:
    base = {
        "doc_id": "",
        "source": "",
        "outlet": None,
        "published": None,
        "wires": [],
        "status": "kept",
        "reason": None,
        "duplicate_of": None,
        "story_id": None,
    }
    return pd.DataFrame([{**base, **r} for r in rows])


def test_aggregates_are_the_stance_stages_rows_russian_side_first() -> None:
    agg = pd.DataFrame(
        [
            ("outlet", "Y", 3, 0.4, 0.1, 0.6, 0.2),
            ("outlet", "Z", 2, -0.4, -0.6, -0.1, 0.0),
            ("month", "2024-01", 3, 0.4, 0.1, 0.6, 0.2),
        ],
        columns=t.AGGREGATE_COLUMNS,
    )
    assert t.aggregates_for(agg, "outlet")["group"].tolist() == ["Z", "Y"]
    assert t.aggregates_for(agg, "wire").empty  # no recomputed fallback
    with pytest.raises(ValueError, match="ci_low"):
        t.aggregates_for(agg.drop(columns="ci_low"), "outlet")


def test_extreme_outlets_need_enough_articles_and_never_name_the_unknown_outlet() -> None:
    table = pd.DataFrame(
        [
            ("outlet", t.UNKNOWN_OUTLET, 50, 0.9, 0.8, 1.0, 0.0),
            ("outlet", "Small", 1, 0.8, 0.8, 0.8, 0.0),
            ("outlet", "West", 10, 0.3, 0.1, 0.5, 0.0),
            ("outlet", "East", 10, -0.4, -0.6, -0.2, 0.0),
            ("outlet", "Mid", 10, 0.0, -0.1, 0.1, 0.0),
        ],
        columns=t.AGGREGATE_COLUMNS,
    )
    most, least, used = t.extreme_groups(table, 5)
    assert (most["group"], least["group"], used) == ("West", "East", 5)
    most, least, used = t.extreme_groups(table, 100)  # nobody that large: every outlet counts
    assert (most["group"], least["group"], used) == ("Small", "East", 1)
    assert t.extreme_groups(table.head(1), 5) == (None, None, 0)


@pytest.mark.parametrize(
    ("reliable", "low", "high", "words"),
    [
        (True, 0.1, 0.3, "towards the Western side"),
        (True, -0.3, -0.1, "towards the Russian side"),
        (True, -0.1, 0.3, "no clear trend"),
        (False, 0.1, 0.3, "too few dated articles (3)"),
    ],
)
def test_the_stance_stages_trend_is_put_in_words(reliable, low, high, words: str) -> None:
    trend = {"n": 3, "reliable": reliable, "slope": 0.2, "ci_low": low, "ci_high": high}
    described = t.described_trend(trend)
    assert described["direction"].startswith(words)
    assert described["slope"] == 0.2
    assert t.described_trend(None) is None


def test_wire_shares_count_credits_and_articles_by_side() -> None:
    arts = _articles(
        [
            {"doc_id": "a", "wires": ["AFP", "TASS"]},
            {"doc_id": "b", "wires": ["Reuters"]},
            {"doc_id": "c", "wires": ["Anadolu"]},
            {"doc_id": "d", "wires": []},
            {"doc_id": "e", "wires": ["TASS"], "status": "duplicate"},
        ]
    )
    s = t.wire_shares(arts, {"AFP": 1, "Reuters": 1, "TASS": -1, "RIA": -1, "Anadolu": 0})
    assert (s["credits"], s["west"], s["russia"], s["other"]) == (4, 2, 1, 1)
    assert s["west_share"] == 0.5 and s["russia_share"] == 0.25
    assert (s["articles"], s["articles_west"], s["articles_russia"]) == (4, 2, 1)
    # only agencies credited by analysed articles: RIA (dictionary only) is not named
    assert s["russia_names"] == ["TASS"] and s["west_names"] == ["AFP", "Reuters"]
    none_found = t.wire_shares(_articles([{"doc_id": "a", "wires": ["Anadolu"]}]), {"TASS": -1})
    assert none_found["russia_names"] == [] and none_found["west_names"] == []
    empty = t.wire_shares(_articles([{"doc_id": "a"}]), {})
    assert empty["west_share"] is None


def _mentions(rows: list[tuple]) -> pd.DataFrame:
    cols = ["doc_id", "sent_id", "start", "end", "surface", "entity_id", "entity_type", "kind"]
    return pd.DataFrame(rows, columns=[*cols, "bloc"])


def test_top_actors_by_bloc_leave_out_places_and_take_each_blocs_most_mentioned() -> None:
    m = _mentions(
        [
            ("a", 0, 0, 5, "Rusia", "RUS", "COUNTRY", "name", "russia"),
            ("a", 1, 0, 5, "Rusia", "RUS", "COUNTRY", "name", "russia"),
            ("a", 1, 6, 10, "CSTO", "CSTO", "ORG", "name", "russia"),
            ("a", 1, 11, 15, "NATO", "NATO", "ORG", "name", "west"),
            ("a", 2, 0, 7, "Yerevan", "loc:yerevan", "LOC", "name", "focal"),
        ]
    )
    labels = {"CSTO": "Collective Security Treaty Organization", "RUS": "Russia"}
    table = t.top_by_bloc(m, labels, 1, ("russia", "west", "focal", "none"))
    assert table[["bloc", "entity_id", "mentions"]].to_numpy().tolist() == [
        ["russia", "RUS", 2],
        ["west", "NATO", 1],
    ]
    assert t.short_label("CSTO", labels) == "CSTO" and t.short_label("RUS", labels) == "Russia"
    co = cooccurrence_matrix(m, ["RUS", "CSTO", "NATO"])
    assert co.loc["RUS", "CSTO"] == 1 and co.loc["CSTO", "NATO"] == 1 and co.loc["RUS", "RUS"] == 2


def test_discovered_names_are_listed_with_counts_and_an_example() -> None:
    m = _mentions(
        [
            ("a", 0, 0, 5, "Rusia", "RUS", "COUNTRY", "name", "russia"),
            ("a", 0, 6, 12, "Zangez", "new:zangez", "LOC", "discovered", "none"),
            ("b", 3, 0, 6, "Zangez", "new:zangez", "LOC", "discovered", "none"),
        ]
    )
    s = pd.DataFrame(
        {"doc_id": ["a", "b"], "sent_id": [0, 3], "text": ["Rusia Zangez.", "Zangez x."]}
    )
    table = t.discovered_names(m, s)
    assert table.to_dict("records") == [
        {
            "surface": "Zangez",
            "entity_id": "new:zangez",
            "entity_type": "LOC",
            "bloc": "none",
            "mentions": 2,
            "articles": 2,
            "example": "Rusia Zangez.",
        }
    ]
    assert t.discovered_names(m.head(1), s).empty


def test_voices_give_each_speakers_bloc() -> None:
    s = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "b"],
            "sent_id": [0, 1, 0, 1],
            "quote_speaker": ["person:putin", "person:putin", "NATO", None],
        }
    )
    m = _mentions(
        [
            ("a", 0, 0, 5, "Putin", "person:putin", "PERSON", "name", "russia"),
            ("b", 0, 0, 4, "NATO", "NATO", "ORG", "name", "west"),
        ]
    )
    v = t.voices(s, m, {"person:putin": "Vladimir Putin"})
    assert v[["bloc", "speaker", "quotes", "articles"]].to_numpy().tolist() == [
        ["russia", "Vladimir Putin", 2, 1],
        ["west", "NATO", 1, 1],
    ]
    totals = t.bloc_totals(v, "quotes", ("russia", "west", "focal", "none"))
    assert totals["quotes"].tolist() == [2, 1, 0, 0]
    assert totals["share"].tolist() == pytest.approx([2 / 3, 1 / 3, 0, 0])


@pytest.mark.parametrize(
    ("reason", "category"),
    [
        ("exact duplicate of 09e22189f8cdd3d6", "exact duplicate"),
        ("near duplicate (Jaccard 0.84) of 0610f83172159794", "near duplicate"),
        ("too short (12 words < 40)", "too short"),
        ("wrong language: en", "wrong language: en"),
        (None, ""),
    ],
)
def test_reason_category_drops_particulars(reason, category: str) -> None:
    assert t.reason_category(reason) == category


def test_corpus_tables_count_kept_articles_and_explain_the_rest() -> None:
    arts = _articles(
        [
            {"doc_id": "a" * 16, "source": "a.txt", "outlet": "X", "published": date(2024, 1, 2)},
            {"doc_id": "b" * 16, "source": "b.txt", "outlet": "X", "published": date(2024, 2, 2)},
            {"doc_id": "c" * 16, "source": "c.txt", "outlet": None},
            {
                "doc_id": "d" * 16,
                "source": "d.txt",
                "status": "duplicate",
                "reason": f"exact duplicate of {'a' * 16}",
                "duplicate_of": "a" * 16,
            },
            {"doc_id": "e" * 16, "source": "e.bin", "status": "excluded", "reason": "binary"},
        ]
    )
    grid = t.by_outlet_month(arts)
    assert grid.loc["X"].to_dict() == {"2024-01": 1, "2024-02": 1, t.UNDATED: 0, "total": 2}
    assert grid.loc[t.UNKNOWN_OUTLET, "total"] == 1
    assert t.articles_per_month(arts).to_numpy().tolist() == [["2024-01", 1], ["2024-02", 1]]
    rest = t.records(t.not_kept(arts))
    assert [list(r.values()) for r in rest] == [
        ["d.txt", "duplicate", f"exact duplicate of {'a' * 16}", "a.txt"],
        ["e.bin", "excluded", "binary", None],
    ]
    assert t.reason_counts(arts)[["reason", "articles"]].to_numpy().tolist() == [
        ["binary", 1],
        ["exact duplicate", 1],
    ]
    assert t.date_span(arts) == (date(2024, 1, 2), date(2024, 2, 2), 1)


def test_cleaning_rules_count_lines_and_articles_with_the_commonest_line() -> None:
    log = pd.DataFrame(
        {
            "doc_id": ["a", "b", "b", "a"],
            "line_no": [1, 1, 2, 3],
            "text": ["Baca juga: X", "Baca juga: Y", "Baca juga: Y", "Iklan"],
            "rule": ["read_also", "read_also", "read_also", "ads"],
        }
    )
    assert t.cleaning_rules(log).to_numpy().tolist() == [
        ["read_also", 3, 2, "Baca juga: Y"],
        ["ads", 1, 1, "Iklan"],
    ]


def test_framing_table_renders_the_stance_stage_rows_and_never_recomputes() -> None:
    rows = [
        {
            "outlet": "all outlets",
            "articles": 3,
            "framing": 0.1,
            "framing_evaluative": 0.2,
            "framing_sourcing": -0.3,
            "framing_voices": 0.4,
            "n_framing_terms": 5,
        }
    ]
    table = t.framing_table({"framing_by_outlet": rows})
    assert table.to_dict("records") == rows
    assert t.framing_table({"framing_by_outlet": []}).empty
    with pytest.raises(ValueError, match="framing_by_outlet"):
        t.framing_table({})
