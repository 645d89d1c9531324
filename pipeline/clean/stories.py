"""One story told by several articles: rewrites that share facts, not sentences.

A republished copy shares most of its word shingles with the original (near-duplicate detection
finds it); a rewrite by another outlet shares almost none, but it names the same people and
places and repeats the same figures. Each article's *anchors* are its numbers and the pairs of
adjacent capitalised words of its names; two articles are one story when the Jaccard similarity
of their anchors, each weighted by its rarity in the corpus, reaches a threshold and their
dates (when both have one) are close. Stories are the
connected components of those links; a story's id is the doc_id of its earliest article.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

_NUMBER = re.compile(r"\b\d[\d.,]*\d\b|\b\d{2,}\b")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")
MAX_ANCHOR_DOCS = 50  # an anchor in more articles than this links nothing (too common)


@dataclass(frozen=True)
class StoryDoc:
    """What story linking needs of an article."""

    doc_id: str
    body: str
    day: int | None  # date ordinal, None when undated
    anchor_set: frozenset[str] | None = None  # :func:`anchors` of ``body``, computed ahead


def anchors(body: str) -> frozenset[str]:
    """The numbers of ``body`` and each pair of adjacent capitalised words (lower-cased): a run
    "Perdana Menteri Nikol Pashinyan" gives "perdana menteri", "menteri nikol" and "nikol
    pashinyan", so a rewrite that drops the title still shares the name."""
    out = {f"#{m}" for m in _NUMBER.findall(body)}
    for run in _NAME.findall(body):
        words = run.lower().split()
        out.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return frozenset(out)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def weighted_jaccard(a: frozenset[str], b: frozenset[str], weight: dict[str, float]) -> float:
    """Jaccard similarity with each anchor weighted (by its rarity in the corpus)."""
    union = sum(weight[x] for x in a | b)
    return sum(weight[x] for x in a & b) / union if union else 0.0


def anchor_weights(sets: Sequence[frozenset[str]]) -> dict[str, float]:
    """Each anchor's weight, ``log(1 + N / df)`` over the ``N`` articles: a name or figure few
    articles share ("Vahagn Khachaturyan", "60.000") counts more than "Perdana Menteri" or
    "2023", and a pair in a two-article corpus still scores."""
    df: dict[str, int] = {}
    for found in sets:
        for x in found:
            df[x] = df.get(x, 0) + 1
    n = len(sets)
    return {x: math.log1p(n / c) for x, c in df.items()}


def link_stories(
    docs: Sequence[StoryDoc],
    threshold: float,
    max_days: int,
    same: Sequence[tuple[str, str]] = (),
) -> dict[str, str]:
    """doc_id → story id for every doc; ``same`` adds known links (duplicate → original)."""
    sets = {d.doc_id: d.anchor_set if d.anchor_set is not None else anchors(d.body) for d in docs}
    day = {d.doc_id: d.day for d in docs}
    weight = anchor_weights(list(sets.values()))
    index: dict[str, list[str]] = {}
    for doc_id, found in sets.items():
        for a in found:
            index.setdefault(a, []).append(doc_id)
    parent = {d.doc_id: d.doc_id for d in docs}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    seen: set[tuple[str, str]] = set()
    for members in index.values():
        if len(members) > MAX_ANCHOR_DOCS:
            continue
        for a, b in combinations(sorted(members), 2):
            if (a, b) in seen:
                continue
            seen.add((a, b))
            da, db = day[a], day[b]
            if da is not None and db is not None and abs(da - db) > max_days:
                continue
            if weighted_jaccard(sets[a], sets[b], weight) >= threshold:
                join(a, b)
    for a, b in same:
        if a in parent and b in parent:
            join(a, b)
    groups: dict[str, list[str]] = {}
    for doc_id in parent:
        groups.setdefault(root(doc_id), []).append(doc_id)
    out = {}
    for members in groups.values():
        first = min(members, key=lambda d: (day[d] if day[d] is not None else 10**9, d))
        out.update(dict.fromkeys(members, first))
    return out
