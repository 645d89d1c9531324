"""Training on the development corpus's ``tune`` part: the sentence model the stance stage uses."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from pipeline.annotated import Processed, doc_ids, gold_sentences, outlet_groups
from pipeline.clean.article import normalise_lines
from pipeline.clean.ingest import read_file
from pipeline.clean.lines import (
    FEATURES,
    LineLexicon,
    corpus_counts,
    fit_classifier,
    page_features,
    predict_labels,
)
from pipeline.devcorpus import DevCorpus
from pipeline.stance.gold import match_gold
from pipeline.stance.lexicon import Lexicon
from pipeline.stance.methods import TrainingSet, training_set


def annotated_training_set(
    dev: DevCorpus,
    ids: list[str],
    processed: Processed,
    synthetic: pd.DataFrame,
    lexicon: Lexicon,
) -> tuple[TrainingSet, pd.DataFrame]:
    """``(training set, unmatched gold rows)`` of the labelled sentences of pages ``ids``.

    Gold rows are matched to the pipeline's sentences by text; each sentence's group (for
    cross-validation) is its page's outlet, so no outlet is on both sides of a fold.
    """
    matched, unmatched = match_gold(
        gold_sentences(dev, ids), processed.articles, processed.sentences
    )
    train = training_set(matched, synthetic, processed.sentences, processed.mentions, lexicon)
    page_of = {d: i for i, d in doc_ids(dev, processed.articles).items()}
    group = outlet_groups(dev)
    return replace(train, groups=[group[page_of[d]] for d in train.keys["doc_id"]]), unmatched


def line_training_set(
    dev: DevCorpus, ids: list[str], lexicon: LineLexicon, max_bytes: int
) -> tuple[np.ndarray, list[str], list[str]]:
    """``(features, labels, outlet groups)`` of every labelled line of the plain-text pages ``ids``.

    Pages are read as the clean stage reads a raw file; saved ``.html`` pages are left out (their
    lines are not the lines the classifier sees after HTML extraction).
    """
    pages: dict[str, list[str]] = {}
    for i in ids:
        path = dev.page(i)
        if path.suffix == ".txt":
            rec = next(read_file(path, path.name, max_bytes))
            pages[i] = normalise_lines(rec.text or "")
    counts, n = corpus_counts(list(pages.values()))
    label = dict(
        zip(
            zip(dev.lines["id"], dev.lines["line_no"], strict=True), dev.lines["label"], strict=True
        )
    )
    group = outlet_groups(dev)
    rows, labels, groups = [], [], []
    for i, lines in pages.items():
        feats = page_features(lines, lexicon, counts, n)
        for k, line in enumerate(lines):
            if line and (i, k + 1) in label:
                rows.append(feats[k])
                labels.append(label[(i, k + 1)])
                groups.append(group[i])
    return np.array(rows).reshape(len(rows), len(FEATURES)), labels, groups


def line_cross_validation(
    features: np.ndarray, labels: list[str], groups: list[str], threshold: float, seed: int
) -> dict[str, float | int | str]:
    """Body kept and furniture removed by the classifier alone, out of fold, grouped by outlet."""
    from sklearn.model_selection import GroupKFold

    y = np.asarray(labels)
    folds = min(5, len(set(groups)))
    if folds < 2:
        return {"skipped": "fewer than two outlets"}
    p_body = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=folds).split(features, y, groups):
        model = fit_classifier(features[train], list(y[train]), seed)
        p_body[test] = predict_labels(model, features[test])[1]
    body, keep = y == "body", p_body >= threshold
    return {
        "scheme": f"GroupKFold by outlet, {folds} folds",
        "lines": int(len(y)),
        "body_kept": round(float((body & keep).sum() / max(1, body.sum())), 4),
        "furniture_removed": round(float((~body & ~keep).sum() / max(1, (~body).sum())), 4),
        "threshold": threshold,
    }
