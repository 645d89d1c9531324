"""Article scores, bootstrap intervals, framing and its attribution, aggregates."""

import json
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from pipeline.config import StanceParams, Thresholds
from pipeline.io import write_table
from pipeline.stance.lexicon import Lexicon
from pipeline.stance.scoring import (
    aggregate,
    alignment_trend,
    bootstrap_ci,
    bootstrap_intervals,
    combine_framing,
    corpus_terms,
    framing_components,
    framings,
    generator,
    label,
    monthly,
    own_terms,
    percentile_interval,
    resample_counts,
    resample_indices,
    resampled_sums,
    row_quantiles,
    shrunk_mean,
    slope_ci,
    stance_summary,
)


def test_shrunk_mean_and_no_evidence() -> None:
    assert shrunk_mean(np.array([1.0, 1.0, 1.0]), 1.0) == 0.75
    assert shrunk_mean(np.zeros(0), 1.0) == 0.0
    assert bootstrap_ci([], 1.0, 500, 0.9, 1, "x") == (0.0, 0.0)
    assert bootstrap_intervals([[]], 1.0, 500, 0.9, 1) == ([0.0], [0.0], [0.0])


def test_group_bootstrap_is_deterministic_per_key_and_contains_the_point() -> None:
    x = [-1.0, 0.5, -0.8, -0.2, 1.0]
    a = bootstrap_ci(x, 1.0, 1000, 0.9, 42, "doc1")
    assert a == bootstrap_ci(x, 1.0, 1000, 0.9, 42, "doc1")
    assert a != bootstrap_ci(x, 1.0, 1000, 0.9, 42, "doc2")
    lo, hi = a
    assert lo <= shrunk_mean(np.array(x), 1.0) <= hi and lo < hi


def test_article_intervals_depend_only_on_the_articles_own_sentences() -> None:
    x = [-1.0, 0.5, -0.8, -0.2, 1.0]
    alone = bootstrap_intervals([x], 1.0, 2000, 0.9, 7)
    among = bootstrap_intervals([[0.3, 0.1], x, [1.0] * 5, []], 1.0, 2000, 0.9, 7)
    assert [v[0] for v in alone] == [v[1] for v in among]
    point, lo, hi = (v[0] for v in alone)
    assert point == pytest.approx(sum(x) / 6) and lo < point < hi
    # identical sentence scores: every resample has the same mean
    assert [v[2] for v in among] == [pytest.approx(5 / 6)] * 3
    # the interval narrows with more evidence of the same spread
    wide = bootstrap_intervals([[1.0, -1.0] * 2], 0.0, 2000, 0.9, 7)
    narrow = bootstrap_intervals([[1.0, -1.0] * 20], 0.0, 2000, 0.9, 7)
    assert narrow[2][0] - narrow[1][0] < wide[2][0] - wide[1][0]


def test_one_resampler_draws_indices_in_blocks_of_bounded_size() -> None:
    blocks = list(resample_indices(50, 300, generator(1, "k"), max_cells=1000))
    assert [b.shape for b in blocks] == [(20, 50)] * 15  # never more than 1000 cells
    whole = np.vstack(list(resample_indices(50, 300, generator(1, "k"))))
    assert np.array_equal(np.vstack(blocks), whole)  # blocks are one draw sequence
    assert whole.min() == 0 and whole.max() == 49
    assert not np.array_equal(whole, np.vstack(list(resample_indices(50, 300, generator(1, "j")))))
    counts = resample_counts(whole, 50)
    assert counts.shape == (300, 50) and (counts.sum(axis=1) == 50).all()
    assert np.array_equal(counts[7], np.bincount(whole[7], minlength=50))


def test_resampled_sums_are_each_rows_sums_over_the_drawn_indices() -> None:
    x = np.random.default_rng(3).uniform(-1, 1, size=(4, 50)).round(6)
    got = resampled_sums(x, 300, generator(1, "k"), max_cells=1000)
    idx = np.vstack(list(resample_indices(50, 300, generator(1, "k"))))
    assert got.shape == (4, 300) and np.allclose(got, x[:, idx].sum(axis=-1))
    # a row's sums are the same floats alone, with other rows, and in other block sizes
    alone = resampled_sums(x[2:3], 300, generator(1, "k"))
    assert alone.tobytes() == got[2:3].tobytes()


@pytest.mark.parametrize("kind", ["continuous", "ties"])
def test_row_quantiles_equal_numpy_quantile(kind: str) -> None:
    rng = np.random.default_rng(11)
    for _ in range(200):
        m, n = int(rng.integers(1, 12)), int(rng.integers(1, 400))
        if kind == "ties":  # few distinct values, as the lexicon's sentence scores
            values = rng.integers(-4, 5, size=(m, n)) / 4.0
        else:
            values = rng.normal(scale=2.0, size=(m, n))
        q = [*rng.uniform(0, 1, size=2).tolist(), 0.0, 0.05, 0.5, 0.95, 1.0]
        scale = float(rng.uniform(0.5, 12.0))
        want = np.quantile(np.clip(values / scale, -1.0, 1.0), q, axis=1)
        got = row_quantiles(values.copy(), q, lambda v, s=scale: np.clip(v / s, -1.0, 1.0))
        assert got.tobytes() == want.tobytes()  # the same floats, bit for bit


def _intervals_with_numpy_quantile(values, prior, samples, level, seed, dilution):
    """bootstrap_intervals written plainly: each article on its own, its resampled scores
    (gathered by the drawn indices) and np.quantile."""
    out = []
    alpha = (1 - level) / 2
    for v in values:
        x = np.asarray(v, dtype=np.float64)
        if not len(x):
            out.append((0.0, 0.0, 0.0))
            continue
        scale = prior + dilution * len(x)
        p = float(np.clip(x.sum() / scale, -1.0, 1.0))
        if x.max() == x.min():
            out.append((p, p, p))
            continue
        # the same sums as bootstrap_intervals (one row's product with the draw counts)
        sums = resampled_sums(x[None, :], samples, generator(seed, f"plan:{len(x)}"))[0]
        lo, hi = np.quantile(np.clip(sums / scale, -1.0, 1.0), [alpha, 1 - alpha])
        out.append((p, min(float(lo), p), max(float(hi), p)))
    return tuple(list(col) for col in zip(*out, strict=True))


@pytest.mark.parametrize(("prior", "dilution", "level"), [(2.0, 0.5, 0.9), (1.0, 1.0, 0.95)])
def test_bootstrap_intervals_equal_each_articles_own_resamples_under_numpy_quantile(
    prior: float, dilution: float, level: float
) -> None:
    rng = np.random.default_rng(5)
    values = [rng.uniform(-1, 1, size=int(k)).round(6).tolist() for k in rng.integers(0, 30, 60)]
    values += [[0.5, -0.25, 0.5], [0.5, -0.25, 0.5], [1.0] * 4]  # repeated and constant articles
    got = bootstrap_intervals(values, prior, 500, level, 9, dilution)
    assert got == _intervals_with_numpy_quantile(values, prior, 500, level, 9, dilution)


def test_an_articles_interval_does_not_depend_on_articles_of_its_length() -> None:
    x = [-1.0, 0.5, -0.8, -0.2, 1.0]
    alone = bootstrap_intervals([x], 1.0, 2000, 0.9, 7)
    others = [[0.3, 0.1, 0.2, 0.9, -1.0], x, [0.5, 0.5, 0.5, 0.5, 1.0]]  # the same length
    among = bootstrap_intervals(others, 1.0, 2000, 0.9, 7)
    assert [v[0] for v in alone] == [v[1] for v in among]


def test_group_and_trend_intervals_resample_through_the_one_resampler() -> None:
    x = np.array([-1.0, 0.5, -0.8, -0.2, 1.0, 0.25])
    idx = np.vstack(list(resample_indices(6, 800, generator(4, "month:2024-01"))))
    means = x[idx].sum(axis=1) / (6 + 1.0)
    want = np.quantile(means, [0.05, 0.95])
    assert bootstrap_ci(x, 1.0, 800, 0.9, 4, "month:2024-01") == pytest.approx(tuple(want))
    assert bootstrap_ci([0.4] * 6, 1.0, 800, 0.9, 4, "k") == (2.4 / 7, 2.4 / 7)  # constant
    assert bootstrap_ci([0.4], 0.0, 800, 0.9, 4, "k") == (0.4, 0.4)  # one value
    t = np.linspace(0, 3, 40)
    y = 0.1 * t + np.random.default_rng(0).normal(0, 0.1, 40)
    idx = np.vstack(list(resample_indices(40, 700, generator(4, "trend"))))
    tc = t[idx] - t[idx].mean(axis=1, keepdims=True)
    slopes = (tc * (y[idx] - y[idx].mean(axis=1, keepdims=True))).sum(axis=1) / (tc * tc).sum(1)
    point, lo, hi = slope_ci(t, y, 700, 0.9, 4)
    assert (lo, hi) == pytest.approx(tuple(np.quantile(slopes, [0.05, 0.95])))
    assert lo < point < hi


def test_percentile_interval_holds_the_point() -> None:
    boot = np.array([[0.1, 0.2, 0.3, 0.4], [0.1, 0.2, 0.3, 0.4]])
    lo, hi = percentile_interval(boot, 0.5, np.array([0.0, 0.25]))
    assert lo.tolist() == [0.0, pytest.approx(0.175)] and hi.tolist() == pytest.approx([0.325] * 2)


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


@pytest.mark.parametrize(
    "body",
    [
        "Kalangan oposisi menuding PM Armenia itu pengkhianat.",
        "Kremlin menuduh Yerevan melakukan pengkhianatan.",
        "Pashinyan menyalahkan Rusia atas kegagalan Moskow mencegah serangan.",
        "Menurut Moskow, pemerintah Armenia adalah boneka Barat.",
        "Pemerintah Armenia adalah boneka Barat, kata Lavrov.",
    ],
)
def test_reported_accusations_are_not_the_outlets_framing(lexicon: Lexicon, body: str) -> None:
    assert own_terms(body.lower(), lexicon) == []
    assert framing_components(body, [], [], lexicon).evaluative == 0


def test_the_outlets_own_terms_count_after_an_attributed_sentence(lexicon: Lexicon) -> None:
    body = "Kremlin menuduh Yerevan berkhianat. Rezim Putin terus menekan Armenia."
    assert [t.text for t in own_terms(body.lower(), lexicon)] == ["rezim putin"]


def test_corpus_terms_equal_each_bodys_own_terms(lexicon: Lexicon) -> None:
    bodies = [
        "Agresi Rusia berlanjut.",
        "Tidak ada istilah.",
        '"Boneka Barat," kata dia. Invasi Rusia dikecam.',
        "",
    ]
    assert corpus_terms(bodies, lexicon) == [own_terms(b.lower(), lexicon) for b in bodies]


def _stance() -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = [c * 16 for c in "abcde"]
    stance = pd.DataFrame(
        {
            "doc_id": ids,
            "published": [date(2020, 10, 1), date(2020, 10, 20), None, date(2024, 6, 13), None],
            "outlet": ["Kompas.com", "Kompas.com", None, "Tempo", "Tempo"],
            "alignment": [-0.5, -0.7, 0.9, 0.6, 0.0],
            "alignment_label": ["pro_russia", "pro_russia", "pro_west", "pro_west", "neutral"],
            "alignment_ci_low": [-0.9, -0.8, 0.0, 0.2, 0.0],
            "alignment_ci_high": [0.0, 0.0, 1.0, 0.9, 0.0],
            "n_evidence": [3, 2, 4, 1, 0],
            "framing": [0.0, 0.1, 0.0, 0.2, 0.0],
            "framing_label": ["neutral"] * 5,
        }
    )
    articles = pd.DataFrame(
        {"doc_id": ids, "wires": [["AFP"], ["AFP", "TASS"], [], ["Reuters"], ["AFP"]]}
    )
    return stance, articles


def test_aggregates_by_month_outlet_and_wire(tmp_path) -> None:
    stance, articles = _stance()
    agg = aggregate(stance, articles, 500, 0.9, 1)
    write_table(agg, tmp_path / "agg.parquet", "aggregates")  # honours the contract
    rows = {(d, g): r for d, g, *r in agg.itertuples(index=False)}
    assert [g for d, g in rows if d == "month"] == ["2020-10", "2024-06"]  # undated: no month
    assert rows[("month", "2020-10")][:2] == [2, -0.6]
    assert rows[("outlet", "(unknown)")][:2] == [1, 0.9]
    assert rows[("outlet", "Tempo")][:2] == [1, 0.6]  # the article without evidence is left out
    assert rows[("wire", "AFP")][:2] == [2, -0.6]  # e has AFP but no evidence
    assert rows[("wire", "TASS")][:2] == [1, -0.7]  # an article with two wires is in both
    assert rows[("wire", "(no wire credited)")][:2] == [1, 0.9]
    # a group of one article keeps that article's interval
    assert rows[("month", "2024-06")][2:4] == [0.2, 0.9]
    assert (agg["ci_low"] <= agg["alignment"]).all() and (agg["alignment"] <= agg["ci_high"]).all()
    assert agg.equals(aggregate(stance, articles, 500, 0.9, 1))


def test_monthly_plot_table_is_the_month_rows() -> None:
    stance, articles = _stance()
    m = monthly(aggregate(stance, articles, 500, 0.9, 1))
    assert list(m.columns) == ["month", "n_articles", "alignment", "ci_low", "ci_high", "framing"]
    assert m["month"].tolist() == ["2020-10", "2024-06"]


def _drifting(n: int) -> pd.DataFrame:
    """``n`` articles from 2020 on whose alignment drifts +0.2 a year (with noise)."""
    rng = np.random.default_rng(0)
    start = date(2020, 1, 1)
    days = [start + timedelta(days=int(i * 9)) for i in range(n)]
    align = [
        float(np.clip(-0.5 + 0.2 * (d - start).days / 365.25 + rng.normal(0, 0.2), -1, 1))
        for d in days
    ]
    return pd.DataFrame({"published": days, "alignment": align, "framing": [0.0] * n})


def test_alignment_trend_finds_a_drift_to_the_west_with_an_interval() -> None:
    trend = alignment_trend(_drifting(200), 1000, 0.9, 7)
    assert trend is not None and trend["reliable"] and trend["n"] == 200
    assert trend["ci_low"] <= trend["slope"] <= trend["ci_high"]
    assert trend["ci_low"] > 0.1 and trend["slope"] == pytest.approx(0.2, abs=0.05)
    first, last = trend["first_year"], trend["last_year"]
    assert (first["year"], trend["first_date"]) == (2020, "2020-01-01")
    assert first["ci_low"] <= first["alignment"] <= first["ci_high"]
    assert first["alignment"] < last["alignment"]
    assert trend == alignment_trend(_drifting(200), 1000, 0.9, 7)  # deterministic
    wider = alignment_trend(_drifting(200), 1000, 0.99, 7)
    assert wider["ci_low"] < trend["ci_low"] and wider["ci_high"] > trend["ci_high"]


def test_alignment_trend_is_cautious_with_few_or_no_dates() -> None:
    one = _drifting(1)
    assert alignment_trend(one, 500, 0.9, 1) is None
    assert alignment_trend(one.assign(published=None), 500, 0.9, 1) is None
    assert alignment_trend(_drifting(3), 500, 0.9, 1)["reliable"] is False


def test_stance_summary_records_the_level_and_resamples_it_used() -> None:
    params = StanceParams(ci_level=0.95, bootstrap_samples=500, seed=3)
    got = stance_summary(_drifting(30), params)
    assert (got["ci_level"], got["bootstrap_samples"], got["seed"]) == (0.95, 500, 3)
    assert got["trend"] == alignment_trend(_drifting(30), 500, 0.95, 3)
    assert got["articles"] == 30 and got["mean_framing"] == 0.0
    json.dumps(got)  # written as JSON as it is
    empty = stance_summary(_drifting(0), params)
    assert (empty["mean_alignment"], empty["trend"]) == (None, None)


def test_framings_of_many_articles_equal_each_article_alone(lexicon: Lexicon) -> None:
    rng = np.random.default_rng(3)
    bodies = [
        "Agresi Rusia terus berlanjut.",
        "Pemerintah boneka Barat di Yerevan, agresi Barat.",
        "Teks tanpa penilaian.",
        '"Agresi Rusia," kata dia. Propaganda Kremlin.',
    ] * 5
    wire_sets = [[], ["TASS"], ["AFP", "RIA", "Xinhua"], ["Reuters", "AP"], ["Antara"]]
    wires = [wire_sets[int(i)] for i in rng.integers(0, 5, len(bodies))]
    voice_article = rng.integers(0, len(bodies), 40)
    voice_bloc = [("west", "russia", "focal", "none", None)[int(i)] for i in rng.integers(0, 5, 40)]
    terms = corpus_terms(bodies, lexicon)
    got = framings(terms, wires, voice_article, voice_bloc, lexicon)
    for i, body in enumerate(bodies):
        blocs = [b or "none" for a, b in zip(voice_article, voice_bloc, strict=True) if a == i]
        one = framing_components(body, wires[i], blocs, lexicon)
        assert (got[0][i], got[1][i], got[2][i], got[3][i]) == (
            one.evaluative,
            one.sourcing,
            one.voices,
            one.n_terms,
        )
    assert got[0].std() > 0 and got[1].std() > 0 and got[2].std() > 0
