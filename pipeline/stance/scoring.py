"""Article scores: alignment with a bootstrap interval, framing and its components, aggregates."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.config import StanceParams, Thresholds
from pipeline.stance.lexicon import Lexicon
from pipeline.stance.relations import find_terms

_QUOTED = re.compile(r"[\"“][^\"“”]{1,600}[\"”]")


def label(value: float, t: Thresholds, names: tuple[str, str, str]) -> str:
    """``names[0]`` at or below the negative threshold, ``names[2]`` at or above the positive."""
    if value <= t.negative:
        return names[0]
    if value >= t.positive:
        return names[2]
    return names[1]


def shrunk_mean(values: np.ndarray, prior: float) -> float:
    """Mean pulled towards 0 by ``prior`` pseudo-observations: Σx / (n + prior)."""
    return float(values.sum() / (len(values) + prior)) if len(values) else 0.0


def _seed(seed: int, key: str) -> int:
    return seed ^ int(hashlib.sha256(key.encode()).hexdigest()[:8], 16)


def bootstrap_ci(
    values: Sequence[float], prior: float, samples: int, level: float, seed: int, key: str
) -> tuple[float, float]:
    """Percentile interval of the shrunk mean over resampled evidence sentences.

    The generator is seeded from ``seed`` and ``key`` (the article id), so an article's interval
    does not depend on which other articles are in the corpus.
    """
    x = np.asarray(values, dtype=float)
    if len(x) == 0:
        return 0.0, 0.0
    rng = np.random.default_rng(_seed(seed, key))
    idx = rng.integers(0, len(x), size=(samples, len(x)))
    means = x[idx].sum(axis=1) / (len(x) + prior)
    alpha = (1 - level) / 2
    lo, hi = np.quantile(means, [alpha, 1 - alpha])
    point = shrunk_mean(x, prior)
    return float(min(lo, point)), float(max(hi, point))


@dataclass(frozen=True)
class Framing:
    evaluative: float
    sourcing: float
    voices: float
    n_terms: int


def _balance(pos: float, neg: float, other: float = 0.0, prior: float = 0.0) -> float:
    total = pos + neg + other + prior
    return (pos - neg) / total if total else 0.0


def framing_components(
    body: str, wires: Iterable[str], speaker_blocs: Iterable[str], lexicon: Lexicon
) -> Framing:
    """Evaluative language outside quotes, wire sourcing and quoted voices, each in [−1, 1]."""
    # Words inside quotation marks are the speaker's, not the text's own evaluation.
    own = _QUOTED.sub(lambda m: " " * len(m.group(0)), body).lower()
    terms = find_terms(own, lexicon.framing)
    pos = sum(t.weight for _, _, t in terms if t.sign > 0)
    neg = sum(t.weight for _, _, t in terms if t.sign < 0)
    evaluative = _balance(pos, neg, prior=1.0)
    signs = [lexicon.wire_bloc.get(w, 0) for w in wires]
    sourcing = _balance(signs.count(1), signs.count(-1), signs.count(0))
    blocs = list(speaker_blocs)
    voices = _balance(
        blocs.count("west"),
        blocs.count("russia"),
        len(blocs) - blocs.count("west") - blocs.count("russia"),
    )
    return Framing(evaluative, sourcing, voices, len(terms))


def combine_framing(f: Framing, params: StanceParams) -> float:
    """Weighted mean of the framing components (weights from ``params.yaml``)."""
    w = params.framing_weights
    total = w.evaluative + w.sourcing + w.voices
    value = (w.evaluative * f.evaluative + w.sourcing * f.sourcing + w.voices * f.voices) / total
    return float(np.clip(value, -1.0, 1.0))


def monthly(stance: pd.DataFrame, samples: int, level: float, seed: int) -> pd.DataFrame:
    """Mean alignment by month over dated articles, with a bootstrap interval over articles.

    A month with a single article takes that article's own interval (over its sentences).
    """
    dated = stance.dropna(subset=["published"])
    cols = ["month", "n_articles", "alignment", "ci_low", "ci_high", "framing"]
    if dated.empty:
        return pd.DataFrame(columns=cols)
    month = pd.to_datetime(dated["published"]).dt.strftime("%Y-%m")
    rows = []
    for m, grp in dated.groupby(month, sort=True):
        x = grp["alignment"].to_numpy(float)
        if len(x) == 1 and "alignment_ci_low" in grp:
            # One article: resampling articles says nothing; its own interval is the honest one.
            lo, hi = float(grp["alignment_ci_low"].iloc[0]), float(grp["alignment_ci_high"].iloc[0])
        else:
            lo, hi = bootstrap_ci(x, 0.0, samples, level, seed, f"month:{m}")
        rows.append(
            (
                m,
                len(x),
                round(float(x.mean()), 6),
                round(lo, 6),
                round(hi, 6),
                round(float(grp["framing"].mean()), 6),
            )
        )
    return pd.DataFrame(rows, columns=cols)
