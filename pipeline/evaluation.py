"""Evaluation against the hand-annotated sets in ``data/annotations/``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from pipeline.errors import DataFileError

LINE_LABELS = ("body", "boilerplate", "metadata")


def _read_csv(path: str | Path, required: set[str]) -> pd.DataFrame:
    path = Path(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError) as err:
        raise DataFileError(path, "(file)", f"cannot read: {err}") from None
    missing = required - set(df.columns)
    if missing:
        raise DataFileError(path, "(header)", f"missing columns {sorted(missing)}")
    return df


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    """Precision, recall and F1 (0 where undefined) with the counts behind them."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


# --- cleaning: which raw lines leave the body ---------------------------------------------


def load_gold_lines(path: str | Path) -> pd.DataFrame:
    """Gold line labels: ``file,line_no,label[,text]`` with label body|boilerplate|metadata."""
    df = _read_csv(path, {"file", "line_no", "label"})
    bad = df[~df["label"].isin(LINE_LABELS)]
    if not bad.empty:
        raise DataFileError(path, f"row {bad.index[0] + 2}", f"label must be one of {LINE_LABELS}")
    df["line_no"] = df["line_no"].astype(int)
    return df


def line_scores(gold: pd.DataFrame, articles: pd.DataFrame, log: pd.DataFrame) -> dict:
    """Precision/recall of removing non-body lines, over the files present in ``gold``.

    A line counts as removed when the cleaning log has it under any rule except ``dateline``
    (which strips a prefix and keeps the rest of the line in the body).
    """
    src = dict(zip(articles["doc_id"], articles["source"], strict=True))
    removed = {
        (src[d], int(n))
        for d, n, r in zip(log["doc_id"], log["line_no"], log["rule"], strict=True)
        if r != "dateline" and d in src
    }
    files = set(gold["file"]) & set(articles["source"])
    g = gold[gold["file"].isin(files)]
    is_out = g["label"] != "body"
    pred = pd.Series(
        [(f, int(n)) in removed for f, n in zip(g["file"], g["line_no"], strict=True)],
        index=g.index,
        dtype=bool,
    )
    tp = int((is_out & pred).sum())
    fp = int((~is_out & pred).sum())
    fn = int((is_out & ~pred).sum())
    errors = [
        {"file": f, "line_no": int(n), "label": lab, "text": t[:120]}
        for f, n, lab, t, p in zip(
            g["file"],
            g["line_no"],
            g["label"],
            g.get("text", pd.Series([""] * len(g), index=g.index)),
            pred,
            strict=True,
        )
        if (lab != "body") != p
    ]
    return {
        "n_files": len(files),
        "n_lines": len(g),
        "removal": prf(tp, fp, fn),
        "body_lines_lost": fp,
        "errors": errors[:50],
    }


# --- entities: every actor mention ---------------------------------------------------------


def occurrence(body: str, surface: str, start: int) -> int:
    """How many times ``surface`` occurs in ``body`` before ``start`` (0 = first)."""
    n, pos = 0, body.find(surface)
    while 0 <= pos < start:
        n += 1
        pos = body.find(surface, pos + 1)
    return n


def load_gold_mentions(path: str | Path) -> pd.DataFrame:
    """Gold mentions: ``file,surface,occurrence,entity_id,entity_type,kind``."""
    df = _read_csv(path, {"file", "surface", "occurrence", "entity_id", "entity_type", "kind"})
    df["occurrence"] = df["occurrence"].astype(int)
    return df


def mention_scores(gold: pd.DataFrame, articles: pd.DataFrame, mentions: pd.DataFrame) -> dict:
    """P/R/F1 of (surface occurrence, entity id) overall, by entity type and by kind."""
    body = dict(zip(articles["doc_id"], articles["body"], strict=True))
    src = dict(zip(articles["doc_id"], articles["source"], strict=True))
    files = set(gold["file"]) & set(articles.loc[articles["status"] == "kept", "source"])
    pred: dict[tuple[str, str, int], tuple[str, str, str]] = {}
    for d, s, surf, eid, et, k in zip(
        mentions["doc_id"],
        mentions["start"],
        mentions["surface"],
        mentions["entity_id"],
        mentions["entity_type"],
        mentions["kind"],
        strict=True,
    ):
        if src.get(d) in files:
            pred[(src[d], surf, occurrence(body[d], surf, int(s)))] = (eid, et, k)
    gold_map = {
        (f, s, int(o)): (e, t, k)
        for f, s, o, e, t, k in zip(
            gold["file"],
            gold["surface"],
            gold["occurrence"],
            gold["entity_id"],
            gold["entity_type"],
            gold["kind"],
            strict=True,
        )
        if f in files
    }

    def score(select_gold: set, select_pred: set) -> dict:
        tp = sum(1 for key in select_gold & select_pred if gold_map[key][0] == pred[key][0])
        return prf(tp, len(select_pred) - tp, len(select_gold) - tp)

    out: dict = {
        "n_files": len(files),
        "n_gold": len(gold_map),
        "overall": score(set(gold_map), set(pred)),
    }
    for field, idx in (("by_type", 1), ("by_kind", 2)):
        values = sorted({v[idx] for v in gold_map.values()} | {v[idx] for v in pred.values()})
        out[field] = {
            v: score(
                {k for k, g in gold_map.items() if g[idx] == v},
                {k for k, p in pred.items() if p[idx] == v},
            )
            for v in values
        }
    misses = Counter()
    errors = []
    for key in sorted(set(gold_map) | set(pred)):
        g, p = gold_map.get(key), pred.get(key)
        if g is None or p is None or g[0] != p[0]:
            misses[("missed" if p is None else "spurious" if g is None else "wrong id")] += 1
            errors.append(
                {
                    "file": key[0],
                    "surface": key[1],
                    "occurrence": key[2],
                    "gold": g[0] if g else None,
                    "predicted": p[0] if p else None,
                }
            )
    out["error_counts"] = dict(sorted(misses.items()))
    out["errors"] = errors[:60]
    return out


# --- stance: article labels ----------------------------------------------------------------


def load_gold_articles(path: str | Path) -> pd.DataFrame:
    """Gold article labels: ``file,alignment_label,framing_label[,note]``."""
    return _read_csv(path, {"file", "alignment_label", "framing_label"})


def label_scores(
    gold: pd.DataFrame,
    articles: pd.DataFrame,
    stance: pd.DataFrame,
    column: str,
    labels: tuple[str, ...],
) -> dict:
    """Accuracy, macro-F1 and confusion matrix of article labels on the gold files."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    src = dict(zip(articles["doc_id"], articles["source"], strict=True))
    predicted = {src[d]: lab for d, lab in zip(stance["doc_id"], stance[column], strict=True)}
    rows = [
        (f, g, predicted[f])
        for f, g in zip(gold["file"], gold[column], strict=True)
        if f in predicted
    ]
    if not rows:
        return {"n": 0}
    y_true = [g for _, g, _ in rows]
    y_pred = [p for _, _, p in rows]
    return {
        "n": len(rows),
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "macro_f1": round(
            float(f1_score(y_true, y_pred, labels=list(labels), average="macro", zero_division=0)),
            4,
        ),
        "labels": list(labels),
        "confusion": confusion_matrix(y_true, y_pred, labels=list(labels)).tolist(),
        "errors": [{"file": f, "gold": g, "predicted": p} for f, g, p in rows if g != p],
    }
