"""Corpus-level figures count articles or stories; per-outlet figures always count articles."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from pipeline.config import StanceParams, parse_params
from pipeline.stance.units import aggregate_units, corpus_units, story_level


def _frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    # a and b are one story told by two outlets; c is a story of its own
    stance = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "published": [date(2024, 5, 9), date(2024, 5, 8), date(2024, 6, 1)],
            "outlet": ["X", "Y", "X"],
            "alignment": [-0.6, -0.2, 0.5],
            "alignment_ci_low": [-0.8, -0.4, 0.3],
            "alignment_ci_high": [-0.4, 0.0, 0.7],
            "framing": [-0.2, 0.0, 0.4],
            "n_evidence": [3, 2, 1],
        }
    )
    articles = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "wires": [["TASS"], ["Reuters"], []],
            "story_id": ["b", "b", "c"],
        }
    )
    return stance, articles


def test_a_story_counts_once_with_its_articles_mean() -> None:
    stance, articles = _frames()
    units, unit_articles = story_level(stance, articles)
    assert list(units["doc_id"]) == ["b", "c"]  # keyed by the earliest article
    row = units.set_index("doc_id").loc["b"]
    assert row["alignment"] == pytest.approx(-0.4) and row["n_evidence"] == 5
    assert row["published"] == date(2024, 5, 8)
    assert unit_articles.set_index("doc_id").at["b", "wires"] == ["Reuters", "TASS"]
    same, _ = corpus_units(stance, articles, "articles")
    assert same is stance


def test_aggregates_count_the_unit_but_outlets_count_articles() -> None:
    stance, articles = _frames()
    by_story = aggregate_units(stance, articles, StanceParams(count_unit="stories"))
    by_article = aggregate_units(stance, articles, StanceParams(count_unit="articles"))
    may = lambda t: t[(t["dimension"] == "month") & (t["group"] == "2024-05")].iloc[0]  # noqa: E731
    assert may(by_article)["n_articles"] == 2 and may(by_story)["n_articles"] == 1
    assert may(by_story)["alignment"] == pytest.approx(-0.4)
    outlets = lambda t: t[t["dimension"] == "outlet"].reset_index(drop=True)  # noqa: E731
    pd.testing.assert_frame_equal(outlets(by_story), outlets(by_article))
    assert set(by_story["dimension"]) == {"month", "outlet", "wire"}


def test_count_unit_is_validated() -> None:
    assert parse_params({"stance": {"count_unit": "stories"}}).stance.count_unit == "stories"
    with pytest.raises(ValueError, match="count_unit"):
        parse_params({"stance": {"count_unit": "pages"}})
    with pytest.raises(ValueError, match="unknown count unit"):
        corpus_units(*_frames(), "pages")


def _story_level_by_loop(
    stance: pd.DataFrame, articles: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """story_level as first written: one pandas group at a time (the slow reference)."""
    story = dict(zip(articles["doc_id"], articles["story_id"], strict=True))
    wires = dict(zip(articles["doc_id"], articles["wires"], strict=True))
    s = stance.assign(
        _story=[story.get(d) if isinstance(story.get(d), str) else d for d in stance["doc_id"]],
        _day=pd.to_datetime(stance["published"]),
    )
    rows, art_rows = [], []
    for _, grp in s.groupby("_story", sort=True):
        grp = grp.sort_values(["_day", "doc_id"], na_position="last")
        first = grp.iloc[0]
        scored = grp[grp["n_evidence"] > 0]
        basis = scored if len(scored) else grp
        row = first.drop(labels=["_story", "_day"]).to_dict()
        for c in ("alignment", "alignment_ci_low", "alignment_ci_high", "framing"):
            row[c] = float(basis[c].mean())
        row["n_evidence"] = int(grp["n_evidence"].sum())
        rows.append(row)
        found: list[str] = []
        for d in grp["doc_id"]:
            found += [w for w in list(wires.get(d, [])) if w not in found]
        art_rows.append({"doc_id": first["doc_id"], "wires": found})
    out = pd.DataFrame(rows, columns=list(stance.columns))
    return out, pd.DataFrame(art_rows, columns=["doc_id", "wires"])


def _random_frames(seed: int, n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n`` scored articles in stories of 1 to ~20 articles: missing and tied dates, stories
    without evidence, articles without ``story_id`` or absent from ``articles``."""
    rng = np.random.default_rng(seed)
    ids = [f"{i:04x}" + "d" * 12 for i in rng.permutation(n)]
    days = [
        None if rng.random() < 0.15 else date(2023, 1, 1) + timedelta(days=int(rng.integers(40)))
        for _ in ids
    ]
    evidence = np.where(rng.random(n) < 0.3, 0, rng.integers(1, 9, n))
    labels = rng.integers(0, 3, n)
    stance = pd.DataFrame(
        {
            "doc_id": ids,
            "published": days,
            "outlet": pd.array(
                [None if rng.random() < 0.2 else f"O{int(rng.integers(5))}" for _ in ids],
                dtype="string[pyarrow]",
            ),
            "alignment": rng.uniform(-1, 1, n),
            "alignment_label": [("pro_russia", "neutral", "pro_west")[i] for i in labels],
            "alignment_ci_low": rng.uniform(-1, 0, n),
            "alignment_ci_high": rng.uniform(0, 1, n),
            "n_evidence": evidence.astype("int64"),
            "framing": rng.uniform(-1, 1, n),
        }
    )
    stories = [f"s{int(rng.zipf(1.6)) % 60:02d}" for _ in ids]
    wire_names = ["AFP", "TASS", "Reuters", "RIA", "AP"]
    articles = pd.DataFrame(
        {
            "doc_id": ids,
            "story_id": [None if rng.random() < 0.1 else s for s in stories],
            "wires": [
                # an article credits each wire once (pipeline.clean.article)
                [wire_names[int(i)] for i in rng.choice(5, int(rng.integers(0, 3)), replace=False)]
                for _ in ids
            ],
        }
    )
    return stance, articles.iloc[: n - 5]  # the last five articles are in no articles table


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_story_level_equals_the_loop_over_stories(seed: int) -> None:
    stance, articles = _random_frames(seed, 400)
    units, unit_articles = story_level(stance, articles)
    want, want_articles = _story_level_by_loop(stance, articles)
    assert len(units) < len(stance) and units["n_evidence"].sum() == stance["n_evidence"].sum()
    assert units["doc_id"].tolist() == want["doc_id"].tolist()
    for c in units.columns:  # the same values, floats bit for bit (missing: None, NaN or NA)
        assert (
            units[c].astype(object).where(units[c].notna(), None).tolist()
            == want[c].astype(object).where(want[c].notna(), None).tolist()
        ), c
    # the story rows keep the article stance's dtypes (the loop inferred them from Python values)
    assert units.dtypes.to_dict() == stance.dtypes.to_dict()
    assert (stance["published"].isna() & stance["n_evidence"].gt(0)).any()
    assert unit_articles["doc_id"].tolist() == want_articles["doc_id"].tolist()
    assert unit_articles["wires"].tolist() == want_articles["wires"].tolist()
    assert (unit_articles["wires"].map(len) > 1).any()


def test_story_level_of_no_articles() -> None:
    stance, articles = _random_frames(0, 10)
    units, unit_articles = story_level(stance.iloc[:0], articles.iloc[:0])
    assert list(units.columns) == list(stance.columns) and units.empty and unit_articles.empty
