"""Three ways to score evidence sentences — lexicon, model, combined — and their evaluation.

Every method scores the same evidence sentences (the focal state and a bloc actor named
together); article scores are made from them in the same way (``score_articles``). The model is
evaluated out of fold, grouped by article, so neither its sentence nor its article figures have
seen the article they score. The lexicon has no training step, but its cues and rules were
written while reading these same seed articles: its figures on them are in-sample.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pipeline.config import StanceParams
from pipeline.evaluation import label_scores
from pipeline.schemas import ALIGNMENT_LABELS
from pipeline.stance.lexicon import Lexicon
from pipeline.stance.model import (
    CLASSES,
    MASKS,
    cross_validated_scores,
    fit_model,
    mask,
    masked_sentences,
    parse_markup,
)
from pipeline.stance.relations import SentMention, code_sentence, resolve_pronouns
from pipeline.stance.stage import (
    anaphor_mentions,
    antecedents,
    code_relations,
    entity_blocs,
    quote_speakers,
)

METHODS = ("lexicon", "model", "combined")


def classes(scores: np.ndarray, threshold: float) -> np.ndarray:
    """−1 / 0 / +1 for sentence scores at or beyond ±``threshold``."""
    return np.where(scores >= threshold, 1, np.where(scores <= -threshold, -1, 0))


def combine(lexicon: np.ndarray, model: np.ndarray, weight: float) -> np.ndarray:
    """The combined score: the lexicon's where it coded a relation (its cues are explicit and
    traceable), else ``weight`` × the model's (what the cues missed: paraphrase, anaphora)."""
    return np.round(np.where(lexicon != 0, lexicon, weight * model), 6)


CODER_PREFIX = "kode"  # coder features are words of their own: "kodecriticismblokrusia"


def coder_words(relation: str, bloc: str | None, negated: bool, alignment: float) -> str:
    """What the relation coder read in a sentence, as words the model can weigh: the relation
    with the actor's bloc, negation, and the side the contribution favours ("kodecooperation
    blokrusia kodenegasi kodearahbarat"). They carry over across outlets as cue words do not."""
    mask_word = MASKS.get(bloc or "none", MASKS["none"])
    words = [f"{CODER_PREFIX}{relation}{mask_word}"]
    if negated:
        words.append(f"{CODER_PREFIX}negasi")
    if alignment:
        words.append(f"{CODER_PREFIX}arah{'barat' if alignment > 0 else 'rusia'}")
    return " ".join(words)


def coder_features(
    keys: pd.DataFrame, relations: pd.DataFrame, mentions: pd.DataFrame
) -> list[str]:
    """:func:`coder_words` of every relation coded in each sentence of ``keys`` ("" for none)."""
    if relations.empty or keys.empty:
        return [""] * len(keys)
    blocs = entity_blocs(mentions)
    by_key: dict[tuple[str, int], list[str]] = {}
    for doc, sid, src, tgt, rel, neg, value in zip(
        *(
            relations[c].tolist()
            for c in ("doc_id", "sent_id", "source", "target", "relation", "negated", "alignment")
        ),
        strict=True,
    ):
        bloc = blocs.get(src) if blocs.get(src) in ("russia", "west") else blocs.get(tgt)
        by_key.setdefault((doc, sid), []).append(coder_words(rel, bloc, bool(neg), value))
    return [
        " ".join(by_key.get((d, i), []))
        for d, i in zip(keys["doc_id"].tolist(), keys["sent_id"].tolist(), strict=True)
    ]


def with_coder(texts: list[str], features: list[str]) -> list[str]:
    """Each masked text followed by its coder words (when there are any)."""
    return [f"{t} {f}" if f else t for t, f in zip(texts, features, strict=True)]


def synthetic_coder_features(
    texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int, str, str]]], lexicon: Lexicon
) -> list[str]:
    """:func:`coder_words` of the relations the coder reads in each synthetic sentence."""
    out = []
    for text, sp in zip(texts, spans, strict=True):
        ms = [SentMention(s, e, ent, bloc) for s, e, ent, bloc in sp]
        rels = code_sentence(text, ms, lexicon)
        bloc_of = {m.entity_id: m.bloc for m in ms}
        words = []
        for r in rels:
            src, tgt = bloc_of.get(r.source), bloc_of.get(r.target)
            bloc = src if src in ("russia", "west") else tgt
            words.append(coder_words(r.relation, bloc, r.negated, r.alignment))
        out.append(" ".join(words))
    return out


def model_inputs(
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    lexicon: Lexicon,
    keys: pd.DataFrame,
    relations: pd.DataFrame | None = None,
) -> list[str]:
    """Masked text of the sentences ``keys`` (``doc_id``, ``sent_id``), in that order, followed
    by the coder's reading of them (:func:`coder_features`; ``relations`` are the coded
    relations of these sentences, coded here when not given).

    First-person pronouns of a quoted bloc or focal speaker are masked as that speaker, and an
    anaphor standing for the focal state ("negara itu", :func:`antecedents`) as the focal state.
    """
    if relations is None:
        relations = code_relations(sentences, mentions, lexicon) if len(keys) else None
    want = pd.MultiIndex.from_frame(keys[["doc_id", "sent_id"]])
    have = pd.MultiIndex.from_arrays([sentences["doc_id"], sentences["sent_id"]])
    rows = have.get_indexer(want)
    if (rows < 0).any():
        raise KeyError("model_inputs: some keys are not sentences")
    speakers = quote_speakers(sentences)[rows]
    ante = antecedents(sentences, mentions, lexicon)[rows]
    subset = sentences.iloc[rows]
    blocs = entity_blocs(mentions)
    extra: dict[tuple[str, int], list[tuple[int, int, str, str]]] = {}
    for doc, sid, text, spk, antecedent in zip(
        subset["doc_id"].tolist(),
        subset["sent_id"].tolist(),
        subset["text"].tolist(),
        speakers.tolist(),
        ante.tolist(),
        strict=True,
    ):
        lower = text.lower()
        found = resolve_pronouns(lower, spk, blocs.get(spk) if spk else None, lexicon)
        found += anaphor_mentions(lower, antecedent, lexicon)
        if found:
            extra[(doc, sid)] = [(m.start, m.end, m.entity_id, m.bloc) for m in found]
    texts = masked_sentences(subset, mentions, extra)
    if relations is None:
        return texts
    return with_coder(texts, coder_features(keys, relations, mentions))


@dataclass(frozen=True)
class TrainingSet:
    """Masked annotated sentences: seed sentences (evaluated) and synthetic ones (training)."""

    keys: pd.DataFrame  # doc_id, sent_id of each seed sentence
    texts: list[str]
    labels: np.ndarray
    groups: list[str]  # article of each seed sentence
    synthetic_texts: list[str]
    synthetic_labels: np.ndarray


def training_set(
    matched: pd.DataFrame,
    synthetic: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    lexicon: Lexicon,
) -> TrainingSet:
    """Seed gold rows matched to pipeline sentences, and the synthetic sentences."""
    keys = matched[["doc_id", "sent_id"]].reset_index(drop=True)
    syn = [parse_markup(t) for t in synthetic["text"]]
    coded = synthetic_coder_features([t for t, _ in syn], [sp for _, sp in syn], lexicon)
    return TrainingSet(
        keys=keys,
        texts=model_inputs(sentences, mentions, lexicon, keys) if len(keys) else [],
        labels=matched["alignment"].to_numpy(np.int64),
        groups=matched["doc_id"].tolist(),
        synthetic_texts=with_coder([mask(text, spans) for text, spans in syn], coded),
        synthetic_labels=synthetic["alignment"].to_numpy(np.int64),
    )


def fit_full(train: TrainingSet, params: StanceParams) -> Any:
    """The model used by the stage: fitted on every seed and synthetic sentence."""
    return fit_model(
        train.texts + train.synthetic_texts,
        np.concatenate([train.labels, train.synthetic_labels]),
        params.model_c,
        params.seed,
    )


def sentence_table(
    keys: pd.DataFrame, lexicon: np.ndarray, model: np.ndarray, params: StanceParams
) -> pd.DataFrame:
    """The ``sentence_stance`` table: every method's score, ``alignment`` the chosen one's."""
    out = keys[["doc_id", "sent_id"]].reset_index(drop=True).copy()
    out["lexicon"] = np.asarray(lexicon, dtype=np.float64)
    out["model"] = np.asarray(model, dtype=np.float64)
    out["combined"] = combine(
        out["lexicon"].to_numpy(), out["model"].to_numpy(), params.model_weight
    )
    out.insert(2, "alignment", out[params.method].to_numpy())
    return out


def class_report(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    labels = list(CLASSES)
    per_class = f1_score(y_true, y_pred, labels=labels, average=None, zero_division=0)
    return {
        "n": int(len(y_true)),
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4) if len(y_true) else 0.0,
        "macro_f1": round(
            float(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)), 4
        ),
        "f1_by_class": {str(c): round(float(f), 4) for c, f in zip(labels, per_class, strict=True)},
        "labels": labels,
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
    }


# The aggregation rules compared: (prior_strength, dilution, alignment threshold).
AGGREGATION_GRID = tuple(
    (p, d, t)
    for p in (1.0, 2.0, 3.0, 4.0)
    for d in (0.0, 0.25, 0.5, 1.0)
    for t in (0.15, 0.2, 0.25)
)


def _macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    return float(
        f1_score(gold, pred, labels=list(ALIGNMENT_LABELS), average="macro", zero_division=0)
    )


def aggregation_cv(
    sentence_doc: Sequence[str],
    scores: dict[str, np.ndarray],
    docs: Sequence[str],
    labels: Sequence[str],
    groups: Sequence[str],
    current: tuple[float, float, float],
    grid: Sequence[tuple[float, float, float]] = AGGREGATION_GRID,
) -> dict[str, Any]:
    """Article macro-F1 of each aggregation rule ``(prior, dilution, threshold)``, and of
    choosing the rule by cross-validation grouped by outlet (leave one outlet out: the rule with
    the best macro-F1 on the other outlets, the current one on a tie, labels the held-out one;
    ``picked_by_outlets``: how many held-out outlets each picked rule labelled).

    ``sentence_doc`` and ``scores[method]`` are the evidence sentences' articles and scores;
    ``docs``, ``labels`` and ``groups`` the scored articles, their gold labels and outlets (an
    article without evidence scores 0). The rule is clip(Σ / (prior + dilution × n), −1, 1).
    """
    grid = [current] + [g for g in grid if g != current]
    index = {d: i for i, d in enumerate(docs)}
    rows = np.asarray([index.get(d, -1) for d in sentence_doc], dtype=np.int64)
    inside = rows >= 0
    n = np.bincount(rows[inside], minlength=len(docs)).astype(float)
    y, g = np.asarray(labels, dtype=object), np.asarray(groups, dtype=object)
    names = np.asarray(ALIGNMENT_LABELS, dtype=object)
    out: dict[str, Any] = {
        "scheme": "leave one outlet out over the rules of the grid",
        "grid_size": len(grid),
        "current": {"prior_strength": current[0], "dilution": current[1], "threshold": current[2]},
    }
    for method, values in scores.items():
        total = np.bincount(rows[inside], weights=np.asarray(values)[inside], minlength=len(docs))
        preds = []
        for prior, dilution, threshold in grid:
            den = np.maximum(prior + dilution * n, 1e-12)
            a = np.clip(total / den, -1.0, 1.0)
            preds.append(names[np.where(a <= -threshold, 0, np.where(a >= threshold, 2, 1))])
        f1 = [_macro_f1(y, p) for p in preds]
        best = int(np.argmax(f1))
        nested = np.empty(len(docs), dtype=object)
        picked: dict[str, int] = {}
        for outlet in sorted(set(g.tolist())):
            held = g == outlet
            pick = int(np.argmax([_macro_f1(y[~held], p[~held]) for p in preds]))
            nested[held] = preds[pick][held]
            name = " ".join(str(x) for x in grid[pick])
            picked[name] = picked.get(name, 0) + 1
        out[method] = {
            "current_macro_f1": round(f1[0], 4),
            "best_in_sample": {"rule": list(grid[best]), "macro_f1": round(f1[best], 4)},
            "chosen_by_outlet_cv_macro_f1": round(_macro_f1(y, nested), 4) if len(docs) else 0.0,
            "picked_by_outlets": dict(sorted(picked.items())),
        }
    return out


def evaluate(
    train: TrainingSet,
    evidence: pd.DataFrame,
    unmatched: pd.DataFrame,
    articles: pd.DataFrame,
    gold_articles: pd.DataFrame,
    score: Any,
    params: StanceParams,
    outlets: dict[str, str] | None = None,
) -> tuple[dict[str, Any], pd.DataFrame]:
    """Sentence- and article-level figures of every method, and the gold sentences' scores.

    ``evidence`` is the stage's ``sentence_stance`` table (full-model scores); the model's
    scores of annotated sentences are replaced by out-of-fold ones. ``score(table)`` turns a
    sentence table into article stance (``score_articles`` with that table). With ``outlets``
    (doc_id → outlet of the gold articles) the metrics also compare aggregation rules under
    leave-one-outlet-out (:func:`aggregation_cv`). Returns the metrics and one row per gold
    sentence with each method's score and class.
    """
    oof, cv = cross_validated_scores(
        train.texts,
        train.labels,
        train.groups,
        train.synthetic_texts,
        train.synthetic_labels,
        params.cv_folds,
        params.model_c,
        params.seed,
    )
    gold = train.keys.assign(gold=train.labels, model_oof=oof)
    table = evidence.merge(gold, on=["doc_id", "sent_id"], how="left")
    in_gold = table["gold"].notna().to_numpy()
    model = np.where(in_gold, table["model_oof"].fillna(0.0), table["model"])
    lex = table["lexicon"].to_numpy()
    scores = {
        "lexicon": lex,
        "model": model,
        "combined": combine(lex, model, params.model_weight),
    }
    # Sentence level, over every annotated sentence: one that is not evidence scores 0 under
    # every method (the pipeline never uses it).
    per_gold = gold.merge(
        table[["doc_id", "sent_id"]].assign(evidence=True), on=["doc_id", "sent_id"], how="left"
    ).fillna({"evidence": False})
    rows = per_gold.merge(
        table[["doc_id", "sent_id"]].assign(**scores), on=["doc_id", "sent_id"], how="left"
    ).fillna({m: 0.0 for m in METHODS})
    sentence = {
        m: class_report(
            rows["gold"].to_numpy(np.int64), classes(rows[m].to_numpy(), params.sentence_threshold)
        )
        for m in METHODS
    }
    # The model alone on every annotated sentence, evidence or not (what it could contribute).
    sentence_model_all = class_report(train.labels, classes(oof, params.sentence_threshold))
    article = {}
    for m in METHODS:
        stance = score(table[["doc_id", "sent_id"]].assign(alignment=scores[m]))
        article[m] = label_scores(
            gold_articles, articles, stance, "alignment_label", ALIGNMENT_LABELS
        )
        src = dict(zip(articles["doc_id"], articles["source"], strict=True))
        article[m]["scores"] = {
            src[d]: a for d, a in zip(stance["doc_id"], stance["alignment"], strict=True)
        }
    if outlets is not None:
        src = dict(zip(articles["source"], articles["doc_id"], strict=True))
        kept = set(articles.loc[articles["status"] == "kept", "doc_id"]) & set(outlets)
        gold_by_doc = {
            src[f]: lab
            for f, lab in zip(gold_articles["file"], gold_articles["alignment_label"], strict=True)
            if f in src and src[f] in kept
        }
        docs = sorted(gold_by_doc)
        t = params.alignment_thresholds.positive
        aggregation = aggregation_cv(
            table["doc_id"].tolist(),
            scores,
            docs,
            [gold_by_doc[d] for d in docs],
            [outlets[d] for d in docs],
            (params.prior_strength, params.dilution, t),
        )
    metrics = {
        "cross_validation": cv,
        "sentence_threshold": params.sentence_threshold,
        "gold_sentences": {
            "matched": int(len(train.keys)),
            "unmatched": int(len(unmatched)),
            "unmatched_rows": [
                {"file": f, "text": t[:120]}
                for f, t in zip(unmatched["file"], unmatched["text"], strict=True)
            ],
            "evidence": int(per_gold["evidence"].sum()),
        },
        "sentence": sentence,
        "sentence_model_all_gold": sentence_model_all,
        "article": article,
        **({"aggregation": aggregation} if outlets is not None else {}),
        "in_sample_note": (
            "lexicon: no training, but its rules were written on these seeds (in-sample); "
            "model and combined: out-of-fold, grouped by article"
        ),
    }
    rows = rows.assign(
        **{f"{m}_class": classes(rows[m].to_numpy(), params.sentence_threshold) for m in METHODS}
    )
    return metrics, rows
