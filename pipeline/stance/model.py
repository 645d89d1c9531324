"""A learned sentence scorer beside the lexicon: TF-IDF word and character n-grams with a
logistic regression, trained on the annotated sentences, saved with skops (not pickle).

Actor names are replaced by their bloc before the model reads a sentence ("Armenia meminta
bantuan NATO" → "aktorfokal meminta bantuan blokbarat"), so what it learns carries over from one
actor of a bloc to another and the direction of a tie is visible to it.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline.persist import load_skops, save_skops

MASKS = {"focal": "aktorfokal", "russia": "blokrusia", "west": "blokbarat", "none": "aktorlain"}
PLACE = "lokasi"
CLASSES = (-1, 0, 1)
# "[Rusia|russia]": an actor and its bloc in a synthetic sentence.
_MARKUP = re.compile(r"\[([^\[\]|]+)\|(focal|russia|west|none)\]")


def mask(text: str, spans: Sequence[tuple[int, int, str, str]]) -> str:
    """Lowercase ``text`` with each ``(start, end, entity_id, bloc)`` span replaced by its mask."""
    out, pos = [], 0
    for start, end, entity, bloc in sorted(spans):
        if start < pos:
            continue  # overlapping span: keep the first
        out.append(text[pos:start].lower())
        out.append(PLACE if entity.startswith("loc:") else MASKS.get(bloc, MASKS["none"]))
        pos = end
    out.append(text[pos:].lower())
    return " ".join("".join(out).split())


def parse_markup(text: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """Plain text and actor spans of a marked-up synthetic sentence ("[Rusia|russia] ...")."""
    plain, spans, pos = [], [], 0
    length = 0
    for m in _MARKUP.finditer(text):
        before = text[pos : m.start()]
        plain.append(before)
        length += len(before)
        spans.append((length, length + len(m.group(1)), m.group(1), m.group(2)))
        plain.append(m.group(1))
        length += len(m.group(1))
        pos = m.end()
    plain.append(text[pos:])
    return "".join(plain), spans


def masked_sentences(
    sentences: pd.DataFrame, mentions: pd.DataFrame, extra: dict[tuple[str, int], list] | None
) -> list[str]:
    """The masked text of each row of ``sentences`` (mentions by ``doc_id``, ``sent_id``).

    ``extra`` adds spans (sentence-relative ``(start, end, entity_id, bloc)``) per sentence, such
    as first-person pronouns standing for a quoted speaker.
    """
    n = len(sentences)
    codes = pd.factorize(pd.concat([sentences["doc_id"], mentions["doc_id"]], ignore_index=True))[0]
    s_key = (codes[:n].astype(np.int64) << 24) | sentences["sent_id"].to_numpy(np.int64)
    m_key = (codes[n:].astype(np.int64) << 24) | mentions["sent_id"].to_numpy(np.int64)
    # A key's spans are those of its last row (several rows of one key share them).
    order = np.argsort(s_key, kind="stable")
    sorted_keys = s_key[order]
    last = np.searchsorted(sorted_keys, s_key, "right") - 1
    rep = order[np.maximum(last, 0)] if n else last
    pos = np.searchsorted(sorted_keys, m_key, "right") - 1
    found = (pos >= 0) & (sorted_keys[np.maximum(pos, 0)] == m_key) if n else pos < -1
    m_row = order[pos[found]] if n else pos[found]
    taken = np.flatnonzero(found)
    off = sentences["start"].to_numpy(np.int64)[m_row]
    starts = (mentions["start"].to_numpy(np.int64)[taken] - off).tolist()
    ends = (mentions["end"].to_numpy(np.int64)[taken] - off).tolist()
    entities = mentions["entity_id"].to_numpy(dtype=object)[taken].tolist()
    blocs = mentions["bloc"].to_numpy(dtype=object)[taken].tolist()
    by_row: dict[int, list[tuple[int, int, str, str]]] = {}
    spans_of = zip(starts, ends, entities, blocs, strict=True)
    for r, span in zip(m_row.tolist(), spans_of, strict=True):
        by_row.setdefault(r, []).append(span)
    out = []
    extra = extra or {}
    for r, doc, sid, text in zip(
        rep.tolist(),
        sentences["doc_id"].tolist(),
        sentences["sent_id"].tolist(),
        sentences["text"].tolist(),
        strict=True,
    ):
        spans = by_row.get(r, [])
        if extra:
            spans = spans + extra.get((doc, sid), [])
        out.append(mask(text, spans))
    return out


def build_model(c: float, seed: int) -> Any:
    """TF-IDF of word 1–2-grams and character 2–5-grams (within words), then a multinomial
    logistic regression with balanced class weights: probabilities for −1, 0 and +1."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        ]
    )
    classifier = LogisticRegression(
        C=c, class_weight="balanced", max_iter=5000, random_state=seed, solver="lbfgs"
    )
    return Pipeline([("features", features), ("classifier", classifier)])


def fit_model(texts: Sequence[str], labels: Sequence[int], c: float, seed: int) -> Any:
    """The model fitted on masked sentences and their alignment labels (−1, 0, +1)."""
    from threadpoolctl import threadpool_limits

    model = build_model(c, seed)
    # One BLAS thread: the same floating-point sums on every machine, and no spinning threads
    # fighting over a busy 2-core machine (measured: 0.2 s vs 3.5 s for the same fit).
    with threadpool_limits(limits=1):
        model.fit(list(texts), np.asarray(labels, dtype=np.int64))
    return model


def _type_codes(docs: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Each word of ``docs`` as the code of its type, the document of each word, and the
    types (first seen first)."""
    types: dict[str, int] = {}
    setdefault = types.setdefault
    codes = [setdefault(w, len(types)) for words in docs for w in words]
    lengths = np.fromiter(map(len, docs), np.int64, len(docs))
    doc = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
    return np.asarray(codes, dtype=np.int64), doc, list(types)


def _char_counts(vectorizer: Any, docs: list[list[str]]) -> Any:
    """What ``CountVectorizer.transform`` of a ``char_wb`` vectorizer returns for documents given
    as their lowercase words: the sum of each word's n-gram counts (``char_wb`` n-grams never
    cross a word), the counts computed once per word type."""
    from scipy.sparse import csr_matrix

    vocabulary = vectorizer.vocabulary_
    ngrams = vectorizer._char_wb_ngrams
    codes, doc, types = _type_codes(docs)
    w_cols: list[int] = []
    w_ptr = [0]
    for w in types:
        w_cols.extend(j for j in map(vocabulary.get, ngrams(w)) if j is not None)
        w_ptr.append(len(w_cols))
    d = csr_matrix(
        (np.ones(len(codes), dtype=np.int64), (doc, codes)), shape=(len(docs), len(types))
    )
    d.sum_duplicates()
    per_type = csr_matrix(
        (np.ones(len(w_cols), dtype=np.int64), w_cols, w_ptr),
        shape=(len(types), len(vocabulary)),
    )
    per_type.sum_duplicates()
    # Computed transposed: turning the product back is a counting sort, which leaves each
    # row's columns sorted (as ``transform`` returns them) faster than sorting them.
    return (per_type.T.tocsr() @ d.T.tocsr()).T.tocsr()


def _word_counts(vectorizer: Any, texts: Sequence[str]) -> Any:
    """What ``CountVectorizer.transform`` of a word n-gram vectorizer (no stop words) returns.

    The token pattern never matches across whitespace, so each whitespace-separated chunk is
    tokenized once per chunk type; n-grams are numbered by their tokens' codes and looked up
    once per distinct n-gram."""
    from scipy.sparse import csr_matrix

    vocabulary = vectorizer.vocabulary_
    tokenize = vectorizer.build_tokenizer()
    min_n, max_n = vectorizer.ngram_range
    chunk_tokens: dict[str, list[str]] = {}
    docs: list[list[str]] = []
    for text in texts:
        tokens: list[str] = []
        for chunk in text.lower().split():
            got = chunk_tokens.get(chunk)
            if got is None:
                got = chunk_tokens[chunk] = tokenize(chunk)
            tokens += got
        docs.append(tokens)
    codes, doc, types = _type_codes(docs)
    rows, cols = [], []
    size = len(codes)
    gram = codes  # the code of the n-gram starting at each position, −1 where there is none
    for n in range(1, max_n + 1):
        if n > 1:  # an n-gram: the (n−1)-gram and the token after it, in the same document
            gram = gram.copy()
            nxt = np.full(size, -1, dtype=np.int64)
            nxt[: size - n + 1] = codes[n - 1 :]
            ok = (gram >= 0) & (nxt >= 0)
            ok[: size - n + 1] &= doc[: size - n + 1] == doc[n - 1 :]
            ok[size - n + 1 :] = False
            uniq, inverse = np.unique(gram[ok] * len(types) + nxt[ok], return_inverse=True)
            gram[:] = -1
            gram[ok] = inverse
            n_grams = len(uniq)
        else:
            n_grams = len(types)
        if n < min_n:
            continue
        # Each distinct n-gram looked up once, spelled from its first occurrence.
        at = np.flatnonzero(gram >= 0)
        first = np.full(n_grams, -1, dtype=np.int64)
        first[gram[at][::-1]] = at[::-1]
        col = np.asarray(
            [
                vocabulary.get(" ".join([types[c] for c in codes[p : p + n].tolist()]), -1)
                for p in first.tolist()
            ],
            dtype=np.int64,
        )
        hit = col[gram[at]]
        rows.append(doc[at][hit >= 0])
        cols.append(hit[hit >= 0])
    row = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    col = np.concatenate(cols) if cols else np.zeros(0, np.int64)
    x = csr_matrix(
        (np.ones(len(row), dtype=np.int64), (row, col)),
        shape=(len(texts), len(vocabulary)),
    )
    x.sum_duplicates()
    x.sort_indices()
    return x


def features(model: Any, texts: Sequence[str]) -> Any:
    """The model's features of ``texts``: what ``model.named_steps["features"].transform``
    returns, bit for bit, counted faster (:func:`_char_counts`, :func:`_word_counts`)."""
    from scipy.sparse import hstack

    union = model.named_steps["features"]
    parts = []
    for name, vectorizer in union.transformer_list:
        if name == "chars" and vectorizer.analyzer == "char_wb":
            counts = _char_counts(vectorizer, [t.lower().split() for t in texts])
            parts.append(vectorizer._tfidf.transform(counts.astype(np.float64), copy=False))
        elif vectorizer.analyzer == "word" and vectorizer.stop_words is None:
            counts = _word_counts(vectorizer, texts)
            parts.append(vectorizer._tfidf.transform(counts.astype(np.float64), copy=False))
        else:
            parts.append(vectorizer.transform(texts))
    return hstack(parts, format="csr")


def predict_scores(model: Any, texts: Sequence[str], batch_size: int = 4096) -> np.ndarray:
    """Expected alignment P(+1) − P(−1) of each sentence, scored in batches."""
    classes = list(model.classes_)
    out = np.zeros(len(texts))
    from threadpoolctl import threadpool_limits

    classifier = model.named_steps["classifier"]
    for lo in range(0, len(texts), batch_size):
        with threadpool_limits(limits=1):
            proba = classifier.predict_proba(features(model, list(texts[lo : lo + batch_size])))
        pos = proba[:, classes.index(1)] if 1 in classes else 0.0
        neg = proba[:, classes.index(-1)] if -1 in classes else 0.0
        out[lo : lo + batch_size] = pos - neg
    return np.round(out, 6)


def cross_validated_scores(
    texts: Sequence[str],
    labels: Sequence[int],
    groups: Sequence[str],
    extra_texts: Sequence[str],
    extra_labels: Sequence[int],
    folds: int,
    c: float,
    seed: int,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Out-of-fold scores of every annotated sentence, and how the folds were made.

    Folds are stratified by label and grouped by article (``StratifiedGroupKFold``, shuffled
    with ``seed``): no article has sentences on both sides, so the scores are honest for the
    article-level evaluation too. ``extra_*`` (synthetic sentences) are added to every training
    fold and never scored. With fewer articles than ``folds``, each article is one fold; with
    fewer than two folds possible, no scores are made (all 0) and ``info`` says so.
    """
    from sklearn.model_selection import StratifiedGroupKFold

    y = np.asarray(labels, dtype=np.int64)
    g = np.asarray(groups)
    counts = np.bincount(y - min(CLASSES), minlength=len(CLASSES))
    # Tiny classes: no more folds than articles, nor than the largest class has members.
    n_splits = min(folds, len(set(groups)), int(counts.max()) if len(y) else 0)
    info: dict[str, Any] = {
        "scheme": "StratifiedGroupKFold (stratified by label; no group on both sides)",
        "folds": n_splits,
        "seed": seed,
        "sentences": len(y),
        "class_counts": {str(c): int(n) for c, n in zip(CLASSES, counts, strict=True)},
        "synthetic_training_only": len(extra_texts),
    }
    scores = np.zeros(len(y))
    if n_splits < 2:
        info["skipped"] = "fewer than two articles or sentences per class: no cross-validation"
        return scores, info
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    fold_of = np.zeros(len(y), dtype=np.int64)
    texts = list(texts)
    with warnings.catch_warnings():
        # "The least populated class has fewer members than n_splits": expected, and reported.
        warnings.simplefilter("ignore", UserWarning)
        splits = list(splitter.split(np.zeros(len(y)), y, g))
    for k, (train, test) in enumerate(splits):
        model = fit_model(
            [texts[i] for i in train] + list(extra_texts),
            np.concatenate([y[train], np.asarray(extra_labels, dtype=np.int64)]),
            c,
            seed,
        )
        scores[test] = predict_scores(model, [texts[i] for i in test])
        fold_of[test] = k
    info["fold_sizes"] = np.bincount(fold_of, minlength=n_splits).tolist()
    return scores, info


def save_model(model: Any, path: str | Path) -> Path:
    """Write the model with skops (no pickle), deterministically."""
    for _, vectorizer in model.named_steps["features"].transformer_list:
        # A cache of id(stop_words) (a memory address); scikit-learn recomputes it when absent.
        vars(vectorizer).pop("_stop_words_id", None)
    return save_skops(model, path)


def load_model(path: str | Path) -> Any:
    """Read a model written by :func:`save_model`, trusting only the types it is built from."""
    return load_skops(path)
