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
from functools import partial
from itertools import chain, repeat
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.clean.article import page_keys
from pipeline.config import load_yaml
from pipeline.errors import DataFileError

LABELS = ("body", "boilerplate", "metadata")
_WORD = re.compile(r"\w+", re.UNICODE)
_WORD_OR_NEWLINE = re.compile(r"\w+|\n")
_DIGITS = re.compile(r"\d+")
# "MOSKWA, KOMPAS.com - ", "Yerevan (ANTARA) - ", "Jakarta, CNN Indonesia -- ": a body's first line
_DATELINE_START = re.compile(
    r"^[A-Z][\w.]*(?: [A-Z][\w.]*){0,2}(?:,? ?(?:\([^)]{2,30}\)|[A-Z][\w.]*(?: [A-Z][\w.]*){0,2}))?"
    r" ?[-–—]{1,2} "
)
_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")  # _DATELINE_START opens with one, has a dash
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b|\b(?:19|20)\d{2}\b")
_SEPARATORS = re.compile(r"[|•·»«>]")
_URLISH = re.compile(r"https?://|www\.|\.com\b|\.id\b|@\w")
LONG_PARAGRAPH = 20  # words: a line this long with terminal punctuation anchors the body
SHORT_LINE = 12  # words: lines shorter than this form teaser/menu blocks
BATCH = 250  # pages whose line features are computed together
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
    for keys in page_keys(pages):
        counts.update({k for k in keys if k})
    return counts, len(pages)


_QUOTES = frozenset("\"“'‘")
_TERMINAL = frozenset('.!?…"”’»)')  # a terminal line ends in one of these (then blanks)
_COL = {name: k for k, name in enumerate(FEATURES)}


def _found(
    pattern: re.Pattern[str], lines: list[str], match: bool = False, only: np.ndarray | None = None
) -> np.ndarray:
    """True where ``pattern`` occurs in (``match``: at the start of) each line; with ``only``
    (a mask of the lines it can occur in at all), the other lines are not searched."""
    find = pattern.match if match else pattern.search
    if only is None:
        return np.fromiter(map(bool, map(find, lines)), dtype=bool, count=len(lines))
    out = np.zeros(len(lines), dtype=bool)
    some = np.flatnonzero(only)
    out[some] = np.fromiter(map(bool, map(find, map(lines.__getitem__, some.tolist()))), bool)
    return out


def _log1p_counts(values: np.ndarray) -> np.ndarray:
    """``math.log1p`` of non-negative integer counts (a table: exactly the scalar results)."""
    if not len(values):
        return np.zeros(0)
    table = np.fromiter(map(math.log1p, range(int(values.max()) + 1)), dtype=np.float64)
    return table[values]


_CAP, _STOP, _FURNITURE, _NEWLINE = 1, 2, 4, 8  # bits of a token's code (_word_codes)


def _word_codes(tokens: list[str], lex: LineLexicon) -> np.ndarray:
    """Each token's code: whether its first character is upper case, whether its lower case is
    a stopword or a furniture word, or (``_NEWLINE``) that it is a line break. Computed once
    per distinct token (a word's lower case is the same wherever it occurs)."""
    stop, furn = lex.stopwords, lex.furniture
    codes = {
        t: _NEWLINE
        if t == "\n"
        else (
            _CAP * t[0].isupper()
            + _STOP * ((low := t.lower()) in stop)
            + _FURNITURE * (low in furn)
        )
        for t in set(tokens)
    }
    return np.fromiter(map(codes.__getitem__, tokens), dtype=np.int8, count=len(tokens))


def _word_columns(lines: list[str], lex: LineLexicon, out: np.ndarray) -> np.ndarray:
    """Fill the word-statistics columns of ``out`` (one row per line); return word counts."""
    joined = "\n".join(lines)
    if joined.count("\n") == len(lines) - 1:  # one pass over all lines (\w is never a newline)
        code = _word_codes(_WORD_OR_NEWLINE.findall(joined), lex)
        newline = code == _NEWLINE
        nw = np.diff(np.flatnonzero(np.concatenate([[True], newline, [True]]))) - 1
        code = code[~newline]
    else:
        per_line = list(map(_WORD.findall, lines))
        nw = np.fromiter(map(len, per_line), dtype=np.int64, count=len(lines))
        code = _word_codes(list(chain.from_iterable(per_line)), lex)
    if not len(code):
        return nw
    line_of = np.repeat(np.arange(len(lines)), nw)
    has = nw > 0
    denom = np.maximum(nw, 1)

    def share(bit: int) -> np.ndarray:
        return np.bincount(line_of[(code & bit) > 0], minlength=len(lines)) / denom

    out[:, _COL["cap_share"]] = share(_CAP)
    out[:, _COL["stop_share"]] = share(_STOP)
    out[:, _COL["furniture_share"]] = share(_FURNITURE)
    first = np.cumsum(nw) - nw  # index of each line's first word
    out[has, _COL["starts_furniture"]] = (code[first[has]] & _FURNITURE) > 0
    return nw


def _run_lengths(short: np.ndarray, page: np.ndarray) -> np.ndarray:
    """Length of the maximal run of consecutive short lines (within a page) each line is in."""
    starts = short & np.concatenate([[True], ~short[:-1] | (page[1:] != page[:-1])])
    run = np.cumsum(starts) - 1
    lengths = np.bincount(run[short], minlength=int(run.max()) + 2)
    return np.where(short, lengths[np.maximum(run, 0)], 0)


def _text_features(lines: list[str], lex: LineLexicon) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The columns of :data:`FEATURES` that depend on a line's own text alone (the others
    zero), with each line's word count and whether it ends in terminal punctuation."""
    n = len(lines)
    f = np.zeros((n, len(FEATURES)), dtype=np.float64)
    nw = _word_columns(lines, lex, f)
    chars = np.fromiter(map(len, lines), dtype=np.int64, count=n)
    last = [ln.rstrip()[-1:] for ln in lines]  # \s is what str.isspace() calls a blank
    terminal = np.fromiter(map(_TERMINAL.__contains__, last), dtype=bool, count=n)
    f[:, _COL["log_words"]] = _log1p_counts(nw)
    f[:, _COL["log_chars"]] = _log1p_counts(chars)
    f[:, _COL["terminal"]] = terminal
    no_digits = np.fromiter(map(len, map(partial(_DIGITS.sub, ""), lines)), np.int64, count=n)
    f[:, _COL["digit_share"]] = (chars - no_digits) / np.maximum(chars, 1)
    digits = chars > no_digits  # times and dates have digits
    f[:, _COL["has_time"]] = _found(_TIME, lines, only=digits)
    f[:, _COL["has_date"]] = _found(_DATE, lines, only=digits)
    separators = np.fromiter(map(len, map(_SEPARATORS.findall, lines)), np.float64, count=n)
    f[:, _COL["separators"]] = separators
    f[:, _COL["urlish"]] = _found(_URLISH, lines)
    upper = np.fromiter(map(str.isupper, lines), dtype=bool, count=n)
    f[:, _COL["all_caps"]] = upper & (nw > 0)
    quote = [ln[:1] in _QUOTES or '"' in ln[1:] for ln in lines]
    f[:, _COL["quote"]] = np.fromiter(quote, dtype=bool, count=n)
    dashed = [ln[:1] in _CAPITALS and ("-" in ln or "–" in ln or "—" in ln) for ln in lines]
    f[:, _COL["dateline"]] = _found(_DATELINE_START, lines, match=True, only=np.array(dashed))
    return f, nw, terminal


def batch_features(
    pages: list[list[str]],
    lex: LineLexicon,
    counts: Counter[str],
    n_pages: int,
    keys: list[list[str]] | None = None,
) -> np.ndarray:
    """:func:`page_features` of every page, stacked, computed per column over all their lines."""
    sizes = np.fromiter(map(len, pages), dtype=np.int64, count=len(pages))
    out = np.zeros((int(sizes.sum()), len(FEATURES)), dtype=np.float64)
    flat = list(chain.from_iterable(pages))
    rows = np.flatnonzero(np.fromiter(map(bool, flat), dtype=bool, count=len(flat)))
    if not len(rows):
        return out
    lines = [flat[r] for r in rows]
    if keys is not None:
        flat_keys = list(chain.from_iterable(keys))
        line_keys = [flat_keys[r] for r in rows]
    else:
        line_keys = page_keys([lines])[0]
    page = np.repeat(np.arange(len(pages)), sizes)[rows]  # the page of each non-empty line
    i = rows - (np.cumsum(sizes) - sizes)[page]  # its index in the page (empty lines counted)
    n = len(lines)
    # A line's own columns depend on its text alone: computed once per distinct line (menus,
    # teasers and credits recur across the batch's pages), then gathered.
    at: dict[str, int] = {}
    inverse = np.fromiter((at.setdefault(ln, len(at)) for ln in lines), np.int64, count=n)
    own, own_nw, own_terminal = _text_features(list(at), lex)
    f, nw, terminal = own[inverse], own_nw[inverse], own_terminal[inverse]
    log_words = f[:, _COL["log_words"]]
    # Position among the page's non-empty lines; the body's first and last long paragraph.
    per_page = np.bincount(page, minlength=len(pages))
    start = np.cumsum(per_page) - per_page
    pos = np.arange(n) - start[page]
    f[:, _COL["position"]] = pos / np.maximum(1, per_page[page] - 1)
    long_ = (nw >= LONG_PARAGRAPH) & terminal
    big = np.iinfo(np.int64).max
    first_long = np.full(len(pages), big)
    last_long = np.full(len(pages), -1)
    np.minimum.at(first_long, page[long_], i[long_])
    np.maximum.at(last_long, page[long_], i[long_])
    first, last = first_long[page], last_long[page]
    has_long = last >= 0
    f[:, _COL["before_first_long"]] = np.where(has_long & (i < first), first - i, 0)
    f[:, _COL["after_last_long"]] = np.where(has_long & (i > last), i - last, 0)
    f[:, _COL["inside_body"]] = has_long & (first <= i) & (i <= last)
    f[:, _COL["short_run"]] = _run_lengths(nw < SHORT_LINE, page)
    in_pages = list(zip(page.tolist(), line_keys, strict=True))
    in_page = Counter(in_pages)
    repeats = np.fromiter(map(in_page.__getitem__, in_pages), np.float64, n)
    f[:, _COL["page_repeats"]] = repeats - 1
    found = list(map(counts.get, line_keys, repeat(0)))
    value = {c: repetition_value(c) for c in set(found)}  # a few distinct counts
    f[:, _COL["corpus_repeats"]] = np.fromiter(map(value.__getitem__, found), np.float64, n)
    # The neighbouring non-empty lines of the same page.
    has_prev = pos > 0
    has_next = np.concatenate([page[1:] == page[:-1], [False]])
    furniture = f[:, _COL["furniture_share"]]
    for name, column, where, shift in (
        ("prev_words", log_words, has_prev, -1),
        ("prev_terminal", terminal, has_prev, -1),
        ("prev_furniture", furniture, has_prev, -1),
        ("next_words", log_words, has_next, 1),
        ("next_terminal", terminal, has_next, 1),
        ("next_furniture", furniture, has_next, 1),
    ):
        idx = np.flatnonzero(where)
        f[idx, _COL[name]] = column[idx + shift]
    out[rows] = f
    return out


def page_features(
    lines: list[str],
    lex: LineLexicon,
    counts: Counter[str],
    n_pages: int,
    keys: list[str] | None = None,
) -> np.ndarray:
    """One feature row per line of a page (empty lines included, all zeros; see FEATURES).

    ``keys`` are the lines' :func:`line_key` when the caller has them already."""
    return batch_features([lines], lex, counts, n_pages, [keys] if keys is not None else None)


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
    # Pages repeat lines (menus, teasers, credits) with identical features: each distinct row
    # once (rows are compared as bytes: the same floats give the same prediction; each row's
    # prediction is its own, whatever the other rows of the call).
    rows = np.ascontiguousarray(features, dtype=np.float64)
    as_bytes = rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))).ravel()
    _, first, inverse = np.unique(as_bytes, return_index=True, return_inverse=True)
    with threadpool_limits(limits=1):
        proba = model.predict_proba(rows[first])[inverse.ravel()]
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
    keys: list[list[str]] | None = None,
) -> list[list[tuple[str, float]]]:
    """``(label, P(body))`` for every line of every page, one model call for the corpus.

    A line is ``body`` when P(body) >= ``threshold``; otherwise the likelier of metadata and
    boilerplate. Repetition counts are over ``pages`` (the corpus being cleaned), or ``counts``
    (:func:`corpus_counts` of the whole corpus when ``pages`` are one shard of it). ``keys``:
    :func:`page_keys` of ``pages``, when the caller has them.
    """
    if keys is None:
        keys = page_keys(pages)
    if counts is None:
        found: Counter[str] = Counter()
        for in_page in keys:
            found.update({k for k in in_page if k})
        counts = (found, len(pages))
    found_counts, n = counts
    if not pages:
        return []
    rows = np.vstack(  # in batches of pages: a batch's words are all in memory at once
        [
            batch_features(
                pages[lo : lo + BATCH], clf.lexicon, found_counts, n, keys[lo : lo + BATCH]
            )
            for lo in range(0, len(pages), BATCH)
        ]
    )
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
    decided = np.where(
        p_body >= threshold, "body", np.where(labels == "body", "boilerplate", labels)
    )
    pairs = list(zip(decided.tolist(), p_body.tolist(), strict=True))
    ends = np.cumsum([len(page) for page in pages]).tolist()
    return [pairs[a:b] for a, b in zip([0, *ends][:-1], ends, strict=True)]
