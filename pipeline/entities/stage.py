"""The entities stage: kept articles → ``sentences`` (with quote speakers) and ``mentions``.

Per article: split sentences, tag with the dictionary, discover people who are not in it
(:mod:`pipeline.entities.discovery`), attribute quotes (:mod:`pipeline.entities.quotes`). Over the
corpus: a discovered person named by surname only ("Presiden Macron") takes the one longer id with
that surname, and its bloc is that of its most frequent affiliation.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from pipeline.config import ComputeParams, EntitiesParams
from pipeline.entities import discovery, quotes
from pipeline.entities.dictionary import Dictionary
from pipeline.entities.sentences import split_sentences
from pipeline.entities.tagger import (
    bloc_of,
    build_automaton,
    sentence_index,
    sentence_of,
    tag_text,
)
from pipeline.progress import bar
from pipeline.schemas import COLUMNS
from pipeline.shards import Step, frame_hash, run_step, shard_count, split_frame

SENTENCE_COLUMNS = list(COLUMNS["sentences"])
MENTION_COLUMNS = list(COLUMNS["mentions"])
FOUND_COLUMNS = [
    "doc_id",
    "sent_id",
    "start",
    "end",
    "name",
    "entity_id",
    "affiliation",
    "title",
    "method",
    "example",
]


class Tagged(NamedTuple):
    """The stage's outputs, plus the people found by title (for the discovery table)."""

    sentences: pd.DataFrame
    mentions: pd.DataFrame
    found: pd.DataFrame


def affiliation_bloc(
    affiliation: str | None,
    dictionary: Dictionary,
    focal: str,
    russia: frozenset[str],
    west: frozenset[str],
) -> str:
    """The bloc a discovered person inherits from its affiliation (``none`` without one)."""
    if affiliation is None:
        return "none"
    ent = dictionary.entities.get(affiliation)
    return bloc_of(affiliation, ent.type if ent else "ORG", dictionary, focal, russia, west)


HEADLINE_GAP = "\n\n"  # between the headline and the body in the text that is tagged


def with_headline(body: str, title: object) -> tuple[str, int, list[tuple[int, int]]]:
    """``(text, shift, headline span)``: the text tagged for one article — its headline (the
    title the cleaning removed from the body), a blank line, then the body — with the body's
    offset in it and the headline's span (none without a title).

    The headline is evidence like any sentence: it is sentence 0, and its offsets (and its
    mentions') are counted back from the body's start, so they are negative
    (``-len(title) - 2`` to ``-2``) while every body offset stays an offset into ``body``.
    """
    head = title.strip() if isinstance(title, str) else ""
    if not head:
        return body, 0, []
    shift = len(head) + len(HEADLINE_GAP)
    return head + HEADLINE_GAP + body, shift, [(0, len(head))]


_LAST: list[tuple[Dictionary, Any]] = []  # the last dictionary prepared in this process


def _prepared(dictionary: Dictionary) -> Any:
    """The automaton and discovery and quote rules of ``dictionary`` (built once per process
    for the same object: a worker runs many shards with one dictionary)."""
    if not _LAST or _LAST[0][0] is not dictionary:
        built = (
            build_automaton(dictionary),
            discovery.build_rules(dictionary),
            quotes.build_rules(dictionary),
        )
        _LAST[:] = [(dictionary, built)]
    return _LAST[0][1]


Rows = tuple[list[list[object]], list[list[object]], list[tuple[object, ...]]]


def tag_documents(
    docs: pd.DataFrame, dictionary: Dictionary, params: EntitiesParams, progress: bool = False
) -> list[Rows]:
    """Per article of ``docs`` (``doc_id``, ``body``, ``title``, ``published``): its sentence,
    mention and found-person rows (the headline is sentence 0, see :func:`with_headline`),
    before the corpus-level identities of discovered people."""
    automaton, d_rules, q_rules = _prepared(dictionary)
    russia, west = frozenset(params.blocs.russia), frozenset(params.blocs.west)
    out: list[Rows] = []
    titles = docs["title"] if "title" in docs else pd.Series([None] * len(docs))
    for doc_id, body, title, published in bar(
        zip(docs["doc_id"], docs["body"], titles, docs["published"], strict=True),
        total=len(docs),
        desc="entities",
        unit="doc",
        disable=not progress,
    ):
        sent_rows: list[list[object]] = []
        ment_rows: list[list[object]] = []
        found_rows: list[tuple[object, ...]] = []
        out.append((sent_rows, ment_rows, found_rows))
        when = published if isinstance(published, date) else None
        text, shift, head = with_headline(body, title)
        spans = head + [(s + shift, e + shift) for s, e in split_sentences(body)]
        starts = sentence_index(spans)
        tagged = tag_text(text, when, dictionary, automaton)
        # People are discovered in the body only: a headline's Title Case ("Pashinyan Minta
        # Sidang Darurat") is no name. The headline keeps its dictionary mentions.
        in_body = [m._replace(start=m.start - shift, end=m.end - shift) for m in tagged]
        body_mentions, found = discovery.discover(
            body, [m for m in in_body if m.start >= 0], dictionary, d_rules
        )
        mentions = [m for m in tagged if m.start < shift] + [
            m._replace(start=m.start + shift, end=m.end + shift) for m in body_mentions
        ]
        speakers = quotes.attribute_quotes(text, spans, mentions, q_rules)
        for sid, ((s, e), who) in enumerate(zip(spans, speakers, strict=True)):
            sent_rows.append([doc_id, sid, s - shift, e - shift, text[s:e], who])
        for m in mentions:
            bloc = (
                None
                if m.kind == "discovered"
                else bloc_of(m.entity_id, m.entity_type, dictionary, params.focal, russia, west)
            )
            ment_rows.append(
                [
                    doc_id,
                    sentence_of(starts, m.start),
                    m.start - shift,
                    m.end - shift,
                    m.surface,
                    m.entity_id,
                    m.entity_type,
                    m.kind,
                    bloc,
                    m.method,
                ]
            )
        for f in found:  # offsets into the body
            sid = sentence_of(starts, f.start + shift)
            s, e = spans[sid]
            found_rows.append(
                (doc_id, sid, f.start, f.end, f.name, f.entity_id)
                + (f.affiliation, f.title, f.method, text[s:e])
            )
    return out


def _tag_shard(docs: pd.DataFrame, dictionary: Dictionary, params: EntitiesParams) -> list[Rows]:
    return tag_documents(docs, dictionary, params)


def tag_corpus(
    articles: pd.DataFrame,
    dictionary: Dictionary,
    params: EntitiesParams,
    progress: bool = True,
    sharded: tuple[Path, ComputeParams, str] | None = None,
) -> Tagged:
    """Split, tag, discover and attribute quotes in every kept article.

    With ``sharded`` (project root, compute settings, the dictionary's path), the per-article
    work runs in cached shards (:mod:`pipeline.shards`); the result is the same.
    """
    columns = [c for c in ("doc_id", "body", "title", "published") if c in articles]
    kept = articles.loc[articles["status"] == "kept", columns]
    if sharded is None:
        per_doc = tag_documents(kept, dictionary, params, progress)
    else:
        root, compute, dictionary_path = sharded
        step = Step(
            "entities", _tag_shard, (__name__,), resources=(dictionary_path,), params=params
        )
        parts = split_frame(kept, shard_count(len(kept), compute))
        done = run_step(
            step,
            parts,
            [frame_hash(p) for p in parts],
            (dictionary, params),
            root,
            compute,
            sizes=[len(p) for p in parts],
        )
        by_doc = {
            doc: rows
            for part, result in zip(parts, done, strict=True)
            for doc, rows in zip(part["doc_id"].tolist(), result, strict=True)
        }
        per_doc = [by_doc[d] for d in kept["doc_id"].tolist()]
    russia, west = frozenset(params.blocs.russia), frozenset(params.blocs.west)
    sent_rows = [r for rows in per_doc for r in rows[0]]
    ment_rows = [r for rows in per_doc for r in rows[1]]
    found_rows = [r for rows in per_doc for r in rows[2]]
    found_df = pd.DataFrame(found_rows, columns=FOUND_COLUMNS)
    if len(found_df):
        remap = discovery.corpus_ids(found_df)
        found_df["entity_id"] = found_df["entity_id"].replace(remap)
        affiliations = discovery.consensus_affiliations(found_df)
        blocs = {
            pid: (
                bloc_of(pid, "PERSON", dictionary, params.focal, russia, west)
                if pid in dictionary.entities
                else affiliation_bloc(aff, dictionary, params.focal, russia, west)
            )
            for pid, aff in affiliations.items()
        }
        for row in ment_rows:
            if row[7] == "discovered":
                row[5] = remap.get(row[5], row[5])
                row[8] = blocs.get(row[5], "none")
        for row in sent_rows:
            if isinstance(row[5], str):
                row[5] = remap.get(row[5], row[5])
    sentences = pd.DataFrame(sent_rows, columns=SENTENCE_COLUMNS)
    mentions_df = pd.DataFrame(ment_rows, columns=MENTION_COLUMNS)
    for df in (sentences, mentions_df, found_df):
        for col in ("sent_id", "start", "end"):
            df[col] = df[col].astype("int64")
    return Tagged(sentences, mentions_df, found_df)


def tag_articles(
    articles: pd.DataFrame, dictionary: Dictionary, params: EntitiesParams, progress: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split and tag every kept article; return ``(sentences, mentions)``."""
    tagged = tag_corpus(articles, dictionary, params, progress)
    return tagged.sentences, tagged.mentions
