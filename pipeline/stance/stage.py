"""The stance stage: mentions and sentences → relations, sentence scores and article scores."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.config import StanceParams
from pipeline.io import empty_frame
from pipeline.schemas import ALIGNMENT_LABELS, COLUMNS, FRAMING_LABELS
from pipeline.stance.lexicon import Lexicon
from pipeline.stance.relations import (
    SEPARATOR,
    Batch,
    SentMention,
    code_batch,
    first_words,
    lower_join,
    make_batch,
    resolve_pronouns,
)
from pipeline.stance.scoring import (
    bootstrap_intervals,
    combine_framings,
    corpus_terms,
    denominator,
    framings,
    labels,
)

RELATION_COLUMNS = list(COLUMNS["relations"])
COMPONENT_COLUMNS = list(COLUMNS["framing_components"])
STANCE_COLUMNS = list(COLUMNS["article_stance"])
_QUOTE_MARKS = r"[\"“”]"
_SENT_BITS = 24  # sentence ids below 2**24 per document


def entity_blocs(mentions: pd.DataFrame) -> dict[str, str]:
    """Entity id → bloc (the first one seen; blocs come from ``params.yaml`` via the tagger)."""
    codes, ids = pd.factorize(mentions["entity_id"])  # ids in the order first seen
    first = np.zeros(len(ids), dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)  # each id's first row
    blocs = mentions["bloc"].to_numpy(dtype=object)[first]
    return dict(zip(ids.tolist(), blocs.tolist(), strict=True))


def _count_within(groups: np.ndarray, flags: np.ndarray) -> np.ndarray:
    """Running count of ``flags`` within each group (groups as integer codes)."""
    first = np.r_[True, groups[1:] != groups[:-1]]
    starts = np.flatnonzero(first)
    if len(np.unique(groups[starts])) != len(starts):  # a group split in several runs
        return pd.Series(flags.astype(np.int64)).groupby(groups).cumsum().to_numpy()
    total = np.cumsum(flags, dtype=np.int64)
    base = (total - flags)[starts]
    return total - np.repeat(base, np.diff(np.r_[starts, len(groups)]))


def _may_hold(text: str, heads: tuple[str, ...] | None) -> bool:
    """False only when the case-insensitive phrases whose first words are ``heads`` cannot
    occur in ``text``: an ASCII text that holds none of the (ASCII, lowercase) heads in its
    lowercase form. ``heads`` None: always True."""
    if heads is None or not text.isascii():
        return True
    lower = text.lower()
    return any(h in lower for h in heads)


def quote_speakers(sentences: pd.DataFrame) -> np.ndarray:
    """Each sentence's speaker (or None), spread over quotes that span several sentences.

    A quotation opened in one sentence and closed in a later one (an odd number of quotation
    marks in each) is one claim; the speaker named in any of its sentences ("..." kata
    Pashinyan) is the speaker of all of them.
    """
    speakers = sentences["quote_speaker"].to_numpy(dtype=object, na_value=None)
    odd = sentences["text"].str.count(_QUOTE_MARKS).to_numpy() % 2 == 1
    if not odd.any():
        return speakers
    docs = pd.factorize(sentences["doc_id"])[0]
    count = _count_within(docs, odd)
    inside = (count % 2 == 1) | (odd & (count > 0))
    rows = np.flatnonzero(inside)
    span = docs[rows].astype(np.int64) * 1_000_000 + (count[rows] + 1) // 2
    filled = pd.Series(speakers[rows]).groupby(span).transform("first").tolist()
    out = speakers.copy()
    out[rows] = [
        v if v is not None else (f if isinstance(f, str) else None)
        for v, f in zip(speakers[rows].tolist(), filled, strict=True)
    ]
    return out


@dataclass(frozen=True)
class _Selection:
    """Which sentences are evidence, with what the coder needs to read them."""

    rows: np.ndarray  # positions in ``sentences``
    docs: pd.Index  # doc code -> doc_id
    s_doc: np.ndarray  # doc code of each sentence
    m_key: np.ndarray  # (doc code, sent_id) key of each mention
    speakers: np.ndarray  # each sentence's speaker (quotes spread over sentences) or None
    speaker_bloc: np.ndarray
    antecedent: np.ndarray | None = None  # :func:`antecedents` of each sentence


def antecedents(sentences: pd.DataFrame, mentions: pd.DataFrame, lexicon: Lexicon) -> np.ndarray:
    """For each sentence, the focal actor an anaphor of it stands for ("negara itu"), or None.

    Only a sentence that names a bloc actor and no focal actor, has an anaphor of the lexicon
    and follows a sentence of its article that names the focal state has one: that sentence's
    focal state (its first focal mention that is not a person, else its first focal mention).
    """
    if not lexicon.anaphors or sentences.empty or mentions.empty:
        return np.full(len(sentences), None, dtype=object)
    doc_codes = pd.factorize(pd.concat([sentences["doc_id"], mentions["doc_id"]]))[0]
    s_doc, m_doc = doc_codes[: len(sentences)], doc_codes[len(sentences) :]
    s_key = (s_doc.astype(np.int64) << _SENT_BITS) | sentences["sent_id"].to_numpy(np.int64)
    m_key = (m_doc.astype(np.int64) << _SENT_BITS) | mentions["sent_id"].to_numpy(np.int64)
    bloc = mentions["bloc"].to_numpy(dtype=object)
    return _antecedents(sentences, mentions, lexicon, s_key, m_key, bloc)


def _antecedents(
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    lexicon: Lexicon,
    s_key: np.ndarray,
    m_key: np.ndarray,
    bloc: np.ndarray,
) -> np.ndarray:
    """:func:`antecedents` with the sentences' and mentions' keys and the mentions' blocs."""
    out = np.full(len(sentences), None, dtype=object)
    if not lexicon.anaphors or sentences.empty or mentions.empty:
        return out
    focal = bloc == "focal"
    with_actor = np.isin(s_key, m_key[(bloc == "russia") | (bloc == "west")])
    cand = with_actor & ~np.isin(s_key, m_key[focal]) & np.isin(s_key - 1, m_key[focal])
    if not cand.any():
        return out
    # Only the focal mentions of the sentences before candidates can be antecedents.
    before = focal & np.isin(m_key, s_key[cand] - 1)
    named: dict[int, str] = {}
    for key, ent in zip(
        m_key[before].tolist(),
        mentions["entity_id"].to_numpy(dtype=object)[before].tolist(),
        strict=True,
    ):
        if key not in named or (named[key].startswith("person:") and not ent.startswith("person:")):
            named[key] = ent
    texts = sentences["text"].to_numpy(dtype=object)
    heads = first_words(lexicon.anaphors)
    for i in np.flatnonzero(cand).tolist():
        if _may_hold(texts[i], heads) and lexicon.anaphor_re.search(texts[i]):
            out[i] = named[int(s_key[i]) - 1]
    return out


def anaphor_mentions(
    lower: str, antecedent: str | None, lexicon: Lexicon, start: int = 0, end: int | None = None
) -> list[SentMention]:
    """The anaphors of ``lower[start:end]`` as focal mentions of ``antecedent`` (offsets of
    ``lower``); none without an antecedent."""
    if antecedent is None:
        return []
    stop = len(lower) if end is None else end
    return [
        SentMention(m.start(), m.end(), antecedent, "focal")
        for m in lexicon.anaphor_re.finditer(lower, start, stop)
    ]


def _select(sentences: pd.DataFrame, mentions: pd.DataFrame, lexicon: Lexicon) -> _Selection:
    """Evidence sentences: a bloc actor and the focal state, or a focal speaker's "kami".

    A verbatim repeat of a sentence within an article is not evidence again.
    """
    doc_codes, docs = pd.factorize(pd.concat([sentences["doc_id"], mentions["doc_id"]]))
    s_doc, m_doc = doc_codes[: len(sentences)], doc_codes[len(sentences) :]
    s_key = (s_doc.astype(np.int64) << _SENT_BITS) | sentences["sent_id"].to_numpy(np.int64)
    m_key = (m_doc.astype(np.int64) << _SENT_BITS) | mentions["sent_id"].to_numpy(np.int64)
    bloc = mentions["bloc"].to_numpy(dtype=object)
    with_actor = np.isin(s_key, m_key[(bloc == "russia") | (bloc == "west")])
    with_focal = np.isin(s_key, m_key[bloc == "focal"])
    speakers = quote_speakers(sentences)
    blocs = entity_blocs(mentions)
    speaker_bloc = np.full(len(speakers), None, dtype=object)
    voiced_rows = np.flatnonzero(pd.notna(speakers))
    speaker_bloc[voiced_rows] = [blocs.get(v) for v in speakers[voiced_rows].tolist()]
    texts = sentences["text"].to_numpy(dtype=object)
    voiced = with_actor & ~with_focal & (speaker_bloc == "focal")
    if voiced.any():
        voiced[voiced] = [lexicon.pronoun_re.search(t) is not None for t in texts[voiced].tolist()]
    antecedent = _antecedents(sentences, mentions, lexicon, s_key, m_key, bloc)
    rows = np.flatnonzero((with_actor & with_focal) | voiced | pd.notna(antecedent))
    seen: set[tuple[int, str]] = set()
    fresh = []
    for d, t in zip(s_doc[rows].tolist(), texts[rows].tolist(), strict=True):
        fresh.append((d, t) not in seen)
        seen.add((d, t))
    rows = rows[np.asarray(fresh, dtype=bool)] if len(rows) else rows
    return _Selection(rows, docs, s_doc, m_key, speakers, speaker_bloc, antecedent)


@dataclass(frozen=True)
class EvidenceBatch:
    """The evidence sentences of a corpus, their keys and the batch the coder reads."""

    keys: pd.DataFrame  # doc_id, sent_id (one row per batch sentence)
    texts: list[str]
    batch: Batch
    selection: _Selection | None = None  # None when there are no sentences or no mentions


def evidence_batch(
    sentences: pd.DataFrame, mentions: pd.DataFrame, lexicon: Lexicon
) -> EvidenceBatch:
    """Every evidence sentence once, joined into a :class:`Batch` with its mentions."""
    if sentences.empty or mentions.empty:
        empty = pd.DataFrame({"doc_id": pd.Series([], dtype=object), "sent_id": []})
        return EvidenceBatch(empty.astype({"sent_id": "int64"}), [], make_batch([], []))
    sel = _select(sentences, mentions, lexicon)
    rows = sel.rows
    texts = sentences["text"].to_numpy(dtype=object)[rows].tolist()
    lengths = np.fromiter((len(t) for t in texts), np.int64, len(texts))
    sent_start = np.concatenate([[0], np.cumsum(lengths + len(SEPARATOR))[:-1]]).astype(np.int64)
    keys = (sel.s_doc[rows].astype(np.int64) << _SENT_BITS) | sentences["sent_id"].to_numpy(
        np.int64
    )[rows]
    # Mentions of evidence sentences, at their offsets in the joined text.
    m_keys = sel.m_key
    by_key = np.argsort(keys, kind="stable")  # sentences need not come sorted
    pos = np.searchsorted(keys[by_key], m_keys)
    pos_c = np.clip(pos, 0, max(len(keys) - 1, 0))
    inside = (pos < len(keys)) & (keys[by_key][pos_c] == m_keys) if len(keys) else pos < 0
    idx = by_key[pos_c[inside]] if len(keys) else pos_c[inside]
    off = sent_start[idx] - sentences["start"].to_numpy(np.int64)[rows][idx]
    m_start = mentions["start"].to_numpy(np.int64)[inside] + off
    m_end = mentions["end"].to_numpy(np.int64)[inside] + off
    taken = np.flatnonzero(inside)
    m_entity = mentions["entity_id"].iloc[taken].to_numpy(dtype=object).tolist()
    m_bloc = mentions["bloc"].iloc[taken].to_numpy(dtype=object).tolist()
    m_sent = idx.tolist()
    lower = lower_join(texts)
    # First-person pronouns of quoted speakers ("Kami akan meninggalkan CSTO", kata Pashinyan).
    spk, spk_bloc = sel.speakers[rows], sel.speaker_bloc[rows]
    extra = []
    for i in np.flatnonzero(pd.notna(spk)).tolist():
        lo = int(sent_start[i])
        for m in resolve_pronouns(lower, spk[i], spk_bloc[i], lexicon, lo, lo + len(texts[i])):
            extra.append((m.start, m.end, i, m))
    if sel.antecedent is not None:
        ante = sel.antecedent[rows]
        for i in np.flatnonzero(pd.notna(ante)).tolist():
            lo = int(sent_start[i])
            for m in anaphor_mentions(lower, ante[i], lexicon, lo, lo + len(texts[i])):
                extra.append((m.start, m.end, i, m))
    if extra:
        m_start = np.concatenate([m_start, [e[0] for e in extra]]).astype(np.int64)
        m_end = np.concatenate([m_end, [e[1] for e in extra]]).astype(np.int64)
        m_sent += [e[2] for e in extra]
        m_entity += [e[3].entity_id for e in extra]
        m_bloc += [e[3].bloc for e in extra]
    order = np.argsort(m_start, kind="stable")
    batch = Batch(
        lower=lower,
        sent_start=sent_start,
        m_start=m_start[order],
        m_end=m_end[order],
        m_sent=np.asarray(m_sent, dtype=np.int64)[order],
        m_entity=[m_entity[j] for j in order.tolist()],
        m_bloc=np.asarray(m_bloc, dtype=object)[order],
    )
    key_frame = pd.DataFrame(
        {
            "doc_id": sel.docs[sel.s_doc[rows]].to_numpy(dtype=object),
            "sent_id": sentences["sent_id"].to_numpy(np.int64)[rows],
        }
    )
    return EvidenceBatch(key_frame, texts, batch, sel)


def code_relations(
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    lexicon: Lexicon,
    progress: bool = True,
    evidence: EvidenceBatch | None = None,
) -> pd.DataFrame:
    """Every coded relation, one row per (evidence sentence, cue, bloc actor).

    ``progress`` is accepted for the runner's signature; coding is one pass over the corpus.
    """
    ev = evidence_batch(sentences, mentions, lexicon) if evidence is None else evidence
    coded = code_batch(ev.batch, lexicon) if ev.texts else None
    if coded is None or not coded.sent:
        rows: dict[str, list] = {c: [] for c in RELATION_COLUMNS}
    else:
        pick = np.asarray(coded.sent, dtype=np.int64)
        rows = {
            "doc_id": ev.keys["doc_id"].to_numpy(dtype=object)[pick],
            "sent_id": ev.keys["sent_id"].to_numpy(np.int64)[pick],
            "source": coded.source,
            "target": coded.target,
            "relation": coded.relation,
            "negated": coded.negated,
            "cue": coded.cue,
            "weight": coded.weight,
            "alignment": coded.alignment,
        }
    out = pd.DataFrame(rows, columns=RELATION_COLUMNS)
    out["sent_id"] = out["sent_id"].astype("int64")
    out["negated"] = out["negated"].astype(bool)
    for c in ("weight", "alignment"):
        out[c] = out[c].astype("float64")
    return out


def evidence_keys(
    sentences: pd.DataFrame, mentions: pd.DataFrame, lexicon: Lexicon
) -> pd.DataFrame:
    """``(doc_id, sent_id)`` of every evidence sentence, in the order of ``sentences``."""
    if sentences.empty or mentions.empty:
        rows = np.zeros(0, dtype=np.int64)
    else:
        rows = _select(sentences, mentions, lexicon).rows
    return _keys(sentences, rows)


def _keys(sentences: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": sentences["doc_id"].to_numpy(dtype=object)[rows],
            "sent_id": sentences["sent_id"].to_numpy(np.int64)[rows],
        }
    )


def lexicon_scores(
    keys: pd.DataFrame, relations: pd.DataFrame, mentions: pd.DataFrame
) -> pd.DataFrame:
    """The lexicon's score of every evidence sentence (0 where no relation was coded).

    Mean contribution per bloc, summed over blocs, clipped to [−1, 1]: a list ("Armenia, Belarus,
    ... dan Rusia") counts once, and a sentence that turns from one bloc to the other counts
    both moves (as :func:`pipeline.stance.relations.sentence_score`).
    """
    out = keys[["doc_id", "sent_id"]].copy()
    score = np.zeros(len(out))
    if not relations.empty and len(out):
        docs = pd.Index(pd.unique(out["doc_id"]))
        key = (docs.get_indexer(out["doc_id"]).astype(np.int64) << _SENT_BITS) | out[
            "sent_id"
        ].to_numpy(np.int64)
        r_doc = docs.get_indexer(relations["doc_id"]).astype(np.int64)
        r_key = (r_doc << _SENT_BITS) | relations["sent_id"].to_numpy(np.int64)
        blocs = entity_blocs(mentions)
        src = relations["source"].map(blocs).to_numpy(dtype=object, na_value=None)
        tgt = relations["target"].map(blocs).to_numpy(dtype=object, na_value=None)
        west = np.where((src == "russia") | (src == "west"), src, tgt) == "west"
        known = r_doc >= 0
        groups, inverse = np.unique(r_key[known] * 2 + west[known], return_inverse=True)
        value = relations["alignment"].to_numpy(np.float64)[known]
        per_bloc = np.bincount(inverse, value) / np.bincount(inverse)
        sent_keys, back = np.unique(groups >> 1, return_inverse=True)
        per_sent = np.clip(np.bincount(back, per_bloc), -1.0, 1.0)
        if len(sent_keys):
            pos = np.clip(np.searchsorted(sent_keys, key), 0, len(sent_keys) - 1)
            score = np.where(sent_keys[pos] == key, per_sent[pos], 0.0)
    return out.assign(lexicon=score)


def _speaker_blocs(
    kept_ids: list[str], sel: _Selection | None
) -> tuple[np.ndarray, list[str | None]]:
    """The article (position in ``kept_ids``) and speaker bloc of every quoted or reported
    sentence of a kept article."""
    if sel is None:
        return np.zeros(0, dtype=np.int64), []
    voiced = np.flatnonzero(sel.speakers != None)  # noqa: E711 (elementwise)
    position = pd.Index(kept_ids).get_indexer(sel.docs[sel.s_doc[voiced]])
    ok = position >= 0
    return position[ok], sel.speaker_bloc[voiced][ok].tolist()


def _article_values(kept_ids: list[str], scores: pd.DataFrame) -> list[np.ndarray]:
    """Each kept article's evidence sentence scores (column ``alignment``), in sentence order."""
    position = pd.Index(kept_ids).get_indexer(scores["doc_id"])
    ok = position >= 0
    position, value = position[ok], scores["alignment"].to_numpy(np.float64)[ok]
    order = np.argsort(position, kind="stable")
    counts = np.bincount(position, minlength=len(kept_ids))
    return np.split(value[order], np.cumsum(counts)[:-1])


def contributions(table: pd.DataFrame, params: StanceParams) -> np.ndarray:
    """What each sentence of ``table`` (``doc_id``, ``alignment``) adds to its article's
    alignment before the clip to [−1, 1]: its score over the article's denominator
    (``prior_strength + dilution × n``, :func:`pipeline.stance.scoring.denominator`). The
    contributions of an article's sentences sum to its unclipped alignment."""
    n = table.groupby("doc_id", sort=False)["doc_id"].transform("size").to_numpy(np.float64)
    denom = denominator(n, params.prior_strength, params.dilution)
    return np.round(table["alignment"].to_numpy(np.float64) / denom, 6)


def score_articles(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    relations: pd.DataFrame,
    lexicon: Lexicon,
    params: StanceParams,
    sentence_stance: pd.DataFrame | None = None,
    evidence: EvidenceBatch | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(article_stance, framing components)`` for every kept article.

    ``sentence_stance`` (``doc_id, sent_id, alignment``) holds the score of every evidence
    sentence under the chosen method; without it the lexicon scores them from ``relations``.
    Article alignment is :func:`pipeline.stance.scoring.article_score` of its evidence
    sentences (clip(Σ / (``prior_strength`` + ``dilution`` × n), −1, 1)), with a bootstrap
    interval; no evidence → 0, neutral.
    ``evidence`` is :func:`evidence_batch` of the same sentences and mentions, if already made.
    """
    if evidence is not None:
        sel = evidence.selection
    elif sentences.empty or mentions.empty:
        sel = None
    else:
        sel = _select(sentences, mentions, lexicon)
    if sentence_stance is None:
        keys = _keys(sentences, sel.rows if sel is not None else np.zeros(0, np.int64))
        sentence_stance = lexicon_scores(keys, relations, mentions).rename(
            columns={"lexicon": "alignment"}
        )
    kept = np.flatnonzero((articles["status"] == "kept").to_numpy(bool))
    if not len(kept):  # nothing to score: the contract's empty tables
        return empty_frame("article_stance"), empty_frame("framing_components")

    def column(name: str) -> list:
        return articles[name].to_numpy(dtype=object)[kept].tolist()

    doc_ids = column("doc_id")
    values = _article_values(doc_ids, sentence_stance)
    point, lows, highs = bootstrap_intervals(
        values,
        params.prior_strength,
        params.bootstrap_samples,
        params.ci_level,
        params.seed,
        params.dilution,
    )
    terms = corpus_terms(column("body"), lexicon)
    voice_article, voice_bloc = _speaker_blocs(doc_ids, sel)
    evaluative, sourcing, spoken, n_terms = framings(
        terms, column("wires"), voice_article, voice_bloc, lexicon
    )
    framing = combine_framings(evaluative, sourcing, spoken, params)
    align = np.asarray(point, dtype=np.float64)
    stance = pd.DataFrame(
        {
            "doc_id": doc_ids,
            "published": column("published"),
            # string dtype even when no article names its outlet (all null)
            "outlet": pd.array(column("outlet"), dtype="string[pyarrow]"),
            "alignment": np.round(align, 6),
            "alignment_label": labels(align, params.alignment_thresholds, ALIGNMENT_LABELS),
            "alignment_ci_low": np.round(np.asarray(lows, dtype=np.float64), 6),
            "alignment_ci_high": np.round(np.asarray(highs, dtype=np.float64), 6),
            "n_evidence": np.asarray([len(v) for v in values], dtype=np.int64),
            "framing": np.round(framing, 6),
            "framing_label": labels(framing, params.framing_thresholds, FRAMING_LABELS),
        },
        columns=STANCE_COLUMNS,
    )
    components = pd.DataFrame(
        {
            "doc_id": doc_ids,
            "framing_evaluative": np.round(evaluative, 6),
            "framing_sourcing": np.round(sourcing, 6),
            "framing_voices": np.round(spoken, 6),
            "n_framing_terms": n_terms,
        },
        columns=COMPONENT_COLUMNS,
    )
    return stance, components
