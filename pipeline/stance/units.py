"""What corpus-level figures count: articles, or stories (rewrites of one story counted once).

The clean stage links rewrites and republished copies of one story (``story_id``) and keeps every
outlet's article. Per-outlet figures always count articles (each outlet's own telling); the
corpus-level ones (month and wire aggregates, the corpus means and the trend of
``stance_summary.json``) count what ``stance.count_unit`` says: ``articles`` (every scored
article once), or ``stories`` (a story once, as the mean of its scored articles, dated by its
earliest article and crediting every wire any of them credits).
"""

from __future__ import annotations

import pandas as pd

from pipeline.config import StanceParams
from pipeline.stance.scoring import aggregate

_MEANS = ("alignment", "alignment_ci_low", "alignment_ci_high", "framing")


def story_level(stance: pd.DataFrame, articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(stance, articles)`` with one row per story of the scored articles.

    A story's row is keyed by its earliest scored article's ``doc_id`` (then the smallest id):
    mean alignment, interval bounds and framing of its articles with evidence (of all of them
    when none has evidence), summed evidence, earliest date, and the union of their wires. An
    article without ``story_id`` is a story of its own.
    """
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
        for c in _MEANS:
            row[c] = float(basis[c].mean())
        row["n_evidence"] = int(grp["n_evidence"].sum())
        rows.append(row)
        found: list[str] = []
        for d in grp["doc_id"]:
            found += [w for w in list(wires.get(d, [])) if w not in found]
        art_rows.append({"doc_id": first["doc_id"], "wires": found})
    out = pd.DataFrame(rows, columns=list(stance.columns))
    return out, pd.DataFrame(art_rows, columns=["doc_id", "wires"])


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
