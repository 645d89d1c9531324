"""Training on the development corpus's ``tune`` part: the sentence model the stance stage uses."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from pipeline.annotated import Processed, doc_ids, gold_sentences, outlet_groups
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
