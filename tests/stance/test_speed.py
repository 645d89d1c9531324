"""Shortcuts taken for speed decide exactly as the slow path they stand in front of."""

from pathlib import Path

from pipeline.stance.lexicon import load_lexicon
from pipeline.stance.relations import first_words
from pipeline.stance.stage import _may_hold

LEXICON = load_lexicon(Path(__file__).parents[2] / "data" / "lexicons" / "stance.yaml")
TEXTS = [
    "Negara itu menolak.",
    "NEGARA TERSEBUT bergabung dengan NATO",
    "pemerintah\t  tersebut",
    "Republık itu (dotless i, matched case-insensitively)",
    "negeri\u00a0itu",
    "negaraitu dan republikan",
    "Armenia bergabung dengan NATO",
    "",
]


def test_an_anaphor_is_never_ruled_out_by_the_substring_test() -> None:
    heads = first_words(LEXICON.anaphors)
    assert heads is not None and "negara" in heads
    found = [LEXICON.anaphor_re.search(t) is not None for t in TEXTS]
    assert found[:5] == [True] * 5 and not any(found[5:])
    assert all(_may_hold(t, heads) for t, f in zip(TEXTS, found, strict=True) if f)
    assert not _may_hold("Armenia bergabung dengan NATO", heads)  # the test does rule out


def test_non_ascii_heads_are_never_used() -> None:
    assert first_words(frozenset({"negara itu", "ülke o"})) is None
    assert _may_hold("anything", None)
