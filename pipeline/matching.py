"""One word definition and one whole-word, leftmost-longest matcher, used by every stage.

A **word** is a maximal run of letters, digits, "_" and "-" (:data:`WORD_KEEP`): "Rusia-nya" and
"bantu-membantu" are one word each, "a.s." is two. A key (a term, a surface, a cue) matches
where it begins and ends at word edges; a key of several words matches with any run of non-word
characters between them in the text only where the text between equals the key's own. Case is
the caller's: the matcher compares exactly what it is given (the stance coder lowercases, the
dictionary tagger does not). Overlapping matches are resolved leftmost first, then longest
("keluar dari" in "keluar darinya" is "keluar").

A matcher may also (``hyphens``) accept a key at a hyphen inside a word ("ke-NATO",
"Rusia-nya"), as a rule of the caller decides, and (``stems``) match keys on their Indonesian
stems (:mod:`Sastrawi`), so that a cue written once covers its affixed forms ("menolak" also
"ditolak", "penolakan", "tolakannya").

How this stays fast (figures in ``bench/README.md``): one Aho–Corasick automaton
(pyahocorasick) does not search the text but a copy in which every non-word character is a
space, with a space added at each end (:func:`blank`). Its keys are the keys treated the same
way with a space (or a hyphen) on each side (" keluar dari "), so every match is a whole word by
construction. The root of the automaton has one or two transitions instead of one per initial
letter (pyahocorasick looks transitions up linearly, for every character of the text), and
the transitions after " " can be ordered by frequency (``initials``). Stems are computed once
per word type (a vocabulary dict shared by all matchers); each affixed form of a stem key met in
a text becomes a key of its own, so a scan reads the text once whatever the stems.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import ahocorasick
import numpy as np

from pipeline import blanking

V = TypeVar("V")
WORD_KEEP = "_-"  # besides letters and digits, the characters a word is made of
# A hyphen rule: (text, start, end, hyphen before, hyphen after) -> whether the match stands.
HyphenRule = Callable[[str, int, int, bool, bool], bool]
_MAX_FORMS = 64  # affixed forms of one multi-word stem key (the product of its words' forms)
_MIN_STEM = 3  # shorter stems ("ada", "itu") are not matched by stem


def blank(text: str) -> str:
    """``text`` with every non-word character replaced by a space (same length, so offsets
    carry over)."""
    return blanking.blank(text, WORD_KEEP)


def words(text: str) -> list[str]:
    """The words of ``text``, in order."""
    return blank(text).split()


@dataclass(frozen=True)
class Hits:
    """Whole-word matches: sorted starts and ends, and their values."""

    start: np.ndarray
    end: np.ndarray
    values: list[Any]

    def take(self, keep: np.ndarray) -> Hits:
        """The matches where ``keep`` is true."""
        idx = np.flatnonzero(keep)
        return Hits(self.start[idx], self.end[idx], [self.values[i] for i in idx.tolist()])


def _no_hits() -> Hits:
    return Hits(np.zeros(0, np.int64), np.zeros(0, np.int64), [])


@functools.cache
def _stemmer() -> Any:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


_STEMS: dict[str, str] = {}  # word -> stem, for every word type stemmed in this process


def stem(word: str) -> str:
    """The Indonesian stem of a lowercase ``word`` (Sastrawi), cached per word type."""
    got = _STEMS.get(word)
    if got is None:
        got = _STEMS[word] = _stemmer().stem(word) or word
    return got


class _Shared:
    """The value of a key that a text must be compared with: alternatives ``(surface or
    None, value)`` (None: any text of that blanked form), and hyphens at its edges."""

    __slots__ = ("alternatives", "left", "right")

    def __init__(self, alternatives: tuple[tuple[str | None, Any], ...], left: bool, right: bool):
        self.alternatives = alternatives
        self.left = left
        self.right = right


_NEVER = _Shared((), False, False)  # the value of a key that only orders transitions


class Matcher(Generic[V]):
    """Keys → values (read like a mapping), with :meth:`scan` for whole-word matches.

    ``hyphens``: also match a key right after or before a hyphen inside a word, where the rule
    says so. ``stems``: keys matched by stem, each word of them standing for every word with
    its stem; ``derive(value, surface)`` gives the value of an affixed form (default: the
    key's). ``initials``: the commonest first characters of words, commonest first.
    """

    def __init__(
        self,
        items: Mapping[str, V],
        *,
        hyphens: HyphenRule | None = None,
        stems: Collection[str] = (),
        derive: Callable[[V, str], V] | None = None,
        initials: str = "",
    ) -> None:
        self._items: dict[str, V] = dict(items)
        self._hyphens = hyphens
        self._initials = initials
        self._derive = derive
        # Stem keys: their words' stems, and the forms of each stem met so far.
        self._stem_keys: dict[str, tuple[str, ...]] = {}
        for key in stems:
            ws = tuple(words(key))
            if ws and all(len(stem(w)) >= _MIN_STEM for w in ws):
                self._stem_keys[key] = tuple(stem(w) for w in ws)
        wanted = {s for ss in self._stem_keys.values() for s in ss}
        self._forms: dict[str, set[str]] = {s: set() for s in wanted}
        self._seen: set[str] = set()
        # A word can only have one of the stems if it holds the stem without its first letter
        # (meN- drops it: "menolak" → "tolak"); only those words are stemmed.
        self._tails: Any = None
        if wanted:
            self._tails = ahocorasick.Automaton()
            for s in wanted:
                self._tails.add_word(s[1:], s)
            self._tails.make_automaton()
        self._extra: dict[str, V] = {}  # affixed forms of stem keys: surface -> value
        self._automaton = self._build()

    # -- a mapping of the keys as given ---------------------------------------------------
    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def get(self, key: str, default: V | None = None) -> V | None:
        return self._items.get(key, default)

    def keys(self) -> Iterator[str]:
        return iter(self._items.keys())

    def values(self) -> Iterator[V]:
        return iter(self._items.values())

    def items(self) -> Iterator[tuple[str, V]]:
        return iter(self._items.items())

    # -- building -----------------------------------------------------------------------
    def _build(self) -> Any:
        """The automaton of the keys and the affixed forms found so far (None if none)."""
        by_core: dict[str, list[tuple[str, Any]]] = {}
        for key, value in itertools.chain(self._items.items(), self._extra.items()):
            core = blank(key)
            if core.strip():
                by_core.setdefault(core, []).append((key, value))
        if not by_core:
            return None
        groups: dict[str, list[str]] = {}
        for core in by_core:
            groups.setdefault(core[0], []).append(core)
        edges = " -" if self._hyphens else " "
        auto = ahocorasick.Automaton()
        # After " ", the automaton tries transitions in the order they were added: frequent
        # initials first; one that begins no key gets a key that never matches (U+FFFF is
        # blanked in the text).
        order = [*self._initials, *(ch for ch in groups if ch not in self._initials)]
        for first in order:
            if first not in groups:
                auto.add_word(f" {first}\uffff", (2, _NEVER, None))
            for core in groups.get(first, ()):
                alts = by_core[core]
                # A key that stands alone wins over one that must be compared with the text.
                alts.sort(key=lambda a: a[0] != core or " " in core)
                for left in edges:
                    for right in edges:
                        l_h, r_h = left == "-", right == "-"
                        if len(alts) > 1 or l_h or r_h:
                            value: tuple[int, Any, Any] = (
                                len(core) + 1,
                                _Shared(
                                    tuple(
                                        (None if k == core and " " not in core else k, v)
                                        for k, v in alts
                                    ),
                                    l_h,
                                    r_h,
                                ),
                                None,
                            )
                        else:
                            ((key, v),) = alts
                            check = None if key == core and " " not in core else key
                            value = (len(core) + 1, check, v)
                        auto.add_word(f"{left}{core}{right}", value)
        auto.make_automaton()
        return auto

    def _learn(self, text: str) -> None:
        """Add the affixed forms of stem keys among the new words of ``text``."""
        new = set(blank(text).split()) - self._seen
        if not new:
            return
        self._seen |= new
        grown: set[str] = set()
        tails = self._tails
        for w in new:
            if len(w) < _MIN_STEM or next(tails.iter(w), None) is None:
                continue
            s = stem(w)
            forms = self._forms.get(s)
            # A bare stem is a word of its own ("pihak" is no form of "memihak").
            if forms is not None and w != s and w not in forms:
                forms.add(w)
                grown.add(s)
        if not grown:
            return
        before = len(self._extra)
        for key, stems in self._stem_keys.items():
            if grown.isdisjoint(stems):
                continue
            value = self._items[key]
            choices = [sorted(self._forms[s] | {w}) for s, w in zip(stems, words(key), strict=True)]
            for n, combo in enumerate(itertools.product(*choices)):
                if n >= _MAX_FORMS:
                    break
                surface = " ".join(combo)
                if surface not in self._items and surface not in self._extra:
                    derived = self._derive(value, surface) if self._derive else value
                    self._extra[surface] = derived
        if len(self._extra) != before:
            self._automaton = self._build()

    # -- matching -----------------------------------------------------------------------
    def matches(self, text: str) -> tuple[list[int], list[int], list[V]]:
        """Whole-word, leftmost-longest, non-overlapping matches in ``text``: starts, ends and
        values, in text order.

        The automaton reports every whole-word match by end, the longest first. A match that
        starts after the last one kept and overlaps it loses (the kept one starts first); one
        that starts at or before it contains it and replaces it, with any others it contains,
        unless it overlaps an earlier kept match, which starts first.
        """
        if self._stem_keys and text:
            self._learn(text)
        starts: list[int] = []
        ends: list[int] = []
        values: list[V] = []
        if self._automaton is None or not text:
            return starts, ends, values
        # Three lists rather than a tuple per match: a tuple holding a value stays tracked by
        # the garbage collector, and tens of thousands of them cost a full collection.
        top_start = top_end = -1
        shared = _Shared
        for j, (span, check, value) in self._automaton.iter(f" {blank(text)} "):
            start = j - span  # text[start:end] is the key's core; j is its right edge + 1
            end = j - 1
            if start < top_end and start > top_start:
                continue  # inside or across the last match kept, which starts first
            if check is not None:
                if check.__class__ is shared:
                    value = self._shared(text, start, end, check)
                    if value is _NEVER:
                        continue
                elif text[start:end] != check:
                    continue
            if start < top_end:
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
        return starts, ends, values

    def _shared(self, text: str, start: int, end: int, check: _Shared) -> Any:
        """The value of the first alternative that ``text[start:end]`` is, if its hyphens
        stand; else ``_NEVER``."""
        got = text[start:end]
        for surface, value in check.alternatives:
            if surface is None or surface == got:
                if (check.left or check.right) and not self._hyphens(  # type: ignore[misc]
                    text, start, end, check.left, check.right
                ):
                    return _NEVER
                return value
        return _NEVER

    def scan(self, text: str) -> Hits:
        """:meth:`matches` as a :class:`Hits` (arrays of starts and ends)."""
        starts, ends, values = self.matches(text)
        if not starts:
            return _no_hits()
        return Hits(np.asarray(starts, np.int64), np.asarray(ends, np.int64), values)


def scan(text: str, matcher: Matcher[Any]) -> Hits:
    """:meth:`Matcher.scan` (whole-word, leftmost-longest matches of ``matcher`` in ``text``)."""
    return matcher.scan(text)


def find_spans(text: str, keys: Collection[str]) -> list[tuple[int, int, str]]:
    """Whole-word, leftmost-longest ``(start, end, key)`` matches of ``keys`` in ``text``."""
    starts, ends, values = Matcher({k: k for k in keys if k}).matches(text)
    return list(zip(starts, ends, values, strict=True))
