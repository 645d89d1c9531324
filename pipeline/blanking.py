"""Blanked copies of a text for whole-word Aho–Corasick matching.

The dictionary tagger (:mod:`pipeline.entities.tagger`) and the stance lexicon
(:mod:`pipeline.stance.terms`) search a copy of the text in which every character that is not
part of a word is a space, with keys that carry a space on each side: every match is then a whole
word by construction. The copy has the same length as the text, so offsets carry over.
"""

from __future__ import annotations

import functools
import re

_ASCII = bytes(range(0x80))
_MAX_ODD = 64  # distinct non-ASCII non-alphanumeric characters replaced byte-wise


@functools.cache
def _ascii_table(keep: str) -> bytes:
    """On UTF-8 bytes: every ASCII character but letters, digits and ``keep`` becomes a space.
    The bytes of a multi-byte character are all ≥ 0x80, so they pass unchanged."""
    return bytes(b if b >= 0x80 or chr(b).isalnum() or chr(b) in keep else 0x20 for b in range(256))


@functools.lru_cache(maxsize=256)
def _odd_bytes(chars: frozenset[str]) -> re.Pattern[bytes]:
    """A pattern over the UTF-8 bytes of ``chars`` (longest first)."""
    encoded = sorted((ch.encode("utf-8", "surrogatepass") for ch in chars), key=len, reverse=True)
    return re.compile(b"|".join(re.escape(e) for e in encoded))


def blank(text: str, keep: str) -> str:
    """``text`` with every character that is neither alphanumeric nor in ``keep`` (ASCII
    characters, such as "-") replaced by a space."""
    data = text.encode("utf-8", "surrogatepass")
    out = data.translate(_ascii_table(keep))
    if not text.isascii():
        # The non-ASCII characters, from the bytes without the ASCII ones (no multi-byte
        # character contains an ASCII byte). Each one that is not a letter or digit becomes one
        # space byte: UTF-8 is self-synchronising, so its bytes match nowhere else.
        others = set(data.translate(None, _ASCII).decode("utf-8", "surrogatepass"))
        odd = frozenset(ch for ch in others if not ch.isalnum())
        if len(odd) > _MAX_ODD:  # a pattern that large costs more than one pass over the text
            return _non_word(keep).sub(" ", out.decode("utf-8", "surrogatepass"))
        if odd:
            out = _odd_bytes(odd).sub(b" ", out)
    return out.decode("utf-8", "surrogatepass")


@functools.cache
def _non_word(keep: str) -> re.Pattern[str]:
    """A character that is not alphanumeric, "_" or in ``keep`` (for text whose ASCII
    characters are already blanked)."""
    return re.compile(rf"[^\w{re.escape(keep)}]")
