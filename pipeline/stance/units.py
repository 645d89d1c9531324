"""What corpus-level figures count: articles, or stories (rewrites of one story counted once).

The clean stage links rewrites and republished copies of one story (``story_id``) and keeps every
outlet's article. Per-outlet figures always count articles (each outlet's own telling); the
corpus-level ones (month and wire aggregates, the corpus means and the trend of
``stance_summary.json``) count what ``stance.count_unit`` says: ``articles`` (every scored
article once), or ``stories`` (a story once, as the mean of its scored articles, dated by its
earliest article and crediting every wire any of them credits).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.config import StanceParams
from pipeline.stance.scoring import aggregate

_MEANS = ("alignment", "alignment_ci_low", "alignment_ci_high", "framing")


def story_level(stance: pd.DataFrame, articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(stance, articles)`` with one row per story of the scored articles, in story order.

    A story's row is keyed by its earliest scored article's ``doc_id`` (then the smallest id)
    and holds that article's other columns: mean alignment, interval bounds and framing of its
    articles with evidence (of all of them when none has evidence), summed evidence, earliest
    date, and the union of their wires (in article order). An article without ``story_id`` is a
    story of its own. Group aggregations over the articles sorted by story, date and id.
    """
    story = dict(zip(articles["doc_id"], articles["story_id"], strict=True))
    wires = dict(zip(articles["doc_id"], articles["wires"], strict=True))
    s = stance.assign(
        _story=[story.get(d) if isinstance(story.get(d), str) else d for d in stance["doc_id"]],
        _day=pd.to_datetime(stance["published"]),
    ).sort_values(["_story", "_day", "doc_id"], na_position="last", kind="stable")
    key = s["_story"]
    first = ~key.duplicated()
    scored = s["n_evidence"].gt(0)
    basis = scored | ~scored.groupby(key, sort=False).transform("any")
    means = _ordered_means(s.loc[basis, list(_MEANS)], key[basis])
    out = s.loc[first, list(stance.columns)].reset_index(drop=True)
    for c in _MEANS:
        out[c] = means[c]
    out["n_evidence"] = s.groupby(key, sort=False)["n_evidence"].sum().to_numpy()
    found = pd.DataFrame(
        {"_story": key.to_numpy(), "wire": [list(wires.get(d, [])) for d in s["doc_id"]]}
    ).explode("wire")
    union = found.dropna(subset="wire").drop_duplicates().groupby("_story", sort=True)["wire"]
    lists = union.agg(list).reindex(key[first].to_numpy())
    unit_articles = pd.DataFrame(
        {
            "doc_id": out["doc_id"].tolist(),
            "wires": [w if isinstance(w, list) else [] for w in lists],
        }
    )
    return out, unit_articles


def _ordered_means(values: pd.DataFrame, key: pd.Series) -> dict[str, np.ndarray]:
    """The mean of each column of ``values`` over each run of equal ``key`` (rows sorted by
    key), the same floats as ``Series.mean`` of each run: NumPy's sum, then ÷ count. Runs of one
    or two rows (most stories) are summed by one ``np.add.reduceat``; it adds longer runs in
    another order than ``np.sum``, so each of those is summed on its own."""
    starts = np.flatnonzero(~key.duplicated().to_numpy())
    if not len(starts):
        return {c: np.zeros(0) for c in values.columns}
    count = np.diff(np.r_[starts, len(key)])
    long_runs = np.flatnonzero(count > 2).tolist()
    out = {}
    for c in values.columns:
        v = values[c].to_numpy(np.float64)
        sums = np.add.reduceat(v, starts)
        for i in long_runs:
            sums[i] = v[starts[i] : starts[i] + count[i]].sum()
        out[c] = sums / count
    return out


def corpus_units(
    stance: pd.DataFrame, articles: pd.DataFrame, unit: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``(stance, articles)`` corpus-level figures are computed from, for ``unit``."""
    if unit == "articles":
        return stance, articles
    if unit == "stories":
        return story_level(stance, articles)
    raise ValueError(f"unknown count unit {unit!r} (articles|stories)")


def aggregate_units(
    stance: pd.DataFrame, articles: pd.DataFrame, params: StanceParams
) -> pd.DataFrame:
    """:func:`pipeline.stance.scoring.aggregate` with month and wire groups counting
    ``params.count_unit`` (``n_articles`` then counts stories) and outlet groups articles."""
    args = (params.bootstrap_samples, params.ci_level, params.seed)
    by_article = aggregate(stance, articles, *args)
    if params.count_unit == "articles":
        return by_article
    units, unit_articles = corpus_units(stance, articles, params.count_unit)
    by_unit = aggregate(units, unit_articles, *args)
    out = pd.concat(
        [
            by_unit[by_unit["dimension"] == "month"],
            by_article[by_article["dimension"] == "outlet"],
            by_unit[by_unit["dimension"] == "wire"],
        ],
        ignore_index=True,
    )
    return out
