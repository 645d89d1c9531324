"""The stance stage: mentions and sentences → ``relations`` and ``article_stance``."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
from tqdm import tqdm

from pipeline.config import StanceParams
from pipeline.schemas import ALIGNMENT_LABELS, FRAMING_LABELS
from pipeline.stance.lexicon import Lexicon
from pipeline.stance.relations import SentMention, code_sentence
from pipeline.stance.scoring import (
    bootstrap_ci,
    combine_framing,
    framing_components,
    label,
    shrunk_mean,
)

RELATION_COLUMNS = [
    "doc_id",
    "sent_id",
    "source",
    "target",
    "relation",
    "negated",
    "cue",
    "weight",
    "alignment",
]
COMPONENT_COLUMNS = [
    "doc_id",
    "framing_evaluative",
    "framing_sourcing",
    "framing_voices",
    "n_framing_terms",
]


def code_relations(
    sentences: pd.DataFrame, mentions: pd.DataFrame, lexicon: Lexicon, progress: bool = True
) -> pd.DataFrame:
    """Every coded relation, one row per (sentence, bloc actor)."""
    by_sentence: dict[tuple[str, int], list[SentMention]] = defaultdict(list)
    starts = dict(
        zip(
            zip(sentences["doc_id"], sentences["sent_id"], strict=True),
            sentences["start"],
            strict=True,
        )
    )
    for doc, sid, s, e, eid, bloc in zip(
        mentions["doc_id"],
        mentions["sent_id"],
        mentions["start"],
        mentions["end"],
        mentions["entity_id"],
        mentions["bloc"],
        strict=True,
    ):
        off = starts[(doc, sid)]
        by_sentence[(doc, sid)].append(SentMention(s - off, e - off, eid, bloc))
    rows = []
    for doc, sid, text in tqdm(
        zip(sentences["doc_id"], sentences["sent_id"], sentences["text"], strict=True),
        total=len(sentences),
        desc="relations",
        unit="sent",
        disable=not progress,
    ):
        ments = by_sentence.get((doc, sid))
        if not ments:
            continue
        for r in code_sentence(text, ments, lexicon):
            rows.append(
                (doc, sid, r.source, r.target, r.relation, r.negated, r.cue, r.weight, r.alignment)
            )
    out = pd.DataFrame(rows, columns=RELATION_COLUMNS)
    out["sent_id"] = out["sent_id"].astype("int64")
    out["negated"] = out["negated"].astype(bool)
    for c in ("weight", "alignment"):
        out[c] = out[c].astype("float64")
    return out


def sentence_scores(relations: pd.DataFrame, mentions: pd.DataFrame) -> pd.Series:
    """Signed evidence per sentence: mean contribution per bloc, summed over blocs, in [−1, 1].

    Averaging within a bloc keeps a list ("Armenia, Belarus, ... dan Rusia") from counting once
    per member; summing across blocs lets a sentence that turns from one bloc to the other count
    both moves.
    """
    if relations.empty:
        idx = pd.MultiIndex.from_arrays([[], []], names=["doc_id", "sent_id"])
        return pd.Series(dtype=float, index=idx)
    bloc = dict(
        zip(
            zip(mentions["doc_id"], mentions["entity_id"], strict=True),
            mentions["bloc"],
            strict=True,
        )
    )
    actor_bloc = [
        bloc.get((d, src)) if bloc.get((d, src)) in ("russia", "west") else bloc.get((d, tgt))
        for d, src, tgt in zip(
            relations["doc_id"], relations["source"], relations["target"], strict=True
        )
    ]
    per_bloc = (
        relations.assign(bloc=actor_bloc).groupby(["doc_id", "sent_id", "bloc"])["alignment"].mean()
    )
    return per_bloc.groupby(level=[0, 1]).sum().clip(-1, 1)


def score_articles(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    relations: pd.DataFrame,
    lexicon: Lexicon,
    params: StanceParams,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(article_stance, framing components)`` for every kept article."""
    kept = articles[articles["status"] == "kept"]
    sent_scores = (
        sentence_scores(relations, mentions).groupby(level=0).apply(lambda s: s.to_numpy(float))
    )
    bloc_of = dict(
        zip(
            zip(mentions["doc_id"], mentions["entity_id"], strict=True),
            mentions["bloc"],
            strict=True,
        )
    )
    speakers = sentences.dropna(subset=["quote_speaker"])
    voices: dict[str, list[str]] = defaultdict(list)
    for doc, spk in zip(speakers["doc_id"], speakers["quote_speaker"], strict=True):
        voices[doc].append(bloc_of.get((doc, spk), "none"))
    rows, comps = [], []
    for doc, published, outlet, body, wires in zip(
        kept["doc_id"], kept["published"], kept["outlet"], kept["body"], kept["wires"], strict=True
    ):
        x = sent_scores.get(doc, np.zeros(0))
        align = shrunk_mean(x, params.prior_strength)
        lo, hi = bootstrap_ci(
            x, params.prior_strength, params.bootstrap_samples, params.ci_level, params.seed, doc
        )
        f = framing_components(body, list(wires), voices.get(doc, []), lexicon)
        framing = combine_framing(f, params)
        rows.append(
            {
                "doc_id": doc,
                "published": published,
                "outlet": outlet,
                "alignment": round(align, 6),
                "alignment_label": label(align, params.alignment_thresholds, ALIGNMENT_LABELS),
                "alignment_ci_low": round(lo, 6),
                "alignment_ci_high": round(hi, 6),
                "n_evidence": len(x),
                "framing": round(framing, 6),
                "framing_label": label(framing, params.framing_thresholds, FRAMING_LABELS),
            }
        )
        comps.append(
            (doc, round(f.evaluative, 6), round(f.sourcing, 6), round(f.voices, 6), f.n_terms)
        )
    stance = pd.DataFrame(
        rows,
        columns=[
            "doc_id",
            "published",
            "outlet",
            "alignment",
            "alignment_label",
            "alignment_ci_low",
            "alignment_ci_high",
            "n_evidence",
            "framing",
            "framing_label",
        ],
    )
    stance["n_evidence"] = stance["n_evidence"].astype("int64")
    for c in ("alignment", "alignment_ci_low", "alignment_ci_high", "framing"):
        stance[c] = stance[c].astype("float64")
    return stance, pd.DataFrame(comps, columns=COMPONENT_COLUMNS)
