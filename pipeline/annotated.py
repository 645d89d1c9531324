"""The annotated corpora run through the measuring stages' own functions (train and evaluate).

The development corpus (``data/annotations/dev/``) is processed exactly as a measured corpus
is: its pages are read with :func:`pipeline.clean.ingest.read_corpus`, cleaned with
:func:`pipeline.clean.stage.clean_corpus` and tagged with
:func:`pipeline.entities.stage.tag_corpus`, with the corpus's own focal state (its labels are
about that state, whatever ``entities.focal`` says for the measured corpus).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.clean.ingest import read_corpus
from pipeline.clean.lines import LineClassifier
from pipeline.clean.rules import RuleSet
from pipeline.clean.stage import clean_corpus
from pipeline.config import CleanParams, EntitiesParams, load_yaml
from pipeline.devcorpus import DevCorpus
from pipeline.entities.dictionary import Dictionary
from pipeline.entities.stage import tag_corpus
from pipeline.errors import DataFileError

CORPUS_FILE = "corpus.yaml"


class CorpusInfo(BaseModel):
    """``corpus.yaml`` of an annotated corpus: what its labels are about."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    focal: str = Field(pattern=r"^[A-Z]{3}$")
    language: str = Field(pattern=r"^[a-z]{2}$")
    description: str = ""


@dataclass(frozen=True)
class Processed:
    """An annotated corpus after the clean and entities stages' functions."""

    articles: pd.DataFrame
    cleaning_log: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame


def load_info(root: str | Path) -> CorpusInfo:
    """Read and validate ``<root>/corpus.yaml``; errors name the file and the key."""
    path = Path(root) / CORPUS_FILE
    try:
        return CorpusInfo.model_validate(load_yaml(path.read_text(encoding="utf-8")) or {})
    except OSError as err:
        raise DataFileError(path, "(file)", f"cannot read ({err.strerror})") from None
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "(top level)"
        raise DataFileError(path, where, first["msg"]) from None


def page_metadata(dev: DevCorpus) -> dict[str, dict[str, str]]:
    """Nothing besides the page: its labels say what a reader finds on the page alone (a URL
    the page prints is read from it), so no ``metadata.csv`` overrides are given."""
    return {}


def process(
    dev: DevCorpus,
    info: CorpusInfo,
    rules: RuleSet,
    dictionary: Dictionary,
    clean: CleanParams,
    entities: EntitiesParams,
    classifier: LineClassifier | None = None,
) -> Processed:
    """Clean and tag every page of ``dev`` as the measuring stages would."""
    records = read_corpus(dev.root / "articles", int(clean.max_file_mb * 1e6))
    articles, log = clean_corpus(
        records, page_metadata(dev), rules, clean, progress=False, classifier=classifier
    )
    tagging = entities.model_copy(update={"focal": info.focal})
    sentences, mentions, _ = tag_corpus(articles, dictionary, tagging, progress=False)
    return Processed(articles, log, sentences, mentions)


def doc_ids(dev: DevCorpus, articles: pd.DataFrame) -> dict[str, str]:
    """Annotation id (page stem) → pipeline ``doc_id``."""
    by_name = dict(zip(articles["source"], articles["doc_id"], strict=True))
    return {i: by_name[dev.page(i).name] for i in dev.articles["id"] if dev.page(i).name in by_name}


def outlet_groups(dev: DevCorpus) -> dict[str, str]:
    """Annotation id → its group for cross-validation: the outlet (the id if none is named)."""
    return {
        i: (o or f"(unnamed) {i}")
        for i, o in zip(dev.articles["id"], dev.articles["outlet"], strict=True)
    }


def gold_sentences(dev: DevCorpus, ids: list[str]) -> pd.DataFrame:
    """Sentence labels of ``ids`` in the layout :func:`pipeline.stance.gold.match_gold` takes."""
    s = dev.sentences[dev.sentences["id"].isin(ids)]
    return pd.DataFrame(
        {
            "file": [dev.page(i).name for i in s["id"]],
            "doc_id": "",
            "text": s["text"].to_numpy(),
            "relation": s["relation"].to_numpy(),
            "alignment": s["alignment"].astype("int64").to_numpy(),
            "framing": s["framing"].astype("int64").to_numpy(),
        }
    )


def gold_articles(dev: DevCorpus, ids: list[str]) -> pd.DataFrame:
    """Article labels of ``ids`` in the layout :func:`pipeline.evaluation.label_scores` takes."""
    a = dev.articles[dev.articles["id"].isin(ids)]
    return pd.DataFrame(
        {
            "file": [dev.page(i).name for i in a["id"]],
            "id": a["id"].to_numpy(),
            "alignment_label": a["alignment"].to_numpy(),
            "framing_label": a["framing"].to_numpy(),
        }
    )
