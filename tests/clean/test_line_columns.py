"""The column-wise line features equal the per-line implementation they replaced (to 1e-12)."""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from pipeline.clean.article import line_key, normalise_lines
from pipeline.clean.ingest import read_file
from pipeline.clean.lines import (
    _DATE,
    _DATELINE_START,
    _DIGITS,
    _SEPARATORS,
    _TIME,
    _URLISH,
    _WORD,
    FEATURES,
    LONG_PARAGRAPH,
    SHORT_LINE,
    LineClassifier,
    LineLexicon,
    batch_features,
    corpus_counts,
    fit_classifier,
    load_line_lexicon,
    page_decisions,
    page_features,
    page_keys,
    predict_labels,
    repetition_value,
)
from pipeline.devcorpus import load as load_dev
from pipeline.train import line_training_set

ROOT = Path(__file__).resolve().parents[2]
_TERMINAL = re.compile(r"[.!?…\"”’»)]\s*$")  # as lines.py had it


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


def reference_features(
    lines: list[str],
    lex: LineLexicon,
    counts: Counter[str],
    n_pages: int,
    keys: list[str] | None = None,
) -> np.ndarray:
    """The per-line implementation the column-wise features replaced (kept as their oracle)."""
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


@pytest.fixture(scope="module")
def lexicon() -> LineLexicon:
    return load_line_lexicon(ROOT / "data/lexicons/line_features.yaml")


def _tune_pages() -> list[list[str]]:
    dev = load_dev(ROOT / "data/annotations/dev")
    pages = []
    for i in dev.split("tune"):
        path = dev.page(i)
        if path.suffix == ".txt":
            pages.append(normalise_lines(next(read_file(path, path.name, 10**8)).text or ""))
    return pages


def _generated_pages() -> list[list[str]]:
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    return [normalise_lines(t) for _, t in generate(300, 11)]


EDGE = [
    [],
    [""],
    ["", "", ""],
    ["???", "", "—", "12:30", "«»"],
    ['"Kutipan"', 'kata "dia"', "‘x’", "İSTANBUL ΟΔΟΣ", "ALL CAPS LINE", "1999 10/11/2020"],
    ["a " * 30 + ".", "x", "y", "", "z", "b " * 25 + "!", "Tag: a | b • c", "www.x.com @u"],
    ["akhir.\u00a0 ", "x)\t", "  ", "a.\nb", "kata.\n", "”", "\u2003", "Harga 10.000 pukul 9.30"],
    ["JAKARTA, KOMPAS.com - Presiden", "Yerevan (ANTARA) - x", '"', "‘kutip", "x'"],
]


@pytest.mark.parametrize("source", ["tune", "generated", "edge"])
def test_columns_equal_the_per_line_features(lexicon: LineLexicon, source: str) -> None:
    pages = {"tune": _tune_pages, "generated": _generated_pages, "edge": lambda: EDGE}[source]()
    assert pages
    counts, n = corpus_counts(pages)
    old = [reference_features(p, lexicon, counts, n) for p in pages]
    new = [page_features(p, lexicon, counts, n) for p in pages]
    for a, b in zip(old, new, strict=True):
        assert a.shape == b.shape
        np.testing.assert_allclose(b, a, rtol=0, atol=1e-12)
    stacked = batch_features(pages, lexicon, counts, n)
    want = np.vstack(old) if old else np.zeros((0, len(FEATURES)))
    np.testing.assert_allclose(stacked, want.reshape(-1, len(FEATURES)), rtol=0, atol=1e-12)


def test_shuffled_pages_give_each_page_its_own_rows(lexicon: LineLexicon) -> None:
    pages = _generated_pages()[:60] + EDGE
    random.Random(3).shuffle(pages)
    counts, n = corpus_counts(pages)
    keys = [[line_key(ln) if ln else "" for ln in p] for p in pages]
    stacked = batch_features(pages, lexicon, counts, n, keys)
    want = np.vstack([reference_features(p, lexicon, counts, n) for p in pages])
    np.testing.assert_allclose(stacked, want, rtol=0, atol=1e-12)


def test_page_keys_are_each_lines_key() -> None:
    pages = [*_generated_pages()[:100], *EDGE, ["a\nB 12", "", "ΟΔΟΣ"], ["İ 1", "x"]]
    for group in (pages, pages[-2:], pages[-1:], [[]], []):
        want = [[line_key(ln) if ln else "" for ln in p] for p in group]
        assert page_keys(group) == want


def reference_decisions(
    clf: LineClassifier, pages: list[list[str]], threshold: float
) -> list[list[tuple[str, float]]]:
    """page_decisions as it was before the column-wise features (per page, per line)."""
    counts, n = corpus_counts(pages)
    rows = np.vstack([reference_features(p, clf.lexicon, counts, n) for p in pages])
    words, stops = FEATURES.index("log_words"), FEATURES.index("stop_share")
    prose = (np.expm1(rows[:, words]) >= 25) & (rows[:, stops] >= 0.3)
    empty = np.array([not ln for page in pages for ln in page], dtype=bool)
    ask = np.flatnonzero(~prose & ~empty)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        proba = clf.model.predict_proba(rows[ask])
    classes = list(clf.model.classes_)
    labels = np.full(len(rows), "body", dtype=object)
    p_body = np.ones(len(rows))
    labels[ask] = [classes[k] for k in proba.argmax(axis=1)]
    p_body[ask] = np.round(proba[:, classes.index("body")], 4)
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


def test_decisions_equal_the_per_line_decisions(
    lexicon: LineLexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    dev = load_dev(ROOT / "data/annotations/dev")
    feats, labels, _ = line_training_set(dev, dev.split("tune"), lexicon, 10**8)
    clf = LineClassifier(fit_classifier(feats, labels, 7), lexicon)
    pages = _tune_pages() + _generated_pages()[:150] + EDGE[1:]
    for threshold, batch in ((0.3, 250), (0.5, 7), (0.9, 1)):  # features in batches of pages
        monkeypatch.setattr("pipeline.clean.lines.BATCH", batch)
        got = page_decisions(clf, pages, threshold)
        assert got == reference_decisions(clf, pages, threshold)
        assert {lab for page in got for lab, _ in page} == {"body", "boilerplate", "metadata"}
    rows = batch_features(pages, lexicon, *corpus_counts(pages))
    twice = np.vstack([rows, rows[::-1]])  # repeated rows: predicted once, given to each copy
    lab, p = predict_labels(clf.model, twice)
    assert lab[: len(rows)] == lab[len(rows) :][::-1]
    assert np.array_equal(p[: len(rows)], p[len(rows) :][::-1])
