"""Whole-word lookup of a lexicon's lowercase terms in lowercase text: one Aho–Corasick pass.

A term matches where no word character (a letter, a digit or "-") touches it; overlapping
matches are resolved leftmost first, then longest ("keluar dari" in "keluar darinya" is
"keluar").

How this stays fast (figures in ``bench/README.md``): the automaton does not search the text but
a copy in which every character that is not a word character is a space, with a space at each
end (:func:`blank`). Its keys are the terms treated the same way with a space on each side
(" keluar dari "), so every match is a whole word by construction, and the root of the
automaton has one transition instead of one per initial letter (pyahocorasick looks
transitions up linearly, for every character of the text). A term whose text blanking changes
("keluar dari" also matches "keluar, dari" in the blanked copy) is compared with the original.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import ahocorasick
import numpy as np

from pipeline import blanking

V = TypeVar("V")


def blank(text: str) -> str:
    """``text`` with every character that is neither alphanumeric nor "-" replaced by a space
    (same length, so offsets carry over)."""
    return blanking.blank(text, "-")


@dataclass(frozen=True)
class Hits:
    """Whole-word matches of a lexicon: sorted starts and ends, and their values."""

    start: np.ndarray
    end: np.ndarray
    values: list[Any]

    def take(self, keep: np.ndarray) -> Hits:
        """The matches where ``keep`` is true."""
        idx = np.flatnonzero(keep)
        return Hits(self.start[idx], self.end[idx], [self.values[i] for i in idx.tolist()])


def _no_hits() -> Hits:
    return Hits(np.zeros(0, np.int64), np.zeros(0, np.int64), [])


_SHARED: Any = object()  # marks a key shared by several terms (see TermIndex.__init__)


class TermIndex(Generic[V]):
    """Lowercase terms → values (read like a mapping), with :meth:`scan` for whole words."""

    def __init__(self, items: Mapping[str, V]) -> None:
        self._items: dict[str, V] = dict(items)
        by_key: dict[str, list[tuple[str | None, V]]] = {}
        for term, value in self._items.items():
            key = blank(term)
            check = term if key != term or " " in term else None
            by_key.setdefault(key, []).append((check, value))
        # The value of a key is ``(length, check, value)``: ``check`` is the text the original
        # must equal (None: any text with that blanked form is the term). Several terms with
        # one blanked form ("a.s." and "a s") share a key: ``(length, _SHARED, alternatives)``.
        self._automaton = ahocorasick.Automaton()
        for key, alternatives in by_key.items():
            if len(alternatives) == 1:
                value: tuple[int, Any, Any] = (len(key), *alternatives[0])
            else:
                # A term that stands alone wins over one that must be compared with the text.
                alternatives.sort(key=lambda a: a[0] is not None)
                value = (len(key), _SHARED, tuple(alternatives))
            self._automaton.add_word(f" {key} ", value)
        if by_key:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, term: object) -> bool:
        return term in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def get(self, term: str, default: V | None = None) -> V | None:
        return self._items.get(term, default)

    def keys(self) -> Iterator[str]:
        return iter(self._items.keys())

    def values(self) -> Iterator[V]:
        return iter(self._items.values())

    def items(self) -> Iterator[tuple[str, V]]:
        return iter(self._items.items())

    def scan(self, lower: str) -> Hits:
        """Whole-word, leftmost-longest, non-overlapping matches in ``lower`` (lowercase text).

        The automaton reports every whole-word match, by end. A match that starts after the last
        one kept and overlaps it loses (the kept one starts first); one that starts at or before
        it contains it and replaces it, with any others it contains, unless it overlaps an
        earlier kept match, which starts first.
        """
        if not self._items or not lower:
            return _no_hits()
        text = f" {blank(lower)} "  # text[i + 1] is lower[i] blanked
        # Three lists rather than a tuple per match: a tuple holding a value stays tracked by
        # the garbage collector, and tens of thousands of them cost a full collection.
        starts: list[int] = []
        ends: list[int] = []
        values: list[V] = []
        top_start = top_end = -1
        for j, (size, check, value) in self._automaton.iter(text):
            start = j - size - 1  # the key ends with the space after the term, at text[j]
            end = j - 1
            if check is not None:
                if check is _SHARED:
                    value = _alternative(lower[start:end], value)
                    if value is _SHARED:
                        continue
                elif lower[start:end] != check:
                    continue
            if start < top_end:
                if start > top_start:
                    continue  # inside or across the last match kept, which starts first
                k = len(starts) - 1
                while k >= 0 and starts[k] >= start:
                    k -= 1
                if k >= 0 and ends[k] > start:
                    continue  # across an earlier match kept, which starts first
                del starts[k + 1 :], ends[k + 1 :], values[k + 1 :]
            starts.append(start)
            ends.append(end)
            values.append(value)
            top_start, top_end = start, end
        if not starts:
            return _no_hits()
        return Hits(np.asarray(starts, np.int64), np.asarray(ends, np.int64), values)


def _alternative(got: str, alternatives: tuple[tuple[str | None, Any], ...]) -> Any:
    """The value of the first term of a shared key that ``got`` is, else ``_SHARED``."""
    for check, value in alternatives:
        if check is None or got == check:
            return value
    return _SHARED


def scan(lower: str, terms: TermIndex[Any]) -> Hits:
    """:meth:`TermIndex.scan` (whole-word, leftmost-longest matches of ``terms`` in ``lower``)."""
    return terms.scan(lower)
