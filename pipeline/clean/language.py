"""Language identification with py3langid's model and decisions, its byte walk vectorised.

py3langid walks the text's UTF-8 bytes through a DFA one byte at a time in Python (~0.4 µs a
byte). Its automaton recognises byte n-grams of at most :attr:`FastIdentifier.depth` bytes, so
the state after each byte is, in practice, the state reached from the start state over the last
``depth`` bytes: computed for every position at once with ``depth`` numpy gathers. Each text's
states are then *proved* to be the sequential walk's (``state[i] == next(state[i-1], byte[i])``
for every ``i``, one more gather); a text where that fails falls back to py3langid's own walk.
The feature counts (same features, same first-appearance order) go to py3langid's own scoring,
so every score, and every decision, is py3langid's.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts


def _depth(nextmove: np.ndarray, row: np.ndarray) -> int:
    """Longest shortest path from the start state to any state (the longest n-gram)."""
    seen = np.zeros(len(row), dtype=bool)
    seen[0] = True
    frontier, depth = np.array([0]), 0
    while len(frontier):
        reached = np.unique(nextmove.reshape(-1, 256)[row[frontier]].ravel())
        frontier = reached[~seen[reached]]
        seen[frontier] = True
        depth += len(frontier) > 0
    return depth


class FastIdentifier(LanguageIdentifier):
    """py3langid's identifier with :meth:`_raw_score`'s DFA walk done column-wise."""

    __slots__ = ("_cast", "_nm", "_out", "_rowb", "_single", "depth")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._nm = np.asarray(self.tk_nextmove)  # a view of py3langid's table, no copy
        row = np.asarray(self.tk_row).astype(np.int64)
        self._rowb = row << 8
        self._out = np.asarray(self.tk_output, dtype=np.int64)
        self.depth = _depth(self._nm, row)
        self._single = np.zeros(self.nb_ptc.shape, dtype=np.float32)  # calloc: lazy pages
        self._cast = np.zeros(len(self.nb_ptc), dtype=bool)

    def set_languages(self, langs: object = None) -> None:
        """Not supported: the float32 rows cached by :meth:`_raw_score` are of every language."""
        raise NotImplementedError("FastIdentifier scores every language of the model")

    def states(self, data: bytes) -> np.ndarray | None:
        """The DFA state after each byte of ``data``, or None where the window shortcut is not
        the sequential walk (never seen; the caller then walks byte by byte)."""
        b = np.frombuffer(data, dtype=np.uint8).astype(np.int64)
        n = len(b)
        s = np.zeros(n, dtype=np.int64)
        nm, rowb = self._nm, self._rowb
        for j in range(min(self.depth, n) - 1, -1, -1):  # from each position's window start
            s[j:] = nm[rowb[s[j:]] + b[: n - j]]
        previous = np.concatenate([[0], s[:-1]])
        if not np.array_equal(nm[rowb[previous] + b], s):
            return None
        return s

    def features(self, data: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """The features ``data`` visits and how often, in order of first visit (the keys and
        values of ``py3langid.langid.visit_counts``), or None when it visits none."""
        s = self.states(data)
        if s is None:
            visits = visit_counts(self.tk_nextmove, self._rowbase, self.tk_output, data)
            if not visits:
                return None
            return np.fromiter(visits, np.int64), np.fromiter(visits.values(), np.int64)
        features = self._out[s]
        features = features[features >= 0]
        if not len(features):
            return None
        by_value = np.argsort(features, kind="stable")
        ranked = features[by_value]
        start = np.flatnonzero(np.concatenate([[True], ranked[1:] != ranked[:-1]]))
        counts = np.diff(np.append(start, len(ranked)))
        order = np.argsort(by_value[start])  # by each feature's first visit
        return ranked[start][order], counts[order]

    def _raw_score(self, text: bytes) -> np.ndarray:
        found = self.features(text)
        if found is None:
            return super()._raw_score(b"")  # py3langid's score of a text with no feature
        idx, counts = found
        # py3langid's ``_sparse_score``: the same operands in the same order, the same sums.
        # Its float16 rows are made float32 once each (exact; numpy's cast is slow), in a
        # table whose memory is only touched for the rows used.
        new = idx[~self._cast[idx]]
        if len(new):
            self._single[new] = self.nb_ptc[new]
            self._cast[new] = True
        return np.log1p(counts.astype(np.float32)) @ self._single[idx] + self.nb_pc

    def top_two(self, text: str) -> tuple[str, str]:
        """The first two languages of ``rank(text)`` (same scores, same tie order)."""
        scores = self._decide(text)
        labels, columns = _first_columns(tuple(self.nb_classes))
        best = np.argsort(-scores[columns], kind="stable")[:2]  # sorted(..., reverse=True)
        return labels[best[0]], labels[best[1]]


@lru_cache(maxsize=4)
def _first_columns(classes: tuple[str, ...]) -> tuple[list[str], np.ndarray]:
    """Each distinct label and its first column (the one ``rank`` reads)."""
    first: dict[str, int] = {}
    for k, c in enumerate(classes):
        first.setdefault(c, k)
    return list(first), np.fromiter(first.values(), dtype=np.int64, count=len(first))


@lru_cache(maxsize=1)
def identifier() -> FastIdentifier:
    """py3langid's bundled model, loaded once per process."""
    return FastIdentifier.from_model_file(MODEL_FILE)
