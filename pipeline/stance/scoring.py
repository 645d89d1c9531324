"""Article scores: alignment with a bootstrap interval, framing and its components, aggregates."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass

import numpy as np
import pandas as pd
import threadpoolctl

from pipeline.config import StanceParams, Thresholds
from pipeline.matching import Hits, scan
from pipeline.schemas import COLUMNS
from pipeline.stance.lexicon import Lexicon, Term
from pipeline.stance.relations import lower_join

_QUOTED = re.compile(r"[\"“][^\"“”]{1,600}[\"”]")
_TRAILING_SAY = re.compile(r",\s*(?:kata|ujar|ucap|tutur|ungkap|jelas|imbuh|tambah)(?:nya)?\b")


def label(value: float, t: Thresholds, names: tuple[str, str, str]) -> str:
    """``names[0]`` at or below the negative threshold, ``names[2]`` at or above the positive."""
    if value <= t.negative:
        return names[0]
    if value >= t.positive:
        return names[2]
    return names[1]


def labels(values: np.ndarray, t: Thresholds, names: tuple[str, str, str]) -> list[str]:
    """:func:`label` of every value."""
    pick = np.where(values <= t.negative, 0, np.where(values >= t.positive, 2, 1))
    return [names[i] for i in pick.tolist()]


def shrunk_mean(values: np.ndarray, prior: float) -> float:
    """Mean pulled towards 0 by ``prior`` pseudo-observations: Σx / (n + prior)."""
    return float(values.sum() / (len(values) + prior)) if len(values) else 0.0


def denominator(n: int | np.ndarray, prior: float, dilution: float) -> float | np.ndarray:
    """What an article's summed sentence scores are divided by: ``prior + dilution × n``
    (dilution 1: the shrunk mean; 0: a scaled sum that zero-score sentences do not dilute)."""
    return prior + dilution * n


def article_score(values: np.ndarray, prior: float, dilution: float) -> float:
    """The aggregation rule: clip(Σx / (prior + dilution × n), −1, 1); no evidence → 0."""
    if not len(values):
        return 0.0
    return float(np.clip(values.sum() / denominator(len(values), prior, dilution), -1.0, 1.0))


def _seed(seed: int, key: str) -> int:
    return seed ^ int(hashlib.sha256(key.encode()).hexdigest()[:8], 16)


def generator(seed: int, key: str) -> np.random.Generator:
    """The bootstrap's random generator for ``key`` (a group, ``plan:<n>`` for articles with
    ``n`` evidence sentences, ``trend``): what it draws depends on ``seed`` and ``key`` only."""
    return np.random.default_rng(_seed(seed, key))


# Cells (resamples × items) of one block of resampled indices: 2000 resamples of up to 2,097
# items fit in one block (32 MiB of int64); a longer input is resampled block by block.
RESAMPLE_BLOCK_CELLS = 1 << 22


def resample_indices(
    n: int, samples: int, rng: np.random.Generator, max_cells: int = RESAMPLE_BLOCK_CELLS
) -> Iterator[np.ndarray]:
    """The project's one bootstrap resampler: ``samples`` resamples of ``n`` items, each row
    ``n`` indices drawn uniformly with replacement (``rng.integers``), in consecutive blocks of
    rows of at most ``max_cells`` cells (at least one row), so memory does not grow with
    ``samples × n``. Every interval of the stance stage resamples through it: article
    intervals (:func:`bootstrap_intervals`), group intervals (:func:`bootstrap_ci`) and the
    trend slope's (:func:`slope_ci`, pairs).

    Why not ``scipy.stats.bootstrap`` (evaluated for issue 15, percentile method, vectorised
    statistic, one seeded generator per key): it draws the same integer indices but gathers
    every resample (``values[..., idx]``, ``k × samples × n`` floats) and computes a standard
    error and ``stats.quantile`` per call. On the ``bench/run.py --n 2000`` corpus (898
    articles, 5,191 evidence sentences; process CPU, best of 5, load 7-8) it took
    ``score_articles`` from 0.073 s to 0.104 s (1.42x) and the aggregates and summary from
    0.149 s to 0.247 s (1.66x); this resampler: 0.074 s and 0.152 s (bench/README.md, "One
    bootstrap resampler").
    """
    rows = max(1, max_cells // max(n, 1))
    for start in range(0, samples, rows):
        yield rng.integers(0, n, size=(min(rows, samples - start), n))


def resample_counts(idx: np.ndarray, n: int) -> np.ndarray:
    """How often each of ``n`` items is drawn in each row of ``idx`` (``rows × n`` float64,
    every row sums to ``n``): one ``np.bincount`` over the block."""
    rows = idx.shape[0]
    flat = (idx + (np.arange(rows, dtype=np.int64) * n)[:, None]).ravel()
    return np.bincount(flat, minlength=rows * n).reshape(rows, n).astype(np.float64)


def resampled_sums(
    x: np.ndarray, samples: int, rng: np.random.Generator, max_cells: int = RESAMPLE_BLOCK_CELLS
) -> np.ndarray:
    """Summed values (``len(x) × samples``) of each row of ``x`` (all of ``n`` values) in the
    resamples of :func:`resample_indices`, every row under the same resamples (the articles
    with ``n`` sentences: counting the draws once serves all of them).

    Each block's draw counts (:func:`resample_counts`) multiply each row on its own, one
    ``(n) @ (n × rows)`` product per row on one BLAS thread: a row's sums are the same floats
    whatever other rows are resampled with it (a many-row product may round apart), and each
    product is too small for threads to pay."""
    n = x.shape[1]
    out = np.empty((x.shape[0], samples))
    done = 0
    with _one_blas_thread():
        for idx in resample_indices(n, samples, rng, max_cells):
            counts_t = resample_counts(idx, n).T
            for i in range(x.shape[0]):
                out[i, done : done + len(idx)] = x[i] @ counts_t
            done += len(idx)
    return out


def _scores(sums: np.ndarray, scale: float) -> np.ndarray:
    """Article scores of summed sentence scores: clip(sums / scale, −1, 1) (non-decreasing)."""
    return np.clip(sums / scale, -1.0, 1.0)


@functools.cache
def _threadpools() -> threadpoolctl.ThreadpoolController:
    """The process's thread pools, found once (finding them reads the loaded libraries)."""
    return threadpoolctl.ThreadpoolController()


def _one_blas_thread() -> AbstractContextManager[object]:
    return _threadpools().limit(limits=1, user_api="blas")


def row_quantiles(
    values: np.ndarray, q: Sequence[float], transform: Callable[[np.ndarray], np.ndarray]
) -> np.ndarray:
    """``np.quantile(transform(values), q, axis=1)`` (method ``linear``, ``len(q) × len(values)``)
    for a non-decreasing elementwise ``transform``, by one sort of each row in place.

    A non-decreasing map keeps the sorted order, so only the order statistics the quantiles
    interpolate between are transformed; NumPy's sort of a row is much faster than its
    multi-point partition. The interpolation repeats NumPy's arithmetic (Hyndman & Fan method
    7) so the floats are the same (test ``test_row_quantiles_equal_numpy_quantile``).
    ``values`` is sorted in place; no NaN.
    """
    values.sort(axis=1)
    n = values.shape[1]
    qs = np.asarray(q, dtype=np.float64)
    virtual = (n - 1) * qs  # numpy's virtual index for method 7
    previous = np.floor(virtual)
    upper = previous + 1
    above, below = virtual >= n - 1, virtual < 0  # outside: the last / first value, as numpy
    previous[above] = upper[above] = -1
    previous[below] = upper[below] = 0
    gamma = (virtual - previous)[:, None]
    upper = upper.astype(np.intp)
    a = transform(values[:, previous.astype(np.intp)].T)
    b = transform(values[:, upper].T)
    diff = b - a
    out = np.add(a, diff * gamma)
    np.subtract(b, diff * (1 - gamma), out=out, where=gamma >= 0.5)
    return out


def percentile_interval(
    resampled: np.ndarray,
    level: float,
    point: np.ndarray,
    transform: Callable[[np.ndarray], np.ndarray] = np.asarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The percentile interval at ``level`` of each row of ``resampled`` (one row per estimate,
    one column per resample) under a non-decreasing ``transform`` (:func:`row_quantiles`,
    sorted in place), widened to hold each row's ``point`` estimate."""
    alpha = (1 - level) / 2
    lo, hi = row_quantiles(resampled, [alpha, 1 - alpha], transform)
    return np.minimum(lo, point), np.maximum(hi, point)


def bootstrap_ci(
    values: Sequence[float], prior: float, samples: int, level: float, seed: int, key: str
) -> tuple[float, float]:
    """Percentile interval of the shrunk mean over resampled values (for a group of articles).

    The generator is seeded from ``seed`` and ``key`` (the group's name), so a group's interval
    does not depend on which other groups are in the corpus. Identical values (and a single
    one) have the point as their interval.
    """
    x = np.asarray(values, dtype=float)
    if len(x) == 0:
        return 0.0, 0.0
    point = shrunk_mean(x, prior)
    if x.max() == x.min():  # every resample has the same mean
        return point, point
    # One row: gathering its resampled values is cheaper than counting the draws.
    rng = generator(seed, key)
    sums = np.hstack([x[idx].sum(axis=1) for idx in resample_indices(len(x), samples, rng)])
    scale = len(x) + prior
    lo, hi = percentile_interval(sums[None, :], level, np.array([point]), lambda s: s / scale)
    return float(lo[0]), float(hi[0])


def bootstrap_intervals(
    values: Sequence[Sequence[float]],
    prior: float,
    samples: int,
    level: float,
    seed: int,
    dilution: float = 1.0,
) -> tuple[list[float], list[float], list[float]]:
    """:func:`article_score` and its percentile bootstrap interval for each article's evidence
    sentences (``dilution`` 1: the shrunk mean).

    ``values[i]`` are article *i*'s sentence scores. Articles with the same number ``n`` of
    sentences are resampled by the same resamples (:func:`resampled_sums`, generator key
    ``plan:<n>``), so an article's interval depends on nothing but its own sentences. No
    evidence gives ``(0, 0, 0)``; identical scores (and a single sentence) give the point.
    """
    k = len(values)
    point, lows, highs = np.zeros(k), np.zeros(k), np.zeros(k)
    by_n: dict[int, list[int]] = {}
    for i, v in enumerate(values):
        if len(v):
            by_n.setdefault(len(v), []).append(i)
    for n, members in by_n.items():
        x = np.asarray([values[i] for i in members], dtype=np.float64)
        scale = denominator(n, prior, dilution)
        p = np.clip(x.sum(axis=1) / scale, -1.0, 1.0)
        point[members] = lows[members] = highs[members] = p
        # Every resample of identical values has the same mean: the interval is the point.
        varied = np.flatnonzero(x.max(axis=1) > x.min(axis=1))
        if not len(varied):
            continue
        # Articles with the same scores in the same order get the same interval: once.
        distinct, back = np.unique(x[varied], axis=0, return_inverse=True)
        sums = resampled_sums(distinct, samples, generator(seed, f"plan:{n}"))
        own = _scores(distinct.sum(axis=1), scale)  # the points of the distinct rows
        lo, hi = percentile_interval(sums, level, own, functools.partial(_scores, scale=scale))
        rows = np.asarray(members)[varied]
        lows[rows], highs[rows] = lo[back.ravel()], hi[back.ravel()]
    return point.tolist(), lows.tolist(), highs.tolist()


@dataclass(frozen=True)
class Framing:
    evaluative: float
    sourcing: float
    voices: float
    n_terms: int


def attributed(lower: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """Is the term at ``start:end`` someone's reported words rather than the outlet's own?

    True when its sentence has a reporting or accusation word before it ("menuding ...
    pengkhianat", "menyalahkan Rusia atas kegagalan Moskow", "menurut Kremlin") or a trailing
    attribution after it (", kata Lavrov").
    """
    left = max(lower.rfind(". ", 0, start), lower.rfind("\n", 0, start)) + 1
    right = min((i for i in (lower.find(". ", end), lower.find("\n", end)) if i >= 0), default=-1)
    right = len(lower) if right < 0 else right
    if lexicon.attribution_re.search(lower, left, start):
        return True
    return bool(_TRAILING_SAY.search(lower, end, right))


def own_terms(
    lower: str, lexicon: Lexicon, found: Hits | None = None, start: int = 0, end: int | None = None
) -> list[Term]:
    """The evaluative terms of ``lower[start:end]`` (a lowercase body) that are the text's own:
    not inside quotation marks, not attributed to a speaker (:func:`attributed`).

    ``found`` are the lexicon's matches in that range if already known.
    """
    stop = len(lower) if end is None else end
    found = scan(lower[start:stop], lexicon.framing) if found is None else found
    if not len(found.start):
        return []
    quoted = [m.span() for m in _QUOTED.finditer(lower, start, stop)]
    return [
        t
        for s, e, t in zip(found.start.tolist(), found.end.tolist(), found.values, strict=True)
        if not any(start + s < qe and qs < start + e for qs, qe in quoted)
        and not attributed(lower, start + s, start + e, lexicon)
    ]


def framing_from(
    terms: Sequence[Term], wires: Iterable[str], speaker_blocs: Iterable[str], lexicon: Lexicon
) -> Framing:
    """The three framing components, each in [−1, 1], from the text's own evaluative terms, the
    wire agencies credited and the blocs of the quoted speakers (:func:`framings` of one)."""
    blocs = list(speaker_blocs)
    evaluative, sourcing, voices, n_terms = framings(
        [terms], [wires], np.zeros(len(blocs), dtype=np.int64), blocs, lexicon
    )
    return Framing(float(evaluative[0]), float(sourcing[0]), float(voices[0]), int(n_terms[0]))


def _balances(pos: np.ndarray, neg: np.ndarray, total: np.ndarray) -> np.ndarray:
    """``(pos − neg) / total``, 0 where ``total`` is 0."""
    out = np.zeros(len(total))
    np.divide(pos - neg, total, out=out, where=total != 0)
    return out


def framings(
    terms: Sequence[Sequence[Term]],
    wires: Sequence[Iterable[str]],
    voice_article: np.ndarray,
    voice_bloc: Sequence[str | None],
    lexicon: Lexicon,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The framing components of many articles: ``(evaluative, sourcing, voices, n_terms)``,
    each a balance ``(for the West − for Russia) / total`` in [−1, 1]. Article ``i`` has its own
    evaluative terms ``terms[i]`` (total: their weights plus 1) and credited wires ``wires[i]``;
    ``voice_article`` and ``voice_bloc`` give the article and speaker bloc of every quoted or
    reported sentence (a neutral wire or speaker counts in the total only)."""
    k = len(terms)
    pos, neg, n_terms = np.zeros(k), np.zeros(k), np.zeros(k, dtype=np.int64)
    for i, ts in enumerate(terms):
        if ts:
            pos[i] = sum(t.weight for t in ts if t.sign > 0)
            neg[i] = sum(t.weight for t in ts if t.sign < 0)
            n_terms[i] = len(ts)
    evaluative = _balances(pos, neg, pos + neg + 1.0)
    signs = np.zeros((k, 3), dtype=np.int64)  # credited wires per article: −1, 0, +1
    wire_bloc = lexicon.wire_bloc
    for i, ws in enumerate(wires):
        for w in ws:
            signs[i, wire_bloc.get(w, 0) + 1] += 1
    sourcing = _balances(signs[:, 2], signs[:, 0], signs.sum(axis=1))
    where = np.asarray(voice_article, dtype=np.int64)
    bloc = np.asarray(voice_bloc, dtype=object)
    west = np.bincount(where[bloc == "west"], minlength=k)
    russia = np.bincount(where[bloc == "russia"], minlength=k)
    voices = _balances(west, russia, np.bincount(where, minlength=k))
    return evaluative, sourcing, voices, n_terms


def framing_components(
    body: str, wires: Iterable[str], speaker_blocs: Iterable[str], lexicon: Lexicon
) -> Framing:
    """Evaluative language of the outlet itself, wire sourcing and quoted voices, each in [−1, 1].

    Terms inside quotation marks or attributed to a speaker (:func:`attributed`) are the
    speaker's, not the text's own evaluation: an outlet reporting a Kremlin accusation is not
    itself accusing.
    """
    return framing_from(own_terms(body.lower(), lexicon), wires, speaker_blocs, lexicon)


def corpus_terms(bodies: Sequence[str], lexicon: Lexicon) -> list[list[Term]]:
    """:func:`own_terms` of every body, with one pass of the lexicon over all of them."""
    starts = np.cumsum([0] + [len(b) + 1 for b in bodies])[:-1].astype(np.int64)
    lower = lower_join(bodies, "\n")
    found = scan(lower, lexicon.framing)
    out: list[list[Term]] = [[] for _ in bodies]
    if not len(found.start):
        return out
    doc = np.searchsorted(starts, found.start, "right") - 1
    bounds = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1], True])
    for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        d = int(doc[lo])
        off = int(starts[d])
        local = Hits(found.start[lo:hi] - off, found.end[lo:hi] - off, found.values[lo:hi])
        out[d] = own_terms(lower, lexicon, local, off, off + len(bodies[d]))
    return out


def combine_framing(f: Framing, params: StanceParams) -> float:
    """Weighted mean of the framing components (weights from ``params.yaml``)."""
    w = params.framing_weights
    total = w.evaluative + w.sourcing + w.voices
    value = (w.evaluative * f.evaluative + w.sourcing * f.sourcing + w.voices * f.voices) / total
    return float(np.clip(value, -1.0, 1.0))


def combine_framings(
    evaluative: np.ndarray, sourcing: np.ndarray, voices: np.ndarray, params: StanceParams
) -> np.ndarray:
    """:func:`combine_framing` of many articles' components at once."""
    w = params.framing_weights
    total = w.evaluative + w.sourcing + w.voices
    value = (w.evaluative * evaluative + w.sourcing * sourcing + w.voices * voices) / total
    return np.clip(value, -1.0, 1.0)


UNKNOWN_OUTLET = "(unknown)"
NO_WIRE = "(no wire credited)"
AGGREGATE_COLUMNS = list(COLUMNS["aggregates"])


def article_groups(stance: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``(dimension, group, doc_id)`` for every scored article with evidence.

    Month (``YYYY-MM``; undated articles have no month), outlet (``(unknown)`` when missing) and
    each credited wire agency (``(no wire credited)`` when none): an article crediting two
    wires sits in both wire groups.
    """
    scored = stance[stance["n_evidence"] > 0]
    wires = dict(zip(articles["doc_id"], articles["wires"], strict=True))
    rows: list[tuple[str, str, str]] = []
    for doc, published, outlet in zip(
        scored["doc_id"], scored["published"], scored["outlet"], strict=True
    ):
        if published is not None and not pd.isna(published):
            rows.append(("month", pd.Timestamp(published).strftime("%Y-%m"), doc))
        rows.append(("outlet", outlet if isinstance(outlet, str) else UNKNOWN_OUTLET, doc))
        for w in list(wires.get(doc, [])) or [NO_WIRE]:
            rows.append(("wire", str(w), doc))
    return pd.DataFrame(rows, columns=["dimension", "group", "doc_id"])


def aggregate(
    stance: pd.DataFrame, articles: pd.DataFrame, samples: int, level: float, seed: int
) -> pd.DataFrame:
    """Mean article alignment and framing by month, outlet and wire, with an interval.

    Only kept articles with evidence count (an article without evidence has no alignment to
    average). The interval is a percentile bootstrap over the group's articles (``samples``
    resamples, seeded by ``seed`` and the group's name, so a group's interval does not depend on
    the other groups); a group of one article keeps that article's own interval over its
    evidence sentences, since resampling one article says nothing.
    """
    groups = article_groups(stance, articles).merge(
        stance[["doc_id", "alignment", "alignment_ci_low", "alignment_ci_high", "framing"]],
        on="doc_id",
    )
    rows = []
    for (dim, group), grp in groups.groupby(["dimension", "group"], sort=True):
        x = grp["alignment"].to_numpy(float)
        if len(x) == 1:
            lo, hi = float(grp["alignment_ci_low"].iloc[0]), float(grp["alignment_ci_high"].iloc[0])
        else:
            lo, hi = bootstrap_ci(x, 0.0, samples, level, seed, f"{dim}:{group}")
        mean = float(x.mean())
        rows.append(
            (
                dim,
                group,
                len(x),
                round(mean, 6),
                round(min(lo, mean), 6),
                round(max(hi, mean), 6),
                round(float(grp["framing"].mean()), 6),
            )
        )
    out = pd.DataFrame(rows, columns=AGGREGATE_COLUMNS)
    order = {"month": 0, "outlet": 1, "wire": 2}
    out = out.sort_values(
        ["dimension", "group"], key=lambda c: c.map(order) if c.name == "dimension" else c
    )
    out["n_articles"] = out["n_articles"].astype("int64")
    for c in ("alignment", "ci_low", "ci_high", "framing"):
        out[c] = out[c].astype("float64")
    return out.reset_index(drop=True)


def monthly(aggregates: pd.DataFrame) -> pd.DataFrame:
    """The month rows of :func:`aggregate` as the DVC plot table (``month`` first)."""
    rows = aggregates[aggregates["dimension"] == "month"]
    return rows.drop(columns="dimension").rename(columns={"group": "month"}).reset_index(drop=True)


MIN_TREND_ARTICLES = 20  # below this many dated articles a trend is not a finding
# Index cells per block of the trend's resamples: each gathers two float arrays of that size.
SLOPE_BLOCK_CELLS = 1 << 21


def _slopes(t: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least-squares slope of ``y`` on ``t`` along the last axis (0 where ``t`` is constant)."""
    tc = t - t.mean(axis=-1, keepdims=True)
    yc = y - y.mean(axis=-1, keepdims=True)
    den = (tc * tc).sum(axis=-1)
    return np.divide((tc * yc).sum(axis=-1), den, out=np.zeros_like(den), where=den > 0)


def slope_ci(
    years: Sequence[float], values: Sequence[float], samples: int, level: float, seed: int
) -> tuple[float, float, float]:
    """Least-squares slope of ``values`` on ``years`` with a percentile bootstrap interval over
    the (year, value) pairs: each resample of :func:`resample_indices` (generator key
    ``trend``) takes both of a pair, block by block."""
    t, y = np.asarray(years, dtype=float), np.asarray(values, dtype=float)
    point = float(_slopes(t, y))
    boot = np.empty((1, samples))
    done = 0
    for idx in resample_indices(len(y), samples, generator(seed, "trend"), SLOPE_BLOCK_CELLS):
        boot[0, done : done + len(idx)] = _slopes(t[idx], y[idx])
        done += len(idx)
    lo, hi = percentile_interval(boot, level, np.array([point]))
    return point, float(lo[0]), float(hi[0])


def _year_mean(values: np.ndarray, samples: int, level: float, seed: int, year: int) -> dict:
    lo, hi = bootstrap_ci(values, 0.0, samples, level, seed, f"year:{year}")
    mean = float(values.mean())
    return {
        "year": year,
        "n": len(values),
        "alignment": round(mean, 6),
        "ci_low": round(min(lo, mean), 6),
        "ci_high": round(max(hi, mean), 6),
    }


def alignment_trend(
    stance: pd.DataFrame, samples: int, level: float, seed: int
) -> dict[str, object] | None:
    """Slope of article alignment per year over every dated scored article, with its bootstrap
    interval, and the mean (with interval) of the first and the last calendar year.

    None with fewer than two distinct dates. ``reliable`` is False below
    :data:`MIN_TREND_ARTICLES` dated articles.
    """
    dated = stance[stance["published"].notna()]
    if dated["published"].nunique() < 2:
        return None
    days = np.array([pd.Timestamp(d).toordinal() for d in dated["published"]], dtype=float)
    y = dated["alignment"].to_numpy(float)
    point, lo, hi = slope_ci((days - days.min()) / 365.25, y, samples, level, seed)
    years = np.array([pd.Timestamp(d).year for d in dated["published"]])
    first, last = int(years.min()), int(years.max())
    return {
        "n": len(y),
        "reliable": len(y) >= MIN_TREND_ARTICLES,
        "slope": round(point, 6),
        "ci_low": round(lo, 6),
        "ci_high": round(hi, 6),
        "first_date": pd.Timestamp(min(dated["published"])).date().isoformat(),
        "last_date": pd.Timestamp(max(dated["published"])).date().isoformat(),
        "first_year": _year_mean(y[years == first], samples, level, seed, first),
        "last_year": _year_mean(y[years == last], samples, level, seed, last),
    }


def stance_summary(stance: pd.DataFrame, params: StanceParams) -> dict[str, object]:
    """What the report states about the whole corpus (``data/processed/stance_summary.json``):
    the interval level, resamples and seed every interval of this run used, the mean article
    alignment and framing, and :func:`alignment_trend`."""
    n = len(stance)
    return {
        "ci_level": params.ci_level,
        "bootstrap_samples": params.bootstrap_samples,
        "seed": params.seed,
        "articles": n,
        "mean_alignment": round(float(stance["alignment"].mean()), 6) if n else None,
        "mean_framing": round(float(stance["framing"].mean()), 6) if n else None,
        "trend": alignment_trend(stance, params.bootstrap_samples, params.ci_level, params.seed),
    }
