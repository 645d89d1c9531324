"""Stance of a processed corpus: the one sequence the stance stage and the evaluation both run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline.config import StanceParams
from pipeline.io import empty_frame
from pipeline.stance.lexicon import Lexicon
from pipeline.stance.methods import model_inputs, sentence_table
from pipeline.stance.model import predict_scores
from pipeline.stance.stage import (
    EvidenceBatch,
    code_relations,
    contributions,
    evidence_batch,
    lexicon_scores,
    score_articles,
)


@dataclass(frozen=True)
class StanceResult:
    """Every table the stance stage writes, and the evidence selection behind them."""

    evidence: EvidenceBatch
    relations: pd.DataFrame
    sentence_stance: pd.DataFrame
    stance: pd.DataFrame
    components: pd.DataFrame


def measure_stance(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    lexicon: Lexicon,
    model: Any,
    params: StanceParams,
) -> StanceResult:
    """Relations, sentence scores (lexicon, trained model, combined) and article stance."""
    evidence = evidence_batch(sentences, mentions, lexicon)
    relations = code_relations(sentences, mentions, lexicon, evidence=evidence)
    lexicon_score = lexicon_scores(evidence.keys, relations, mentions)["lexicon"].to_numpy()
    inputs = model_inputs(sentences, mentions, lexicon, evidence.keys, relations)
    model_score = predict_scores(model, inputs)
    table = sentence_table(evidence.keys, lexicon_score, model_score, params)
    stance, components = score_articles(
        articles,
        sentences,
        mentions,
        relations,
        lexicon,
        params,
        sentence_stance=table,
        evidence=evidence,
    )
    table = table.assign(contribution=contributions(table, params))
    return StanceResult(
        evidence,
        _typed(relations, "relations"),
        _typed(table, "sentence_stance"),
        _typed(stance, "article_stance"),
        _typed(components, "framing_components"),
    )


def _typed(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """``df``, or the contract's empty table when it has no rows (dtypes a merge can use)."""
    return empty_frame(name) if df.empty else df
