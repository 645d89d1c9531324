"""Relation coding: per sentence, the focal state's ties to bloc actors, signed for alignment.

Each cue of the lexicon found in a sentence is attached to the nearest actor; if that actor is in
a bloc it is a party (with the actors coordinated with it, "Rusia dan Belarus"), paired with the
focal state's mention (the one before the cue, the subject, if any), checked for negation and
modality within its own clause, and signed:
``polarity × bloc sign × weight × modality × (−negation_factor if negated)``.
The focal side of a relation is the focal state's own actor (bloc ``focal``: the state, its
metonyms, its officials): a cue whose subject, or the party it is about, is a third state's actor
is no relation of the focal state ("Pashinyan membekukan keanggotaan CSTO", focal Azerbaijan).

All evidence sentences of a corpus are coded together (:func:`code_batch`): they are joined into
one lowercase string, the lexicon's terms (:mod:`pipeline.matching`) and the negation and
modality patterns run over it once, and cues find their actors by binary search.
:func:`code_sentence` codes one sentence with the same engine.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pipeline.matching import Hits, Matcher, scan
from pipeline.stance.lexicon import Lexicon

BLOC_SIGN = {"russia": -1, "west": 1}
_CODE = operator.attrgetter("code")
_TOKEN = re.compile(r"\w+")
# "CSTO, aliansi militer yang dipimpin Rusia" / "pimpinan Rusia": an actor inside a relative
# clause or a "led by" phrase modifies the noun before it and is not a party to the relation.
_MODIFIER = re.compile(
    r"(?:\byang\s+(?:di\w+|ber\w+)\s+(?:oleh\s+)?|\b(?:pimpinan|bentukan|besutan)\s+)$"
)
# A mention right after a preposition is an object ("kepada Prancis"), not a subject.
_OBJECT = re.compile(
    r"\b(?:dengan|kepada|terhadap|melawan|oleh|dari|untuk|bagi|atas|ke|di|pada|antara)\s+$"
)
# Between two coordinated actors: "Rusia dan Belarus", "AS, Prancis, serta Inggris",
# "Armenia-Azerbaijan".
_COORDINATION = re.compile(r"\s*(?:,\s*|-)?(?:(?:dan|serta|maupun|atau)\s+)?")
_PUNCT_BREAK = re.compile(r"[,;:()\"“”\n]")
_APPOSITION_END = re.compile(r"[,;.\n]")
SEPARATOR = "\n"  # between the sentences of a batch


@dataclass(frozen=True)
class Relation:
    source: str
    target: str
    relation: str
    negated: bool
    cue: str
    weight: float
    alignment: float


@dataclass(frozen=True, slots=True)
class SentMention:
    start: int  # offsets relative to the sentence
    end: int
    entity_id: str
    bloc: str


def lower_join(texts: Sequence[str], separator: str = SEPARATOR) -> str:
    """``separator.join(texts).lower()``, lowering each text on its own: ``str.lower`` is fast on
    an ASCII text, and one non-ASCII character makes a joined corpus slow to lower as a whole."""
    return separator.join([t.lower() for t in texts])


@dataclass(frozen=True)
class Batch:
    """Sentences joined into one lowercase string, with their mentions as sorted arrays.

    Mention offsets are positions in ``lower``; mentions are sorted by start and never overlap.
    """

    lower: str
    sent_start: np.ndarray  # int64, offset of each sentence in ``lower``
    m_start: np.ndarray  # int64
    m_end: np.ndarray  # int64
    m_sent: np.ndarray  # int64, index of the mention's sentence
    m_entity: list[str]
    m_bloc: np.ndarray  # object: russia | west | focal | none


def make_batch(texts: Sequence[str], mentions: Sequence[Sequence[SentMention]]) -> Batch:
    """A :class:`Batch` from sentences and their mentions (offsets relative to each sentence)."""
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + len(SEPARATOR)
    rows = sorted(
        (starts[i] + m.start, starts[i] + m.end, i, m.entity_id, m.bloc)
        for i, ms in enumerate(mentions)
        for m in ms
    )
    return Batch(
        lower=lower_join(texts),
        sent_start=np.asarray(starts, dtype=np.int64),
        m_start=np.asarray([r[0] for r in rows], dtype=np.int64),
        m_end=np.asarray([r[1] for r in rows], dtype=np.int64),
        m_sent=np.asarray([r[2] for r in rows], dtype=np.int64),
        m_entity=[r[3] for r in rows],
        m_bloc=np.asarray([r[4] for r in rows], dtype=object),
    )


def find_terms(
    lower: str, terms: Matcher[Any], skip: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int, Any]]:
    """:func:`scan` as ``(start, end, value)`` tuples, without matches overlapping ``skip``."""
    h = scan(lower, terms)
    found = list(zip(h.start.tolist(), h.end.tolist(), h.values, strict=True))
    if skip:
        found = [f for f in found if not any(f[0] < e and s < f[1] for s, e in skip)]
    return found


def in_window(lower: str, start: int, end: int, cue_start: int, n: int, lexicon: Lexicon) -> bool:
    """Does the word or phrase at ``start:end`` lie among the ``n`` tokens before the cue, in
    its clause? A phrase ("tak ada pernyataan resmi") counts as one token.

    A comma, semicolon, colon, bracket, quotation mark, line break or a ``clause_breaks`` word
    ("dan", "tetapi", "setelah", ...) between them ends the scope.
    """
    return _in_scope(lower[end:cue_start], n, lexicon.clause_breaks) and start < end


@functools.lru_cache(maxsize=1 << 16)
def _in_scope(gap: str, n: int, clause_breaks: frozenset[str]) -> bool:
    """Is ``gap`` shorter than ``n`` tokens, with no clause boundary? (Once per distinct gap:
    the same few gaps recur across a corpus.)"""
    if _PUNCT_BREAK.search(gap):
        return False
    tokens = _TOKEN.findall(gap)
    return len(tokens) < n and not any(t in clause_breaks for t in tokens)


def _breaks(lower: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """Does a clause boundary (punctuation or a clause break word) lie in ``lower[start:end]``?"""
    return _gap_breaks(lower[start:end], lexicon.clause_breaks)


@functools.lru_cache(maxsize=1 << 16)
def _gap_breaks(gap: str, clause_breaks: frozenset[str]) -> bool:
    """:func:`_breaks` of one gap, once per distinct gap."""
    return bool(_PUNCT_BREAK.search(gap)) or any(t in clause_breaks for t in _TOKEN.findall(gap))


def negation(lower: str, cue_start: int, negators: Hits, lexicon: Lexicon) -> int:
    """Start of the negator that negates the cue, or −1.

    The last negator or exception before the cue decides, if it is within ``negation_window``
    tokens in the same clause: "tidak hanya" ("not only") and the other exceptions do not negate.
    """
    j = int(np.searchsorted(negators.start, cue_start)) - 1
    while j >= 0 and negators.end[j] > cue_start:
        j -= 1
    if j < 0:
        return -1
    s, e, entry = int(negators.start[j]), int(negators.end[j]), negators.values[j]
    if entry.negator and in_window(lower, s, e, cue_start, lexicon.negation_window, lexicon):
        return s
    return -1


def modality(lower: str, cue_start: int, modals: Hits, lexicon: Lexicon) -> float:
    """Smallest multiplier of the modal words (future, plan, promise, threat, condition) within
    ``modality_window`` tokens before the cue, in its clause; 1 if there is none."""
    value = 1.0
    j = int(np.searchsorted(modals.start, cue_start)) - 1
    while j >= 0:
        s, e = int(modals.start[j]), int(modals.end[j])
        if e <= cue_start:
            if not in_window(lower, s, e, cue_start, lexicon.modality_window, lexicon):
                break
            value = min(value, modals.values[j].modality)
        j -= 1
    return value


@functools.cache
def _heads(words: frozenset[str]) -> tuple[str, ...]:
    """The lowercase first word of each word or phrase."""
    return tuple(sorted({w.split()[0].lower() for w in words if w.split()}))


def first_words(words: frozenset[str]) -> tuple[str, ...] | None:
    """:func:`_heads` of ``words`` when they all are ASCII (a plain substring test then rules a
    case-insensitive match out in an ASCII text), else None."""
    heads = _heads(words)
    return heads if all(h.isascii() for h in heads) else None


def resolve_pronouns(
    lower: str,
    speaker: str | None,
    speaker_bloc: str | None,
    lexicon: Lexicon,
    start: int = 0,
    end: int | None = None,
) -> list[SentMention]:
    """First-person pronouns in a quoted speaker's sentence stand for the speaker ("Kami").

    Only ``lower[start:end]`` is read; offsets are those of ``lower``.
    """
    if not speaker or speaker_bloc not in ("focal", "russia", "west"):
        return []
    stop = len(lower) if end is None else end
    # Most sentences have no pronoun: substring checks rule them out faster than the pattern.
    part = lower[start:stop]
    if not any(head in part for head in _heads(lexicon.pronouns)):
        return []
    return [
        SentMention(m.start(), m.end(), speaker, speaker_bloc)
        for m in lexicon.pronoun_re.finditer(lower, start, stop)
    ]


def _modifiers(lower: str, starts: np.ndarray, lexicon: Lexicon) -> np.ndarray:
    """Which mentions are the agent of a relative clause before them ("yang dipimpin Rusia").

    The agent of a "led by" clause after one of the lexicon's ``led_heads`` ("aliansi yang
    dipimpin Moskow", "blok pimpinan Rusia") stands for the organisation it leads, and the agent
    of a brokering verb ("kesepakatan yang ditengahi AS") brokers the deal: no modifier.
    """
    out = np.zeros(len(starts), dtype=bool)
    brokering = None
    for i, s in enumerate(starts.tolist()):
        lo = max(0, s - 30)
        window = lower[lo:s]
        if "yang" in window or "pimpinan" in window or "bentukan" in window or "besutan" in window:
            m = _MODIFIER.search(lower, lo, s)
            if m is not None:
                head = _TOKEN.findall(lower, max(0, m.start() - 30), m.start())[-2:]
                if brokering is None:
                    brokering = {c for c, cue in lexicon.cues.items() if cue.brokered}
                # "kesepakatan yang ditengahi AS": the agent of a brokering verb is its broker
                verb = _TOKEN.findall(lower, m.start(), m.end())
                out[i] = not any(w in lexicon.led_heads for w in head) and not any(
                    w in brokering for w in verb
                )
    return out


def _excluded(lower: str, starts: np.ndarray, lexicon: Lexicon) -> np.ndarray:
    """Which mentions follow an exclusion ("di luar Rusia", "kecuali Rusia"): the tie a cue
    names with them is negated ("mencari pemasok senjata di luar Rusia")."""
    pat = lexicon.exclusion_re
    return np.asarray(
        [pat.search(lower, max(0, s - 24), s) is not None for s in starts.tolist()], dtype=bool
    )


def _take(items: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """``items[pos]``, with 0 where ``pos`` is −1 (or ``items`` empty)."""
    if not len(items):
        return np.zeros(len(pos), dtype=np.int64)
    return np.where(pos >= 0, items[np.maximum(pos, 0)], 0)


def _objects(lower: str, starts: np.ndarray) -> np.ndarray:
    """Which mentions follow a preposition ("kepada Prancis"): objects, not subjects."""
    unique, inverse = np.unique(starts, return_inverse=True)
    found = [_OBJECT.search(lower, max(0, s - 12), s) is not None for s in unique.tolist()]
    return np.asarray(found, dtype=bool)[inverse]


def _step_over(
    b: Batch,
    side: np.ndarray,
    pick: np.ndarray,
    c_sent: np.ndarray,
    step: int,
    skip: Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    """``pick`` (positions in ``side``, −1 for none) moved by ``step`` while ``skip`` rules the
    mention there out, within each cue's sentence."""
    pick = pick.copy()
    todo = np.flatnonzero(pick >= 0)
    while len(todo):
        unique, inverse = np.unique(side[pick[todo]], return_inverse=True)
        todo = todo[skip(unique)[inverse]]
        pick[todo] += step
        at = pick[todo]
        inside = (at >= 0) & (at < len(side))
        inside[inside] = b.m_sent[side[at[inside]]] == c_sent[todo[inside]]
        pick[todo[~inside]] = -1
        todo = todo[inside]
    return pick


def _neighbour(
    starts: np.ndarray, sents: np.ndarray, pos: np.ndarray, sent: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Index of the last item starting before ``pos`` and of the first at or after it, in the
    same sentence (−1 where there is none)."""
    if not len(starts):
        none = np.full(len(pos), -1, dtype=np.int64)
        return none, none
    j = np.searchsorted(starts, pos)
    last = len(starts) - 1
    prev = j - 1
    ok_prev = (prev >= 0) & (sents[np.clip(prev, 0, last)] == sent)
    ok_next = (j <= last) & (sents[np.clip(j, 0, last)] == sent)
    return np.where(ok_prev, prev, -1), np.where(ok_next, j, -1)


def _after(hits: Hits, pos: np.ndarray, floor: np.ndarray, reach: int) -> np.ndarray:
    """Is there a hit starting in ``[max(floor, pos − reach), pos)``?"""
    if not len(hits.start) or reach <= 0:
        return np.zeros(len(pos), dtype=bool)
    lo = np.maximum(pos - reach, floor)
    return np.searchsorted(hits.start, pos) > np.searchsorted(hits.start, lo)


def _outside(hits: Hits, b: Batch) -> Hits:
    """The hits that are not part of an entity name ("Pakta Pertahanan Atlantik Utara")."""
    if not len(b.m_start) or not len(hits.start):
        return hits
    reach = np.maximum.accumulate(b.m_end)
    last = np.searchsorted(b.m_start, hits.end, "left") - 1
    inside = (last >= 0) & (reach[np.clip(last, 0, None)] > hits.start)
    return hits if not inside.any() else hits.take(~inside)


@dataclass
class Coded:
    """Relations coded in a batch, as columns (``sent`` is the batch sentence index)."""

    sent: list[int]
    source: list[str]
    target: list[str]
    relation: list[str]
    negated: list[bool]
    cue: list[str]
    weight: list[float]
    alignment: list[float]

    def relations(self) -> list[Relation]:
        cols = (self.source, self.target, self.relation, self.negated, self.cue, self.weight)
        return [Relation(*r, a) for *r, a in zip(*cols, self.alignment, strict=True)]


def _empty() -> Coded:
    return Coded([], [], [], [], [], [], [], [])


def _nearest_party(
    b: Batch,
    lexicon: Lexicon,
    party: np.ndarray,
    c_start: np.ndarray,
    c_end: np.ndarray,
    c_sent: np.ndarray,
) -> np.ndarray:
    """For each cue, the mention index of the nearest party in its sentence (−1 if none).

    A party after the cue wins a tie; with a party on each side, the one in the cue's own
    clause wins ("... keluar dari CSTO dan bergabung dengan Uni Eropa": "bergabung" goes with
    the EU), unless the one before is an apposition's head ("CSTO, aliansi ...").
    """
    lower, big = b.lower, np.iinfo(np.int64).max
    p_prev, p_next = _neighbour(b.m_start[party], b.m_sent[party], c_start, c_sent)
    gap_prev = np.where(p_prev >= 0, c_start - b.m_end[party][np.maximum(p_prev, 0)], big)
    gap_next = np.where(p_next >= 0, b.m_start[party][np.maximum(p_next, 0)] - c_end, big)
    pick = np.where(gap_next <= gap_prev, p_next, p_prev)
    for i in np.flatnonzero((p_prev >= 0) & (p_next >= 0)).tolist():
        s, prev_end = int(c_start[i]), int(b.m_end[party[p_prev[i]]])
        before = _breaks(lower, prev_end, s, lexicon)
        after = _breaks(lower, int(c_end[i]), int(b.m_start[party[p_next[i]]]), lexicon)
        if before != after and lower[prev_end:s].strip() != ",":
            pick[i] = p_next[i] if before else p_prev[i]
    return np.where(pick >= 0, party[np.maximum(pick, 0)], -1)


def _subject_is_focal(
    b: Batch, c_start: np.ndarray, anchor: np.ndarray, actor: np.ndarray
) -> np.ndarray:
    """Is the focal party the subject: the party before the cue (the nearer one if both are),
    else the first of the two? (Vectorised :func:`_source_is_focal`.)"""
    a_end, f_end = b.m_end[actor], b.m_end[anchor]
    a_before, f_before = a_end <= c_start, f_end <= c_start
    first = b.m_start[anchor] < b.m_start[actor]
    either = np.where(f_before | a_before, f_before, first)
    return np.where(a_before & f_before, f_end > a_end, either)


def code_batch(b: Batch, lexicon: Lexicon) -> Coded:
    """Every relation coded in the batch's sentences."""
    roles = lexicon.roles
    assert roles is not None
    hits = _outside(scan(b.lower, lexicon.scan), b)
    code = np.fromiter(map(_CODE, hits.values), np.int64, len(hits.values))
    is_cue = roles.is_cue[code]
    if not is_cue.any() or not len(b.m_start):
        return _empty()
    cues, cue_code = hits.take(is_cue), code[is_cue]
    c_start, c_end = cues.start, cues.end
    c_sent = np.searchsorted(b.sent_start, c_start, "right") - 1
    bloc = b.m_bloc
    is_actor = (bloc == "russia") | (bloc == "west")
    usable = is_actor.copy()
    usable[is_actor] = ~_modifiers(b.lower, b.m_start[is_actor], lexicon)
    # Other states, organisations and people compete for a cue ("Turki yang mendukung
    # Azerbaijan"); places do not ("penjaga perdamaian Rusia di Nagorno-Karabakh").
    other = bloc == "none"
    ents = b.m_entity
    other[other] = [not ents[i].startswith("loc:") for i in np.flatnonzero(other).tolist()]
    party = np.flatnonzero(usable | other)
    focal = np.flatnonzero(bloc == "focal")
    if not len(party) or not len(focal):
        return _empty()
    actor = _nearest_party(b, lexicon, party, c_start, c_end, c_sent)
    brokered = roles.brokered[cue_code]
    if brokered.any():
        # A deal of the focal state with a third state: that state signs, the bloc actor brokers.
        near = np.isin(b.m_sent, c_sent[brokered])
        signs = _co_signatories(b, other & near, bloc == "focal", lexicon)
        brokers = party[~signs[party]]
        by_broker = (
            _nearest_party(b, lexicon, brokers, c_start, c_end, c_sent)
            if len(brokers)
            else np.full(len(actor), -1, dtype=np.int64)
        )
        actor = np.where(brokered & signs[np.maximum(actor, 0)] & (actor >= 0), by_broker, actor)
    # The focal anchor: the nearest focal mention before the cue, else the first after it.
    f_prev, f_next = _neighbour(b.m_start[focal], b.m_sent[focal], c_start, c_sent)
    f_pick = np.where(f_prev >= 0, f_prev, f_next)
    anchor = np.where(f_pick >= 0, focal[np.maximum(f_pick, 0)], -1)
    ok = (actor >= 0) & (anchor >= 0) & usable[np.maximum(actor, 0)]
    actor, anchor = np.maximum(actor, 0), np.maximum(anchor, 0)
    # The focal side of a cue is the focal state's own only if no third state's actor takes it.
    side = np.flatnonzero(other | (bloc == "focal"))
    k = np.flatnonzero(ok)
    ok[k] = ~_third_party(b, lexicon, side, usable, (c_start[k], c_end[k], c_sent[k]), actor[k])
    src_focal = _subject_is_focal(b, c_start, anchor, actor) ^ roles.passive[cue_code]
    # "Stoltenberg meminta kepada Sarkissian ...": a request only when the focal state asks.
    ok &= ~roles.focal_source[cue_code] | src_focal
    a_end = b.m_end[actor]
    f_start = b.m_start[focal]
    for i in np.flatnonzero(ok & (a_end <= c_start) & (c_start - a_end <= 3)).tolist():
        ok[i] = not _describes(b, int(c_start[i]), int(actor[i]), f_start)
    idx = np.flatnonzero(ok)
    if not len(idx):
        return _empty()
    parties = (idx, actor, anchor, src_focal, usable, c_sent)
    return _sign(b, lexicon, hits, code, cues, cue_code, parties)


def _third_party(
    b: Batch,
    lexicon: Lexicon,
    side: np.ndarray,
    usable: np.ndarray,
    cues: tuple[np.ndarray, np.ndarray, np.ndarray],
    actor: np.ndarray,
) -> np.ndarray:
    """Is the party a cue pairs with its bloc actor a third state's actor, not the focal state's?

    ``side`` indexes the mentions that can be that party: the focal state's own and those of
    other states, organisations and people (not places). Unless the bloc actor is the subject
    (before the cue, not a preposition's object), the party is the cue's subject: the nearest of
    them before the cue ("Pashinyan membekukan keanggotaan CSTO", "Pashinyan meminta kepada
    Putin agar ...", with focal AZE). With none before the cue, it is the first after the cue in
    its clause ("bantuan Rusia kepada Azerbaijan"). A preposition's object is no subject
    ("kepada Prancis"), and a third party inside a relative clause ("yang didukung Turki") is
    neither; a third party listed with a focal mention ("Armenia dan Azerbaijan") leaves the
    relation to the focal state.
    """
    c_start, c_end, c_sent = cues
    lower, is_focal = b.lower, b.m_bloc == "focal"

    def agent(m: np.ndarray) -> np.ndarray:
        out = ~is_focal[m]
        out[out] = _modifiers(lower, b.m_start[m[out]], lexicon)
        return out

    def not_subject(m: np.ndarray) -> np.ndarray:
        return agent(m) | _objects(lower, b.m_start[m])

    prev, nxt = _neighbour(b.m_start[side], b.m_sent[side], c_start, c_sent)
    prev = _step_over(b, side, prev, c_sent, -1, not_subject)
    nxt = _step_over(b, side, nxt, c_sent, 1, agent)
    actor_first = b.m_end[actor] <= c_start
    actor_first[actor_first] = ~_objects(lower, b.m_start[actor[actor_first]])
    by_subject = (prev >= 0) & ~actor_first
    by_after = (prev < 0) & (nxt >= 0)
    party = np.where(by_subject, _take(side, prev), _take(side, nxt))
    out = (by_subject | by_after) & ~is_focal[party]
    if not out.any():
        return out
    listed = usable | is_focal
    listed[side] = True
    for i in np.flatnonzero(out).tolist():
        p = int(party[i])
        if by_after[i] and _breaks(lower, int(c_end[i]), int(b.m_start[p]), lexicon):
            out[i] = False
        else:
            out[i] = not is_focal[_listed_with(b, p, listed, lexicon)].any()
    return out


def _co_signatories(b: Batch, other: np.ndarray, focal: np.ndarray, lexicon: Lexicon) -> np.ndarray:
    """Which of the third-party mentions ``other`` are listed with a focal mention ("Armenia
    dan Azerbaijan", "Armenia-Azerbaijan"): the focal state's partners in a deal, not the bloc
    actor's."""
    out = np.zeros(len(other), dtype=bool)
    listed = other | focal
    for m in np.flatnonzero(other).tolist():
        out[m] = focal[_listed_with(b, m, listed, lexicon)].any()
    return out


def _coordinated(b: Batch, a: int, z: int, lexicon: Lexicon) -> bool:
    """Are mentions ``a`` and ``z`` (``a`` before ``z``) listed together in one sentence: only a
    comma, hyphen or conjunction between them ("Rusia dan Belarus"), or with a title opening the
    second name ("Pashinyan dan Presiden Azerbaijan Ilham Aliyev", no clause break word in it)?"""
    lo, hi = int(b.m_end[a]), int(b.m_start[z])
    if b.m_sent[a] != b.m_sent[z] or hi < lo:
        return False
    if hi - lo <= 12 and _COORDINATION.fullmatch(b.lower, lo, hi) is not None:
        return True
    if hi - lo > 60 or lexicon.titled_coordination_re.fullmatch(b.lower, lo, hi) is None:
        return False
    return not any(t in lexicon.clause_breaks for t in _TOKEN.findall(b.lower, lo, hi)[1:])


def _listed_with(b: Batch, m: int, listed: np.ndarray, lexicon: Lexicon) -> list[int]:
    """Mention ``m`` and the mentions listed with it ("Armenia, Belarus dan Azerbaijan")."""
    group = [m]
    for step in (-1, 1):
        j = m
        while 0 <= j + step < len(listed) and listed[j + step]:
            a, z = sorted((j, j + step))
            if not _coordinated(b, a, z, lexicon):
                break
            j += step
            group.append(j)
    return group


def _describes(b: Batch, cue_start: int, actor: int, f_start: np.ndarray) -> bool:
    """Is the cue an apposition that only describes the actor ("CSTO, aliansi militer ...")?

    An apposition right after an actor names a relation only if the focal state is in it
    ("Rusia, sekutu Armenia, ...").
    """
    a_end = int(b.m_end[actor])
    if b.lower[a_end:cue_start].strip() != ",":
        return False
    stop = _APPOSITION_END.search(b.lower, cue_start)
    end = stop.start() if stop else len(b.lower)
    return int(np.searchsorted(f_start, end)) == int(np.searchsorted(f_start, cue_start))


def _coordination(b: Batch, usable: np.ndarray, lexicon: Lexicon) -> np.ndarray:
    """``out[j]``: mention ``j`` and mention ``j + 1`` are bloc actors listed together."""
    out = np.zeros(len(b.m_start), dtype=bool)
    if len(out) < 2:
        return out
    cand = (
        usable[:-1]
        & usable[1:]
        & (b.m_sent[:-1] == b.m_sent[1:])
        & (b.m_start[1:] - b.m_end[:-1] <= 60)
    )
    for j in np.flatnonzero(cand).tolist():
        out[j] = _coordinated(b, j, j + 1, lexicon)
    return out


def _group(actor: int, coord: np.ndarray) -> list[int]:
    """``actor`` and the actors listed with it ("Rusia, Belarus dan Kazakhstan")."""
    group = [actor]
    j = actor - 1
    while j >= 0 and coord[j]:
        group.append(j)
        j -= 1
    j = actor
    while j < len(coord) and coord[j]:
        group.append(j + 1)
        j += 1
    return group


def _sign(
    b: Batch,
    lexicon: Lexicon,
    hits: Hits,
    code: np.ndarray,
    cues: Hits,
    cue_code: np.ndarray,
    parties: tuple[np.ndarray, ...],
) -> Coded:
    """Negation, modality, coordination and the signed contribution of each coded cue."""
    idx, actor, anchor, src_focal, usable, c_sent = parties
    roles = lexicon.roles
    assert roles is not None
    lower = b.lower
    c_start, c_end = cues.start[idx], cues.end[idx]
    entries = [cues.values[i] for i in idx.tolist()]
    sent = c_sent[idx]
    sent_lo = b.sent_start[sent]
    negators = hits.take(roles.negator_or_exception[code])
    modals = hits.take(roles.modal[code])
    # Only cues with a negator or modal word shortly before them, in their sentence, need the
    # clause analysis.
    maybe_neg = _after(negators, c_start, sent_lo, 20 * lexicon.negation_window)
    maybe_mod = _after(modals, c_start, sent_lo, 20 * lexicon.modality_window)
    neg_at = np.full(len(idx), -1, dtype=np.int64)
    modal = np.ones(len(idx))
    for k in np.flatnonzero(maybe_neg).tolist():
        neg_at[k] = negation(lower, int(c_start[k]), negators, lexicon)
    for k in np.flatnonzero(maybe_mod).tolist():
        modal[k] = modality(lower, int(c_start[k]), modals, lexicon)
    # A cue that is also a negator ("menolak", "enggan") and negates one of the next two cues
    # is only that negator.
    used = np.zeros(len(idx), dtype=bool)
    for k in np.flatnonzero(neg_at >= 0).tolist():
        for j in (k - 1, k - 2):
            if j >= 0 and entries[j].cue.negator and c_start[j] <= neg_at[k] < c_end[j]:
                used[j] = True
    negated = neg_at >= 0
    weight = roles.weight[cue_code[idx]] * modal
    polarity = roles.polarity[cue_code[idx]]
    coord = _coordination(b, usable, lexicon)
    # One row per (coded cue, actor): the cue's own actor, plus actors listed with it.
    rows_k = np.flatnonzero(~used)
    rows_a = actor[idx[rows_k]]
    rows_src = src_focal[idx[rows_k]]
    listed = coord[rows_a] | coord[np.maximum(rows_a - 1, 0)] & (rows_a > 0)
    extra_k, extra_a, extra_src = [], [], []
    for r in np.flatnonzero(listed).tolist():
        k, a0 = int(rows_k[r]), int(rows_a[r])
        for a in _group(a0, coord)[1:]:
            f = int(anchor[idx[k]])
            extra_k.append(k)
            extra_a.append(a)
            extra_src.append(_source_is_focal(b, int(c_start[k]), f, a) != entries[k].cue.passive)
    if extra_k:
        order = np.argsort(np.concatenate([rows_k, extra_k]), kind="stable")
        rows_k = np.concatenate([rows_k, extra_k])[order]
        rows_a = np.concatenate([rows_a, extra_a])[order]
        rows_src = np.concatenate([rows_src, extra_src])[order]
    keep = one_per_clause(
        lower,
        c_start[rows_k],
        c_end[rows_k],
        rows_a,
        roles.overrides[cue_code[idx[rows_k]]],
        lexicon,
    )
    rows_k, rows_a, rows_src = rows_k[keep], rows_a[keep], rows_src[keep]
    rows_f = anchor[idx[rows_k]]
    bloc_sign = np.where(b.m_bloc[rows_a] == "west", 1.0, -1.0)
    # An excluded actor ("di luar Rusia") turns the cue's reading: a negated cue is affirmed
    # ("tidak membeli senjata kecuali dari Rusia").
    rows_neg = negated[rows_k] ^ _excluded(lower, b.m_start[rows_a], lexicon)
    rows_neg ^= _denied(lower, np.maximum(c_end[rows_k], b.m_end[rows_a]), lexicon)
    sign = np.where(rows_neg, -lexicon.negation_factor, 1.0)
    value = np.clip(polarity[rows_k] * bloc_sign * weight[rows_k] * sign, -1.0, 1.0)
    ent = np.asarray(b.m_entity, dtype=object)
    src = np.where(rows_src, rows_f, rows_a)
    tgt = np.where(rows_src, rows_a, rows_f)
    cue_text = [entries[k].cue.text for k in rows_k.tolist()]
    out = Coded(
        sent=sent[rows_k].tolist(),
        source=ent[src].tolist(),
        target=ent[tgt].tolist(),
        relation=[entries[k].cue.relation for k in rows_k.tolist()],
        negated=rows_neg.tolist(),
        cue=cue_text,
        weight=np.round(weight[rows_k], 6).tolist(),
        alignment=np.round(value, 6).tolist(),
    )
    return _unique(out, ent[rows_a].tolist())


def _denied(lower: str, after: np.ndarray, lexicon: Lexicon) -> np.ndarray:
    """Which coded cues a denial follows ("keluar dari EAEU tidak ada dalam agenda",
    "penutupan pangkalan Rusia di Armenia tidak sedang dibahas"): one of the lexicon's
    ``denials`` within ``negation_window + 1`` tokens after the cue and its actor (``after``:
    where the later of them ends), in their clause; the tie the cue names is negated."""
    out = np.zeros(len(after), dtype=bool)
    if not lexicon.denials:
        return out
    for i, lo in enumerate(after.tolist()):
        m = lexicon.denial_re.search(lower, lo, lo + 80)
        if m is None or _breaks(lower, lo, m.start(), lexicon):
            continue
        out[i] = len(_TOKEN.findall(lower, lo, m.start())) <= lexicon.negation_window + 1
    return out


def one_per_clause(
    lower: str,
    start: np.ndarray,
    end: np.ndarray,
    actor: np.ndarray,
    overrides: np.ndarray,
    lexicon: Lexicon,
) -> np.ndarray:
    """Which coded cues count: one per clause and actor (no phrase coded as two relations).

    Cues (in text order) of the same actor with no clause boundary between them
    (:func:`_breaks`) are one clause: an evaluation or failure cue (``overrides``) judges the
    tie named beside it and is the one that counts ("ketergantungan pada Rusia sebagai
    kesalahan strategis"); otherwise the first does ("menolak menjadi tuan rumah latihan
    militer CSTO" is the refusal, not also joint military activity).
    """
    keep = np.ones(len(start), dtype=bool)
    if len(start) < 2:
        return keep
    last: dict[int, list[int]] = {}  # actor -> the rows of its current clause
    groups: list[list[int]] = []
    for r in np.argsort(start, kind="stable").tolist():
        a = int(actor[r])
        group = last.get(a)
        if group is not None and not _breaks(lower, int(end[group[-1]]), int(start[r]), lexicon):
            group.append(r)
            continue
        last[a] = [r]
        groups.append(last[a])
    for group in groups:
        if len(group) > 1:
            judged = [r for r in group if overrides[r]]
            winner = judged[0] if judged else group[0]
            keep[[r for r in group if r != winner]] = False
    return keep


def _unique(coded: Coded, actors: list[str]) -> Coded:
    """Each (sentence, actor, cue) once: a cue repeated in a sentence is one relation."""
    keys = pd.DataFrame({"sent": coded.sent, "actor": actors, "cue": coded.cue})
    keep = ~keys.duplicated().to_numpy()
    if keep.all():
        return coded
    picked = np.flatnonzero(keep).tolist()
    return Coded(**{k: [col[i] for i in picked] for k, col in vars(coded).items()})


def _source_is_focal(b: Batch, cue_start: int, anchor: int, actor: int) -> bool:
    """Is the focal party the subject (the party before the cue, the nearer one; else first)?"""
    f_end, a_end = int(b.m_end[anchor]), int(b.m_end[actor])
    if f_end <= cue_start and a_end <= cue_start:
        return f_end > a_end
    if f_end <= cue_start or a_end <= cue_start:
        return f_end <= cue_start
    return int(b.m_start[anchor]) < int(b.m_start[actor])


def code_sentence(text: str, mentions: list[SentMention], lexicon: Lexicon) -> list[Relation]:
    """Relations between the focal state and the bloc actors named in one sentence."""
    if not any(m.bloc == "focal" for m in mentions) or not any(
        m.bloc in BLOC_SIGN for m in mentions
    ):
        return []
    return code_batch(make_batch([text], [mentions]), lexicon).relations()


def sentence_score(relations: Sequence[tuple[str, float]]) -> float:
    """Signed evidence of one sentence from ``(actor bloc, contribution)`` pairs, in [−1, 1].

    Mean contribution per bloc, summed over blocs: a list ("Armenia, Belarus, ... dan Rusia")
    counts once, and a sentence that turns from one bloc to the other counts both moves.
    """
    by_bloc: dict[str, list[float]] = {}
    for bloc, value in relations:
        by_bloc.setdefault(bloc, []).append(value)
    total = sum(sum(v) / len(v) for v in by_bloc.values())
    return max(-1.0, min(1.0, total))
