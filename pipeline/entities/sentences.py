"""Sentence splitting for Indonesian news bodies (offsets into the body).

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets) followed by
whitespace and a capital or digit, at a period glued to a capitalised word ("kemarin.Pemerintah"),
and at a blank line. A period does not end a sentence after a title-like abbreviation ("Prof.",
"Dr.", "Jl.", "No. 5"), an initial ("J. Smith") or a dotted acronym ("A.S."); it does after a list
closer ("dll.") and after an undotted acronym: "… dengan AS. Pashinyan …" is two sentences. Decimal
numbers ("3.5", "1,5", "2.000") never split, since no whitespace follows their separator. A quote
closed by a period and followed by a lowercase speech verb ('"Kami siap." kata dia') stays one
sentence because a lowercase word follows.
"""

from __future__ import annotations

import re

# Abbreviations after which a period never ends a sentence (compared lowercased).
ABBREVIATIONS = frozenset(
    [
        "prof",
        "dr",
        "drs",
        "ir",
        "no",
        "nomor",
        "hlm",
        "tel",
        "jl",
        "jln",
        "kol",
        "letjen",
        "mayjen",
        "brigjen",
        "jend",
        "kapt",
        "sdr",
        "bpk",
        "ny",
        "nn",
        "st",
        "mr",
        "mrs",
        "ms",
        "sen",
        "gen",
        "lt",
        "col",
        "capt",
        "rev",
        "vs",
        "tsb",
        "yth",
        "a.s",
        "u.s",
        "a.n",
        "kec",
        "kab",
        "prov",
        "tn",
        "pt",
        "cv",
        "tbk",
        "hj",
        "h",
    ]
)
# Abbreviations that close a list and often end the sentence ("senjata, amunisi, dll. Pemerintah").
CLOSERS = frozenset(["dll", "dsb", "dst", "dkk", "etc"])
_BOUNDARY = re.compile(
    r"(?=[.!?…\n])"  # a cheap first-character test before the alternatives
    r"(?:[.!?…]+[\"”’»)]*(?=\s+[\"“‘«(]?[A-Z0-9])"  # "… tiba. Pemerintah", "… siap." Lalu"
    r"|(?<=[a-z])[.!?](?=[A-Z][a-z]+[\s,;:!?])"  # glued: "kemarin.Pemerintah mengatakan"
    r"|\n\s*\n)"  # blank line
)
_LAST_TOKEN = re.compile(r"[\w.]+$")


def _keeps_sentence(text: str, start: int, period: int) -> bool:
    """The period at ``period`` follows an abbreviation, an initial or a dotted acronym."""
    word = _LAST_TOKEN.search(text, max(start, period - 30), period)
    token = word.group(0).lower() if word else ""
    if token in CLOSERS:
        return False
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` character spans of the sentences of ``text``; whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if text[m.start()] == "." and _keeps_sentence(text, start, m.start()):
            continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
