"""Dictionary tagging with one Aho–Corasick automaton: case-sensitive, word-bounded, longest."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

import ahocorasick

from pipeline.entities.dictionary import Dictionary, Pattern

# Prefixes that, joined by a hyphen, turn a name into another word ("ke-NATO-an", "se-Rusia").
_HYPHEN_PREFIXES = frozenset({"ke", "se", "ber", "ter", "di", "me", "pe", "per", "pen", "pem"})
_CLITICS = ("nya", "lah", "kah", "pun")
_LOCATIVE = re.compile(
    r"(?:\b(?:di|ke|dari|menuju|tiba di|ibu kota|ibukota|kota|kunjungan ke|berkunjung ke)\s+)$"
)
_METHOD = "dictionary"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    entity_id: str
    entity_type: str
    kind: str
    method: str


def build_automaton(dictionary: Dictionary) -> ahocorasick.Automaton:
    """One automaton over every surface of the dictionary."""
    auto = ahocorasick.Automaton()
    for surface, pat in dictionary.patterns.items():
        auto.add_word(surface, pat)
    auto.make_automaton()
    return auto


def _left_ok(text: str, start: int) -> bool:
    if start == 0:
        return True
    prev = text[start - 1]
    if prev.isalnum() or prev == "_":
        return False
    if prev == "-":
        m = re.search(r"(\w+)-$", text[max(0, start - 6) : start])
        return not (m and m.group(1) in _HYPHEN_PREFIXES)
    return True


def _right_ok(text: str, end: int) -> bool:
    if end >= len(text):
        return True
    nxt = text[end]
    if nxt.isalnum() or nxt == "_":
        return False
    if nxt == "-":
        rest = text[end + 1 : end + 5]
        if rest[:1].isupper() or rest[:1].isdigit():
            return True  # "Azerbaijan-Armenia"
        return rest.startswith(_CLITICS)  # "Rusia-nya" yes, "NATO-an" no
    return True


def scan(text: str, automaton: ahocorasick.Automaton) -> list[tuple[int, int, Pattern]]:
    """Word-bounded, non-overlapping matches; the longest wins, then the leftmost."""
    found = []
    for last, pat in automaton.iter(text):
        start = last - len(pat.surface) + 1
        end = last + 1
        if _left_ok(text, start) and _right_ok(text, end):
            found.append((start, end, pat))
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    occupied = bytearray(len(text))
    taken: list[tuple[int, int, Pattern]] = []
    for m in found:
        if 1 not in occupied[m[0] : m[1]]:
            occupied[m[0] : m[1]] = b"\x01" * (m[1] - m[0])
            taken.append(m)
    taken.sort(key=lambda m: m[0])
    return taken


def _next_word(text: str, end: int) -> str:
    m = re.match(r"\s+(\w+)", text[end : end + 40])
    return m.group(1).lower() if m else ""


def tag_text(
    text: str, when: date | None, dictionary: Dictionary, automaton: ahocorasick.Automaton
) -> list[Mention]:
    """All actor mentions in ``text`` (an article body published on ``when``)."""
    ents = dictionary.entities
    stop = dictionary.stoplist
    raw = [
        m
        for m in scan(text, automaton)
        if m[2].surface not in stop or _next_word(text, m[1]) not in stop[m[2].surface]
    ]
    # Context for ambiguous surfaces: how often each candidate is named in this text.
    named = Counter(p.target for _, _, p in raw if p.kind in ("name", "alias", "metonym"))
    out: list[Mention] = []
    for i, (s, e, pat) in enumerate(raw):
        surface = text[s:e]
        before = text[max(0, s - 20) : s]
        if pat.place and _LOCATIVE.search(before):
            slug = re.sub(r"[^a-z0-9]+", "-", surface.lower()).strip("-")
            out.append(Mention(s, e, surface, f"loc:{slug}", "LOC", "name", f"{_METHOD}+locative"))
            continue
        if pat.kind == "ambiguous":
            cands = pat.target.split("|")
            best = max(cands, key=lambda c: (named[c], -cands.index(c)))
            if named[best] == 0:
                out.append(
                    Mention(s, e, surface, pat.target, "OTHER", "metonym", f"{_METHOD}+unresolved")
                )
            else:
                out.append(
                    Mention(s, e, surface, best, ents[best].type, "metonym", f"{_METHOD}+context")
                )
            continue
        if pat.kind == "role":
            # "Perdana Menteri Armenia Nikol Pashinyan": the name that follows carries the mention.
            if i + 1 < len(raw):
                ns, _, npat = raw[i + 1]
                gap = text[e:ns]
                if (
                    npat.kind in ("name", "alias")
                    and ents[npat.target].type == "PERSON"
                    and (re.fullmatch(r"[\s,]*", gap))
                ):
                    continue
            role, of = pat.target.split("@", 1)
            holder = dictionary.holder_at(role, of, when)
            if holder is not None:
                out.append(
                    Mention(s, e, surface, holder.id, "PERSON", "role", f"{_METHOD}+role@date")
                )
            else:
                out.append(Mention(s, e, surface, of, ents[of].type, "role", f"{_METHOD}+role"))
            continue
        ent = ents[pat.target]
        out.append(Mention(s, e, surface, ent.id, ent.type, pat.kind, _METHOD))
    return out


def bloc_of(
    entity_id: str,
    entity_type: str,
    dictionary: Dictionary,
    focal: str,
    russia: frozenset[str],
    west: frozenset[str],
) -> str:
    """``focal``, ``russia``, ``west`` or ``none``; a person inherits its affiliation's bloc."""
    if entity_type == "PERSON":
        ent = dictionary.entities.get(entity_id)
        entity_id = ent.affiliation if ent and ent.affiliation else entity_id
    if entity_id == focal:
        return "focal"
    if entity_id in russia:
        return "russia"
    if entity_id in west:
        return "west"
    return "none"


def sentence_index(spans: list[tuple[int, int]]) -> list[int]:
    """Start offsets of ``spans`` for :func:`sentence_of`."""
    return [s for s, _ in spans]


def sentence_of(starts: list[int], offset: int) -> int:
    """Index of the sentence containing ``offset``."""
    return max(0, bisect.bisect_right(starts, offset) - 1)
