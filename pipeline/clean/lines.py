"""A learned line classifier: body, metadata or boilerplate, from shallow features of a line and
its neighbours (the jusText / boilerpipe idea) plus repetition within the page and the corpus
(the CCNet idea).

Features are language data-light: lengths, punctuation, capitalisation, stopword and furniture
word densities (``data/lexicons/line_features.yaml``), digits and time patterns, position in the
page, distance to the body's first and last long paragraph, runs of short lines (teaser blocks),
and how often the line recurs in the page and in the corpus. The model (gradient-boosted trees)
is fitted by the ``train`` stage on the development corpus's ``tune`` lines and saved as a skops
file; the clean stage applies it to every line that no rule decided.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.clean.article import line_key
from pipeline.config import load_yaml
from pipeline.errors import DataFileError

LABELS = ("body", "boilerplate", "metadata")
_WORD = re.compile(r"\w+", re.UNICODE)
_DIGITS = re.compile(r"\d+")
# "MOSKWA, KOMPAS.com - ", "Yerevan (ANTARA) - ", "Jakarta, CNN Indonesia -- ": a body's first line
_DATELINE_START = re.compile(
    r"^[A-Z][\w.]*(?: [A-Z][\w.]*){0,2}(?:,? ?(?:\([^)]{2,30}\)|[A-Z][\w.]*(?: [A-Z][\w.]*){0,2}))?"
    r" ?[-–—]{1,2} "
)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b|\b(?:19|20)\d{2}\b")
_TERMINAL = re.compile(r"[.!?…\"”’»)]\s*$")
_SEPARATORS = re.compile(r"[|•·»«>]")
_URLISH = re.compile(r"https?://|www\.|\.com\b|\.id\b|@\w")
LONG_PARAGRAPH = 20  # words: a line this long with terminal punctuation anchors the body
SHORT_LINE = 12  # words: lines shorter than this form teaser/menu blocks
PROSE_WORDS, PROSE_STOPWORDS = 25, 0.3  # a line this long and this dense in stopwords is prose

FEATURES = (
    "log_words",
    "log_chars",
    "terminal",
    "cap_share",
    "stop_share",
    "furniture_share",
    "starts_furniture",
    "digit_share",
    "has_time",
    "has_date",
    "separators",
    "urlish",
    "all_caps",
    "position",
    "before_first_long",
    "after_last_long",
    "inside_body",
    "short_run",
    "page_repeats",
    "corpus_repeats",
    "prev_words",
    "prev_terminal",
    "next_words",
    "next_terminal",
    "prev_furniture",
    "next_furniture",
    "quote",
    "dateline",
)
_WORDS, _STOPS = FEATURES.index("log_words"), FEATURES.index("stop_share")


class LineLexicon(BaseModel):
    """``line_features.yaml``: the word lists the features count."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = Field(min_length=1)
    stopwords: frozenset[str] = Field(min_length=10)
    furniture: frozenset[str] = Field(min_length=10)


def load_line_lexicon(path: str | Path) -> LineLexicon:
    """Read and validate the line-feature word lists; errors name the file and the key."""
    path = Path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
        lex = LineLexicon.model_validate(data)
    except OSError as err:
        raise DataFileError(path, "(file)", f"cannot read ({err.strerror})") from None
    except ValidationError as err:
        first = err.errors()[0]
        raise DataFileError(path, ".".join(map(str, first["loc"])), first["msg"]) from None
    return LineLexicon(
        version=lex.version,
        stopwords=frozenset(w.lower() for w in lex.stopwords),
        furniture=frozenset(w.lower() for w in lex.furniture),
    )


REPETITION_CAP = 8  # other pages: a line on this many more is a template whatever the corpus size


def repetition_value(count: int) -> float:
    """The corpus-repetition feature of a line on ``count`` pages: the other pages holding it,
    log2-binned and capped at :data:`REPETITION_CAP` (0, 1, 2–3, 4–7, 8+ → 0 … 4).

    Independent of the corpus size, and constant for a line already on more than the cap: adding
    pages changes the value only of lines on few pages, so cached per-page work stays valid.
    """
    return float(min(max(count - 1, 0), REPETITION_CAP).bit_length())


def corpus_counts(pages: list[list[str]]) -> tuple[Counter[str], int]:
    """In how many pages each line key occurs, and the number of pages."""
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({line_key(ln) for ln in lines if ln})
    return counts, len(pages)


def _word_stats(text: str, lex: LineLexicon) -> tuple[float, ...]:
    words = _WORD.findall(text)
    n = len(words)
    if not n:
        return (0.0,) * 6
    lower = list(map(str.lower, words))
    caps = sum(map(str.isupper, (w[0] for w in words)))  # \w+ words are never empty
    return (
        caps / n,
        sum(map(lex.stopwords.__contains__, lower)) / n,
        sum(map(lex.furniture.__contains__, lower)) / n,
        1.0 if lower[0] in lex.furniture else 0.0,
        sum(map(len, _DIGITS.findall(text))) / max(1, len(text)),
        float(n),
    )


def page_features(
    lines: list[str],
    lex: LineLexicon,
    counts: Counter[str],
    n_pages: int,
    keys: list[str] | None = None,
) -> np.ndarray:
    """One feature row per line of a page (empty lines included, all zeros; see FEATURES).

    ``keys`` are the lines' :func:`line_key` when the caller has them already."""
    keys = keys if keys is not None else [line_key(ln) if ln else "" for ln in lines]
    n = len(lines)
    out = np.zeros((n, len(FEATURES)), dtype=np.float64)
    idx = [i for i, ln in enumerate(lines) if ln]
    if not idx:
        return out
    stats = {i: _word_stats(lines[i], lex) for i in idx}
    words = {i: stats[i][5] for i in idx}
    terminal = {i: bool(_TERMINAL.search(lines[i])) for i in idx}
    long_ = [i for i in idx if words[i] >= LONG_PARAGRAPH and terminal[i]]
    first_long, last_long = (long_[0], long_[-1]) if long_ else (None, None)
    in_page = Counter(keys[i] for i in idx)
    short = [words[i] < SHORT_LINE for i in idx]
    run = [0] * len(idx)
    k = 0
    while k < len(idx):  # length of each maximal run of short lines
        j = k
        while j < len(idx) and short[j]:
            j += 1
        for m in range(k, j):
            run[m] = j - k
        k = max(j, k + 1)
    for pos, i in enumerate(idx):
        text = lines[i]
        cap, stop, furn, starts, digits, nw = stats[i]
        prev_i = idx[pos - 1] if pos > 0 else None
        next_i = idx[pos + 1] if pos + 1 < len(idx) else None
        key = keys[i]
        out[i] = (
            math.log1p(nw),
            math.log1p(len(text)),
            float(terminal[i]),
            cap,
            stop,
            furn,
            starts,
            digits,
            float(bool(_TIME.search(text))),
            float(bool(_DATE.search(text))),
            float(len(_SEPARATORS.findall(text))),
            float(bool(_URLISH.search(text))),
            float(text.isupper() and nw > 0),
            pos / max(1, len(idx) - 1),
            float(first_long - i) if first_long is not None and i < first_long else 0.0,
            float(i - last_long) if last_long is not None and i > last_long else 0.0,
            float(first_long is not None and first_long <= i <= last_long),  # type: ignore[operator]
            float(run[pos]),
            float(in_page[key] - 1),
            repetition_value(counts.get(key, 0)),
            math.log1p(words[prev_i]) if prev_i is not None else 0.0,
            float(terminal[prev_i]) if prev_i is not None else 0.0,
            math.log1p(words[next_i]) if next_i is not None else 0.0,
            float(terminal[next_i]) if next_i is not None else 0.0,
            stats[prev_i][2] if prev_i is not None else 0.0,
            stats[next_i][2] if next_i is not None else 0.0,
            float(text[:1] in "\"“'‘" or '"' in text[1:]),
            float(bool(_DATELINE_START.match(text))),
        )
    return out


def build_classifier(seed: int) -> Any:
    """Gradient-boosted trees over the line features (deterministic for a seed)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        max_iter=100,
        learning_rate=0.15,
        max_leaf_nodes=15,
        l2_regularization=1.0,
        random_state=seed,
    )


def fit_classifier(features: np.ndarray, labels: list[str], seed: int) -> Any:
    """The classifier fitted on feature rows and their labels (body|boilerplate|metadata)."""
    from threadpoolctl import threadpool_limits

    model = build_classifier(seed)
    with threadpool_limits(limits=1):
        model.fit(features, np.asarray(labels))
    return model


def predict_labels(model: Any, features: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Each row's label and the probability that it is body."""
    from threadpoolctl import threadpool_limits

    if not len(features):
        return [], np.zeros(0)
    with threadpool_limits(limits=1):
        proba = model.predict_proba(features)
    classes = list(model.classes_)
    labels = [classes[k] for k in proba.argmax(axis=1)]
    body = proba[:, classes.index("body")] if "body" in classes else np.zeros(len(features))
    return labels, np.round(body, 4)


@dataclass(frozen=True)
class LineClassifier:
    """A fitted line model and the word lists its features count."""

    model: Any
    lexicon: LineLexicon


def page_decisions(
    clf: LineClassifier,
    pages: list[list[str]],
    threshold: float,
    counts: tuple[Counter[str], int] | None = None,
) -> list[list[tuple[str, float]]]:
    """``(label, P(body))`` for every line of every page, one model call for the corpus.

    A line is ``body`` when P(body) >= ``threshold``; otherwise the likelier of metadata and
    boilerplate. Repetition counts are over ``pages`` (the corpus being cleaned), or ``counts``
    (:func:`corpus_counts` of the whole corpus when ``pages`` are one shard of it).
    """
    keys = [[line_key(ln) if ln else "" for ln in p] for p in pages]
    if counts is None:
        found: Counter[str] = Counter()
        for page_keys in keys:
            found.update({k for k in page_keys if k})
        counts = (found, len(pages))
    found_counts, n = counts
    feats = [
        page_features(p, clf.lexicon, found_counts, n, k) for p, k in zip(pages, keys, strict=True)
    ]
    if not feats:
        return []
    rows = np.vstack(feats)
    # Running prose is never furniture: a long line dense in function words stays body whatever
    # the trees say (it protects a first paragraph that ends in markup, say; on the tune lines'
    # out-of-fold predictions it changes no decision). The trees see only the other non-empty
    # lines: empty lines are skipped by the cleaning, and prose is decided already.
    prose = (np.expm1(rows[:, _WORDS]) >= PROSE_WORDS) & (rows[:, _STOPS] >= PROSE_STOPWORDS)
    empty = np.concatenate([[not ln for ln in page] for page in pages]).astype(bool)
    ask = np.flatnonzero(~prose & ~empty)
    asked, p_asked = predict_labels(clf.model, rows[ask])
    labels = np.full(len(rows), "body", dtype=object)
    p_body = np.ones(len(rows))
    labels[ask], p_body[ask] = asked, p_asked
    out, pos = [], 0
    for page in pages:
        decided = []
        for k in range(len(page)):
            lab, p = labels[pos + k], float(p_body[pos + k])
            if p >= threshold:
                decided.append(("body", p))
            else:
                decided.append((lab if lab != "body" else "boilerplate", p))
        out.append(decided)
        pos += len(page)
    return out
