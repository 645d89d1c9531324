"""The stance stage's per-article work in cached shards (:mod:`pipeline.shards`).

Relations, sentence scores and article scores depend only on each article's own sentences and
mentions, so :func:`pipeline.stance.measure.measure_stance` runs per shard of articles and the
shards' tables are put back in the corpus's order: the same tables as one unsharded call.
Aggregates over articles (months, outlets, wires) run afterwards on the article scores.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from pipeline.config import ComputeParams, StanceParams
from pipeline.io import empty_frame
from pipeline.shards import Step, frame_hash, run_step, shard_count, shard_of, split_by_docs
from pipeline.stance.lexicon import Lexicon
from pipeline.stance.measure import measure_stance
from pipeline.stance.model import load_model

Frames = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]


class StanceTables(NamedTuple):
    """The per-article tables of the stance stage."""

    relations: pd.DataFrame
    sentence_stance: pd.DataFrame
    stance: pd.DataFrame
    components: pd.DataFrame


NAMES = ("relations", "sentence_stance", "article_stance", "framing_components")
# The articles' columns the shards read (:func:`pipeline.stance.stage.score_articles`) ...
SHARD_COLUMNS = ["doc_id", "status", "published", "outlet", "wires", "body"]
# ... and those the stance stage reads in all (aggregates, stories, the notebook's tables).
ARTICLE_COLUMNS = [*SHARD_COLUMNS, "source", "title", "story_id"]


def _stance_shard(frames: Frames, lexicon: Lexicon, model: Any, params: StanceParams) -> Any:
    """One shard's tables (articles, sentences and mentions of the same articles)."""
    result = measure_stance(*frames, lexicon, model, params)
    return StanceTables(result.relations, result.sentence_stance, result.stance, result.components)


def _in_corpus_order(parts: list[pd.DataFrame], doc_ids: pd.Index, name: str) -> pd.DataFrame:
    """Shards' rows in the order of the articles (rows of one article keep their order)."""
    rows = [p for p in parts if len(p)]
    if not rows:
        return empty_frame(name)
    out = pd.concat(rows, ignore_index=True)
    order = np.argsort(doc_ids.get_indexer(out["doc_id"]), kind="stable")
    return out.iloc[order].reset_index(drop=True)


def split_frames(frames: Frames, shards: int) -> list[list[pd.DataFrame]]:
    """:func:`pipeline.shards.split_frame` of each frame, hashing each ``doc_id`` once (not once
    per sentence and mention row)."""
    ids = pd.unique(pd.concat([f["doc_id"] for f in frames], ignore_index=True))
    doc_shard = dict(zip(ids, shard_of(list(ids), shards), strict=True))
    return [split_by_docs(f, doc_shard, shards) for f in frames]


def measure_stance_sharded(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    lexicon: Lexicon,
    model: Any,
    params: StanceParams,
    sharded: tuple[Path, ComputeParams, tuple[str, ...]],
) -> StanceTables:
    """:func:`measure_stance`'s tables, computed per shard; ``sharded`` is (project root,
    compute settings, the paths of the lexicon and the model). ``model`` is the fitted model or
    the path of its file, then loaded only if a shard is not cached (the shards' keys hold the
    file's bytes; loading imports skops and scikit-learn, several seconds)."""
    root, compute, resources = sharded
    context = (
        (lambda: (lexicon, load_model(model), params))
        if isinstance(model, str | Path)
        else (lexicon, model, params)
    )
    step = Step("stance", _stance_shard, (__name__,), resources=resources, params=params)
    n_shards = shard_count(int((articles["status"] == "kept").sum()), compute)
    split = split_frames((articles[SHARD_COLUMNS], sentences, mentions), n_shards)
    parts = list(zip(*split, strict=True))
    done = run_step(
        step,
        parts,
        ["/".join(frame_hash(f) for f in frames) for frames in parts],
        context,
        root,
        compute,
        sizes=[int((a["status"] == "kept").sum()) for a, _, _ in parts],
    )
    doc_ids = pd.Index(articles["doc_id"])
    return StanceTables(
        *(_in_corpus_order([d[k] for d in done], doc_ids, name) for k, name in enumerate(NAMES))
    )
