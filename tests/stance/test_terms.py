import random

import pytest

from pipeline.stance.lexicon import Lexicon
from pipeline.stance.terms import TermIndex, blank, scan


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "-"


def _reference(lower: str, terms: dict[str, str]) -> list[tuple[int, int, str]]:
    """The definition: every whole-word occurrence, then leftmost first, longest first,
    non-overlapping."""
    found = []
    for term in terms:
        i = lower.find(term)
        while i >= 0:
            e = i + len(term)
            if (i == 0 or not _word(lower[i - 1])) and (e == len(lower) or not _word(lower[e])):
                found.append((i, e, terms[term]))
            i = lower.find(term, i + 1)
    found.sort(key=lambda m: (m[0], -m[1]))
    out, end = [], 0
    for m in found:
        if m[0] >= end:
            out.append(m)
            end = m[1]
    return out


def _hits(lower: str, index: TermIndex[str]) -> list[tuple[int, int, str]]:
    h = scan(lower, index)
    return list(zip(h.start.tolist(), h.end.tolist(), h.values, strict=True))


def test_blank_keeps_length_letters_digits_and_hyphens() -> None:
    text = "Rusia-nya, “AS” (2024)… é_ü\u00a0x\nß’"
    out = blank(text)
    assert len(out) == len(text)
    assert out == "Rusia-nya   AS   2024   é ü x ß "
    # More than eight distinct non-ASCII punctuation characters take the regex path.
    odd = "«»‹›“”‘’„…—–"
    assert blank(f"a{odd}b") == "a" + " " * len(odd) + "b"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("keluar dari csto", ["keluar dari", "csto"]),
        ("keluar darinya", ["keluar"]),  # the longer match is no whole word
        ("keluar, dari csto", ["keluar", "csto"]),  # blanked it looks like "keluar dari"
        ("rusia-nya keluar", ["keluar"]),  # a hyphen joins words
        ("“keluar” dari", ["keluar"]),
        ("tidak hanya", ["tidak hanya"]),
        ("ketidak hanya", ["hanya"]),
        ("dikeluarkan", []),
    ],
)
def test_whole_words_leftmost_longest(text: str, expected: list[str]) -> None:
    terms = {t: t for t in ("keluar", "keluar dari", "csto", "tidak", "tidak hanya", "hanya")}
    assert [h[2] for h in _hits(text, TermIndex(terms))] == expected


def test_terms_that_blanking_changes_and_shared_keys() -> None:
    index = TermIndex({"a.s.": "dot", "a s": "space", "o’brien": "name"})
    assert _hits("kata a.s. itu", index) == [(5, 9, "dot")]
    assert _hits("kata a s itu", index) == [(5, 8, "space")]
    assert _hits("kata a,s itu", index) == []
    assert _hits("oleh o’brien.", index) == [(5, 12, "name")]
    assert _hits("oleh o brien", index) == []


def test_a_match_across_a_kept_one_keeps_what_it_contains() -> None:
    # "b c d" contains "c" but crosses "a b", which starts first: "c" stays.
    index = TermIndex({t: t for t in ("a b", "c", "b c d")})
    assert [h[2] for h in _hits("a b c d", index)] == ["a b", "c"]
    assert [h[2] for h in _hits("x b c d", index)] == ["b c d"]


def test_reads_like_a_mapping(lexicon: Lexicon) -> None:
    index = TermIndex({"b": 2, "a": 1})
    assert len(index) == 2 and "a" in index and "c" not in index
    assert list(index) == ["b", "a"] and list(index.values()) == [2, 1]
    assert index.get("a") == 1 and index.get("c") is None
    assert scan("apa saja", TermIndex({})).values == []
    assert lexicon.cues.get("membantu") is not None


def test_matches_the_definition_on_random_texts() -> None:
    rng = random.Random(11)
    many = ["a", "ab", "b", "ba", "abc", "c", "é", "x-a", "a’b"]
    odd = [" ", " ", " ", ", ", "-", "’", "“", "”", "\n", ".", "", "é", "  ", "_", "\u00a0"]
    for k in range(400):
        # Odd k: many separators; even k: four words and spaces, so many matches cross.
        words, seps, joins = (
            (many, odd, [" ", " ", ", ", "-", "."]) if k % 2 else ("abcd", " ", " ")
        )
        terms = {}
        for _ in range(rng.randint(1, 8)):
            parts = [rng.choice(words) for _ in range(rng.randint(1, 3))]
            term = rng.choice(joins).join(parts)
            terms[term] = term
        index = TermIndex(terms)
        for _ in range(10):
            parts = [rng.choice(seps)]
            for _ in range(rng.randint(1, 12)):
                parts += [rng.choice(words), rng.choice(seps)]
            text = "".join(parts)
            assert _hits(text, index) == _reference(text, terms), (k, text, sorted(terms))
