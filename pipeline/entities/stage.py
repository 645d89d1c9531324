"""The entities stage: kept articles → ``sentences`` (with quote speakers) and ``mentions``."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
from tqdm import tqdm

from pipeline.config import EntitiesParams
from pipeline.entities.dictionary import Dictionary
from pipeline.entities.sentences import split_sentences
from pipeline.entities.tagger import (
    Mention,
    bloc_of,
    build_automaton,
    sentence_index,
    sentence_of,
    tag_text,
)

SPEECH_VERBS = (
    "kata|ujar|tutur|ungkap|jelas|tegas|ucap|imbuh|tambah|terang|sebut|papar|katanya|ujarnya|"
    "tuturnya|ungkapnya|jelasnya|tegasnya|menurut"
)
# '…," kata Stoltenberg' / '…," jelas Kremlin' (speaker right after the verb)
_AFTER_QUOTE = re.compile(rf"[\"”’]\s*,?\s*(?:{SPEECH_VERBS})\s+(?:oleh\s+)?$")
# 'Menurut Reuters', 'menurut Peskov'
_MENURUT = re.compile(r"\b[Mm]enurut\s+$")
# 'Pashinyan mengatakan', 'Price menyebut bahwa'
_SPEAKER_VERB = re.compile(
    r"^\s*(?:,[^,]{0,60},\s*)?(?:juga\s+|pun\s+|kemudian\s+|sebelumnya\s+)?"
    r"(?:mengatakan|menyatakan|menegaskan|menjelaskan|menyebut(?:kan)?|mengungkapkan|menerangkan"
    r"|mengklaim|menambahkan|berkata|menuturkan|menyampaikan|mengumumkan)\b"
)


def quote_speaker(sentence: str, offset: int, mentions: list[Mention]) -> str | None:
    """Entity id of whoever is quoted or reported in ``sentence`` (starting at ``offset``)."""
    inside = [m for m in mentions if offset <= m.start < offset + len(sentence)]
    has_quote = bool(re.search(r"[\"“”]", sentence))
    for m in inside:
        rel = m.start - offset
        before = sentence[max(0, rel - 40) : rel]
        if has_quote and _AFTER_QUOTE.search(before):
            return m.entity_id
    for m in inside:
        rel = m.start - offset
        if _MENURUT.search(sentence[max(0, rel - 12) : rel]) and m.entity_type != "LOC":
            return m.entity_id
        if m.entity_type in ("PERSON", "COUNTRY", "ORG") and _SPEAKER_VERB.match(
            sentence[m.end - offset : m.end - offset + 90]
        ):
            return m.entity_id
    return None


def tag_articles(
    articles: pd.DataFrame, dictionary: Dictionary, params: EntitiesParams, progress: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split and tag every kept article; return ``(sentences, mentions)``."""
    automaton = build_automaton(dictionary)
    russia, west = frozenset(params.blocs.russia), frozenset(params.blocs.west)
    kept = articles[articles["status"] == "kept"]
    sent_rows: list[tuple[object, ...]] = []
    ment_rows: list[tuple[object, ...]] = []
    for doc_id, body, published in tqdm(
        zip(kept["doc_id"], kept["body"], kept["published"], strict=True),
        total=len(kept),
        desc="entities",
        unit="doc",
        disable=not progress,
    ):
        when = published if isinstance(published, date) else None
        spans = split_sentences(body)
        starts = sentence_index(spans)
        mentions = tag_text(body, when, dictionary, automaton)
        for sid, (s, e) in enumerate(spans):
            text = body[s:e]
            sent_rows.append((doc_id, sid, s, e, text, quote_speaker(text, s, mentions)))
        for m in mentions:
            bloc = bloc_of(m.entity_id, m.entity_type, dictionary, params.focal, russia, west)
            ment_rows.append(
                (
                    doc_id,
                    sentence_of(starts, m.start),
                    m.start,
                    m.end,
                    m.surface,
                    m.entity_id,
                    m.entity_type,
                    m.kind,
                    bloc,
                    m.method,
                )
            )
    sentences = pd.DataFrame(
        sent_rows, columns=["doc_id", "sent_id", "start", "end", "text", "quote_speaker"]
    )
    mentions_df = pd.DataFrame(
        ment_rows,
        columns=[
            "doc_id",
            "sent_id",
            "start",
            "end",
            "surface",
            "entity_id",
            "entity_type",
            "kind",
            "bloc",
            "method",
        ],
    )
    for df in (sentences, mentions_df):
        for col in ("sent_id", "start", "end"):
            df[col] = df[col].astype("int64")
    return sentences, mentions_df
