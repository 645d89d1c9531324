"""Relation coding: per sentence, the focal state's ties to bloc actors, signed for alignment."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick

from pipeline.stance.lexicon import Lexicon

BLOC_SIGN = {"russia": -1, "west": 1}
_TOKEN = re.compile(r"\w+")
# "CSTO, aliansi militer yang dipimpin Rusia": an actor inside a relative clause modifies the
# noun before it and is not itself a party to the sentence's relation.
_MODIFIER = re.compile(r"\byang\s+(?:di\w+|ber\w+)\s+(?:oleh\s+)?$")


@dataclass(frozen=True)
class Relation:
    source: str
    target: str
    relation: str
    negated: bool
    cue: str
    weight: float
    alignment: float


@dataclass(frozen=True)
class SentMention:
    start: int  # offsets relative to the sentence
    end: int
    entity_id: str
    bloc: str


def find_terms(
    lower: str, automaton: ahocorasick.Automaton, skip: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int, Any]]:
    """Whole-word, longest, non-overlapping matches (values with ``.text``) in lowercase text."""
    if len(automaton) == 0:
        return []
    found = []
    for last, value in automaton.iter(lower):
        start, end = last - len(value.text) + 1, last + 1
        if (start > 0 and (lower[start - 1].isalnum() or lower[start - 1] == "-")) or (
            end < len(lower) and (lower[end].isalnum() or lower[end] == "-")
        ):
            continue
        if any(start < e and s < end for s, e in skip):
            continue  # part of an entity name ("Pakta Pertahanan Atlantik Utara")
        found.append((start, end, value))
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    taken: list[tuple[int, int, Any]] = []
    for m in found:
        if all(m[1] <= t[0] or m[0] >= t[1] for t in taken):
            taken.append(m)
    return sorted(taken, key=lambda m: m[0])


def _tokens_before(lower: str, pos: int, n: int) -> list[str]:
    return _TOKEN.findall(lower[max(0, pos - 12 * n) : pos])[-n:] if n else []


def negated(lower: str, cue_start: int, lexicon: Lexicon) -> bool:
    """A negator within the window before the cue ("tidak hanya" — "not only" — does not count)."""
    window = _tokens_before(lower, cue_start, lexicon.negation_window + 1)
    for i, tok in enumerate(window[-lexicon.negation_window :] if lexicon.negation_window else []):
        rest = window[-lexicon.negation_window :]
        if tok in lexicon.negators and not (i + 1 < len(rest) and rest[i + 1] == "hanya"):
            return True
    return False


def modality(lower: str, cue_start: int, lexicon: Lexicon) -> float:
    """Smallest modality multiplier (future, plan, promise, threat, condition) before the cue."""
    window = _tokens_before(lower, cue_start, lexicon.modality_window)
    values = [lexicon.modality[t] for t in window if t in lexicon.modality]
    return min(values) if values else 1.0


def code_sentence(text: str, mentions: list[SentMention], lexicon: Lexicon) -> list[Relation]:
    """Relations between the focal state and each bloc actor named in one sentence."""
    focal = [m for m in mentions if m.bloc == "focal"]
    actors = [
        m
        for m in mentions
        if m.bloc in BLOC_SIGN and not _MODIFIER.search(text[max(0, m.start - 30) : m.start])
    ]
    if not focal or not actors:
        return []
    lower = text.lower()
    cues = find_terms(lower, lexicon.cues, [(m.start, m.end) for m in mentions])
    if not cues:
        return []
    out: list[Relation] = []
    seen: set[str] = set()
    for actor in actors:
        if actor.entity_id in seen:
            continue
        seen.add(actor.entity_id)
        # The cue nearest to the actor carries the relation.
        start, _, cue = min(
            cues, key=lambda c: (min(abs(c[0] - actor.end), abs(actor.start - c[1])), c[0])
        )
        anchor = min(focal, key=lambda f: abs(f.start - actor.start))
        src, tgt = (anchor, actor) if anchor.start <= actor.start else (actor, anchor)
        neg = negated(lower, start, lexicon)
        weight = cue.weight * modality(lower, start, lexicon)
        value = cue.polarity * BLOC_SIGN[actor.bloc] * weight * (-1 if neg else 1)
        out.append(
            Relation(
                src.entity_id,
                tgt.entity_id,
                cue.relation,
                neg,
                cue.text,
                round(weight, 6),
                round(max(-1.0, min(1.0, value)), 6),
            )
        )
    return out
