"""Corpus-level figures count articles or stories; per-outlet figures always count articles."""

from __future__ import annotations

from datetime import date

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
