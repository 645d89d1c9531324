import numpy as np
import pytest

from pipeline.config import StanceParams, Thresholds
from pipeline.stance.lexicon import Lexicon
from pipeline.stance.scoring import (
    bootstrap_ci,
    combine_framing,
    framing_components,
    label,
    monthly,
    shrunk_mean,
)


def test_shrunk_mean_and_no_evidence() -> None:
    assert shrunk_mean(np.array([1.0, 1.0, 1.0]), 1.0) == 0.75
    assert shrunk_mean(np.zeros(0), 1.0) == 0.0
    assert bootstrap_ci([], 1.0, 500, 0.9, 1, "x") == (0.0, 0.0)


def test_bootstrap_is_deterministic_per_article_and_contains_the_point() -> None:
    x = [-1.0, 0.5, -0.8, -0.2, 1.0]
    a = bootstrap_ci(x, 1.0, 1000, 0.9, 42, "doc1")
    assert a == bootstrap_ci(x, 1.0, 1000, 0.9, 42, "doc1")
    assert a != bootstrap_ci(x, 1.0, 1000, 0.9, 42, "doc2")
    lo, hi = a
    assert lo <= shrunk_mean(np.array(x), 1.0) <= hi and lo < hi


def test_labels_at_thresholds() -> None:
    t = Thresholds(negative=-0.2, positive=0.2)
    names = ("pro_russia", "neutral", "pro_west")
    assert [label(v, t, names) for v in (-0.2, -0.19, 0.0, 0.2)] == [
        "pro_russia",
        "neutral",
        "neutral",
        "pro_west",
    ]


def test_framing_ignores_quoted_words_and_counts_sources(lexicon: Lexicon) -> None:
    own = framing_components("Agresi Rusia terus berlanjut.", [], [], lexicon)
    quoted = framing_components('"Agresi Rusia terus berlanjut," kata dia.', [], [], lexicon)
    assert own.evaluative > 0 and quoted.evaluative == 0
    pro_ru = framing_components("Pemerintah boneka Barat di Yerevan.", [], [], lexicon)
    assert pro_ru.evaluative < 0
    src = framing_components("Teks.", ["TASS", "RIA"], ["russia", "west", "russia"], lexicon)
    assert src.sourcing == -1.0 and src.voices == pytest.approx(-1 / 3)
    value = combine_framing(src, StanceParams())
    assert -1 <= value < 0


def test_monthly_aggregates_dated_articles_only() -> None:
    from datetime import date

    import pandas as pd

    stance = pd.DataFrame(
        {
            "published": [date(2020, 10, 1), date(2020, 10, 20), None, date(2024, 6, 13)],
            "alignment": [-0.5, -0.7, 0.9, 0.6],
            "framing": [0.0, 0.1, 0.0, 0.2],
        }
    )
    m = monthly(stance, 500, 0.9, 1)
    assert m["month"].tolist() == ["2020-10", "2024-06"]
    assert m["n_articles"].tolist() == [2, 1]
    assert m["alignment"].tolist() == [-0.6, 0.6]
    assert (m["ci_low"] <= m["alignment"]).all() and (m["alignment"] <= m["ci_high"]).all()
    with_ci = stance.assign(
        alignment_ci_low=[-0.9, -0.8, 0.0, 0.2], alignment_ci_high=[0, 0, 1, 0.9]
    )
    single = monthly(with_ci, 500, 0.9, 1).set_index("month").loc["2024-06"]
    assert (single["ci_low"], single["ci_high"]) == (0.2, 0.9)
