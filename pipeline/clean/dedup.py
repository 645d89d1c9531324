"""Exact and near-duplicate detection (MinHash LSH over word shingles: sub-quadratic)."""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

_WORD = re.compile(r"\w+")


# Minutes after midnight (WIB) for a copy whose time of publication is unknown: after any time.
UNKNOWN_TIME = 24 * 60


NUM_PERM = 128


@dataclass(frozen=True)
class Signature:
    """What duplicate detection needs of a body: the SHA-256 of its words and their MinHash."""

    digest: str
    hashvalues: np.ndarray  # NUM_PERM uint64 minima over the body's 5-word shingles


@dataclass(frozen=True)
class Candidate:
    doc_id: str
    body: str  # may be "" when ``signature`` is given
    published_ord: int  # date.toordinal(); large for unknown dates, so dated copies win
    source: str  # the file (and row) it came from: the last tie-break
    minute: int = UNKNOWN_TIME  # time of publication in minutes after midnight WIB, if stated
    signature: Signature | None = None  # :func:`signature` of ``body``, computed ahead


def _rank(c: Candidate) -> tuple[int, int, str, str]:
    """The copy published first is kept: earliest date, then earliest stated time of day, then
    the first source path (an undated or untimed copy comes after a dated or timed one)."""
    return (c.published_ord, c.minute, c.source, c.doc_id)


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[Any, Any]:
    """One set of permutations for every signature (datasketch would redraw them per MinHash)."""
    from datasketch import MinHash

    first = MinHash(num_perm=num_perm, seed=1)
    return first.permutations, first.scheme


def _minhash(
    num_perm: int, hashvalues: np.ndarray | None = None, hashfunc: Any = zlib.crc32
) -> Any:
    """An empty (or given) MinHash on the shared permutations, with CRC-32 shingle hashes (C
    speed, deterministic) instead of Python-level SHA-1 (``hashfunc=int``: values hashed
    already)."""
    from datasketch import MinHash

    permutations, scheme = _permutations(num_perm)
    return MinHash(
        num_perm=num_perm,
        seed=1,
        hashfunc=hashfunc,
        hashvalues=hashvalues,
        permutations=permutations,
        scheme=scheme,
    )


def _shingle_hashes(words: list[str], k: int = 5) -> list[int]:
    """CRC-32 of the UTF-8 of every ``k`` consecutive words joined by spaces (of the words
    joined, when fewer), repeats included: built by C-level maps, no Python step per shingle."""
    if len(words) < k:
        return [zlib.crc32(" ".join(words).encode())] if words else []
    shingles = map(" ".join, zip(*(words[i:] for i in range(k)), strict=False))
    return list(map(zlib.crc32, map(str.encode, shingles)))


def signature(body: str, num_perm: int = NUM_PERM) -> Signature:
    """The words' digest and shingle MinHash of ``body`` (per article: cached with its shard)."""
    words = _WORD.findall(body.lower())
    mh = _minhash(num_perm, hashfunc=int)  # the shingles' CRC-32 are computed here
    hashes = _shingle_hashes(words)
    if hashes:
        # A minimum over hash values: their order and repeats change nothing, so the result
        # is the MinHash of the set of shingles.
        mh.update_batch(hashes)
    return Signature(hashlib.sha256(" ".join(words).encode()).hexdigest(), mh.hashvalues)


def _lean(hashvalues: np.ndarray) -> Any:
    """A MinHash of given hash values for the LSH index (no permutations: cheaper to make)."""
    from datasketch import LeanMinHash

    _, scheme = _permutations(len(hashvalues))
    return LeanMinHash(seed=1, hashvalues=hashvalues, scheme=scheme)


def find_duplicates(
    docs: Sequence[Candidate], threshold: float, num_perm: int = NUM_PERM
) -> dict[str, tuple[str, str]]:
    """Map each duplicate's doc_id to ``(kept doc_id, reason)``; kept copies are absent.

    Of copies of one text the one published first is kept (:func:`_rank`): its length or
    edits never decide, as a republisher adds and drops words as often as the original has them.
    """
    from datasketch import MinHashLSH

    ordered = sorted(docs, key=_rank)
    result: dict[str, tuple[str, str]] = {}
    exact: dict[str, str] = {}
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    indexed = np.empty((len(ordered), num_perm), np.uint64)  # the signatures in the index
    row_of: dict[str, int] = {}
    for doc in ordered:
        sig = doc.signature
        if sig is None or sig.hashvalues.size != num_perm:
            sig = signature(doc.body, num_perm)
        if sig.digest in exact:
            result[doc.doc_id] = (exact[sig.digest], "exact duplicate")
            continue
        exact[sig.digest] = doc.doc_id
        mh = _lean(sig.hashvalues)
        found = sorted(lsh.query(mh))
        if found:
            # MinHash.jaccard of every candidate at once: the share of equal hash values; the
            # first best in doc_id order wins a tie
            rows = np.fromiter((row_of[o] for o in found), np.int64, len(found))
            share = np.count_nonzero(indexed[rows] == sig.hashvalues, axis=1) / num_perm
            best = int(np.argmax(share))
            if share[best] >= threshold:
                reason = f"near duplicate (Jaccard {float(share[best]):.2f})"
                result[doc.doc_id] = (found[best], reason)
                continue
        lsh.insert(doc.doc_id, mh)
        indexed[len(row_of)] = sig.hashvalues
        row_of[doc.doc_id] = len(row_of)
    return result


def unknown_date_ord() -> int:
    """Ordinal used for articles without a date (sorts after every real date)."""
    return int(np.iinfo(np.int32).max)
