"""Sentence splitting for Indonesian news bodies (offsets into the body)."""

from __future__ import annotations

import re

# Abbreviations after which a period does not end a sentence.
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
        "dll",
        "dsb",
        "dst",
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
_BOUNDARY = re.compile(r"[.!?…]+[\"”’»)]*(?=\s+[\"“‘«(]?[A-Z0-9])|\n\s*\n")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` character spans of the sentences of ``text``; whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.group(0).startswith("."):
            word = re.search(r"([\w.]+)$", text[start : m.start()])
            token = word.group(1).lower() if word else ""
            # "Prof.", "Dr.", initials ("J."), and numbers like "No. 5" stay in the sentence.
            if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
        spans.append((start, end))
        start = end
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
