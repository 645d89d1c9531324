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


def _masked_by_dicts(sentences, mentions, extra):  # type: ignore[no-untyped-def]
    """The per-mention dictionary lookups that :func:`masked_sentences` replaced."""
    from pipeline.stance.model import mask

    keys = list(zip(sentences["doc_id"], sentences["sent_id"], strict=True))
    offsets = dict(zip(keys, sentences["start"], strict=True))
    by: dict = {}
    for doc, sid, s, e, ent, bloc in zip(
        *(mentions[c] for c in ("doc_id", "sent_id", "start", "end", "entity_id", "bloc")),
        strict=True,
    ):
        off = offsets.get((doc, sid))
        if off is not None:
            by.setdefault((doc, sid), []).append((s - off, e - off, ent, bloc))
    return [
        mask(t, by.get((d, i), []) + extra.get((d, i), []))
        for (d, i), t in zip(keys, sentences["text"], strict=True)
    ]


def test_masked_sentences_find_each_sentences_mentions() -> None:
    """Mentions of other sentences and documents, a sentence without any, a repeated key (its
    last row's offset counts for both), extra spans, and no mentions at all."""
    import pandas as pd

    from pipeline.stance.model import masked_sentences

    sentences = pd.DataFrame(
        {
            "doc_id": ["b", "a", "a", "b", "c"],
            "sent_id": [0, 1, 0, 0, 3],
            "start": [0, 20, 0, 2, 5],
            "text": ["Rusia dan Armenia", "NATO menolak", "Armenia bertemu", "Rusia lagi", "Iran"],
        }
    )
    mentions = pd.DataFrame(
        {
            "doc_id": ["a", "b", "a", "z", "b", "c"],
            "sent_id": [0, 0, 1, 0, 0, 4],
            "start": [0, 10, 20, 0, 0, 5],
            "end": [7, 17, 24, 3, 5, 9],
            "entity_id": ["ARM", "ARM", "NATO", "X", "RUS", "IRN"],
            "bloc": ["focal", "focal", "west", "none", "russia", "none"],
        }
    )
    extra = {("a", 1): [(5, 12, "ARM", "focal")]}
    got = masked_sentences(sentences, mentions, extra)
    assert got == _masked_by_dicts(sentences, mentions, extra)
    assert got[1] == "blokbarat aktorfokal" and got[4] == "iran"
    empty = mentions.iloc[:0]
    assert masked_sentences(sentences, empty, None) == _masked_by_dicts(sentences, empty, {})
    assert masked_sentences(sentences.iloc[:0], mentions, None) == []
