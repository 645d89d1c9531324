import random

import pytest

from pipeline.matching import Matcher, blank, find_spans, scan, stem, words
from pipeline.stance.lexicon import Lexicon


def _word(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"


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


def _hits(lower: str, index: Matcher[str]) -> list[tuple[int, int, str]]:
    h = scan(lower, index)
    return list(zip(h.start.tolist(), h.end.tolist(), h.values, strict=True))


def test_blank_keeps_length_letters_digits_underscores_and_hyphens() -> None:
    text = "Rusia-nya, “AS” (2024)… é_ü\u00a0x\nß’"
    out = blank(text)
    assert len(out) == len(text)
    assert out == "Rusia-nya   AS   2024   é_ü x ß "
    assert words(text) == ["Rusia-nya", "AS", "2024", "é_ü", "x", "ß"]
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
    assert [h[2] for h in _hits(text, Matcher(terms))] == expected


def test_terms_that_blanking_changes_and_shared_keys() -> None:
    index = Matcher({"a.s.": "dot", "a s": "space", "o’brien": "name"})
    assert _hits("kata a.s. itu", index) == [(5, 9, "dot")]
    assert _hits("kata a s itu", index) == [(5, 8, "space")]
    assert _hits("kata a,s itu", index) == []
    assert _hits("oleh o’brien.", index) == [(5, 12, "name")]
    assert _hits("oleh o brien", index) == []


def test_a_match_across_a_kept_one_keeps_what_it_contains() -> None:
    # "b c d" contains "c" but crosses "a b", which starts first: "c" stays.
    index = Matcher({t: t for t in ("a b", "c", "b c d")})
    assert [h[2] for h in _hits("a b c d", index)] == ["a b", "c"]
    assert [h[2] for h in _hits("x b c d", index)] == ["b c d"]


def test_reads_like_a_mapping(lexicon: Lexicon) -> None:
    index = Matcher({"b": 2, "a": 1})
    assert len(index) == 2 and "a" in index and "c" not in index
    assert list(index) == ["b", "a"] and list(index.values()) == [2, 1]
    assert index.get("a") == 1 and index.get("c") is None
    assert scan("apa saja", Matcher({})).values == []
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
        index = Matcher(terms)
        for _ in range(10):
            parts = [rng.choice(seps)]
            for _ in range(rng.randint(1, 12)):
                parts += [rng.choice(words), rng.choice(seps)]
            text = "".join(parts)
            assert _hits(text, index) == _reference(text, terms), (k, text, sorted(terms))


def test_unicode_punctuation_bounds_words_and_case_is_the_callers() -> None:
    index = Matcher({"rusia": "r", "Rusia": "R", "as": "a"})
    for text in ("“rusia”", "«rusia»", "rusia…", "rusia’s", "\u00a0rusia\u00a0", "rusia—as"):
        assert _hits(text, index)[0][2] == "r", text
    for text in ("érusia", "rusia_", "rusia2", "rusia-nya", "Иrusia"):
        assert _hits(text, index) == [], text
    assert [h[2] for h in _hits("Rusia rusia RUSIA", index)] == ["R", "r"]


def test_hyphen_rule_admits_matches_inside_a_word() -> None:
    def rule(text: str, start: int, end: int, left: bool, right: bool) -> bool:
        return not left and text[end + 1 : end + 4] == "nya"

    index = Matcher({"Rusia": 1}, hyphens=rule)
    assert _hits("Rusia-nya", index) == [(0, 5, 1)]
    assert _hits("Rusia-an pro-Rusia", index) == []
    assert _hits("Rusia", Matcher({"Rusia": 1})) == [(0, 5, 1)]
    assert _hits("Rusia-nya", Matcher({"Rusia": 1})) == []


def test_find_spans_is_the_same_matcher() -> None:
    lower = "meminta bantuan militer; bantuannya; x-bantu membantu"
    assert find_spans(lower, ["bantuan", "meminta bantuan", "bantu", ""]) == [
        (0, 15, "meminta bantuan")
    ]


def test_a_cue_written_once_matches_its_affixed_forms() -> None:
    index = Matcher(
        {"menolak": "tolak", "bantuan": "bantu", "menjalin": "jalin"},
        stems=["menolak", "bantuan", "menjalin"],
    )
    text = "ditolak, penolakan dan menolaknya; membantu, dibantu, bantuannya, bantukan; jalinan"
    got = [(text[s:e], v) for s, e, v in _hits(text, index)]
    assert got == [
        ("ditolak", "tolak"),
        ("penolakan", "tolak"),
        ("menolaknya", "tolak"),
        ("membantu", "bantu"),
        ("dibantu", "bantu"),
        ("bantuannya", "bantu"),
        ("bantukan", "bantu"),
        ("jalinan", "jalin"),
    ]
    # The same text again: the forms are learnt once; a fresh text still matches the keys.
    assert [(text[s:e], v) for s, e, v in _hits(text, index)] == got
    assert _hits("menolak", index) == [(0, 7, "tolak")]


def test_stems_derive_values_and_leave_other_keys_alone() -> None:
    index = Matcher(
        {"memberi": "beri", "membantu": "bantu", "tidak": "neg"},
        stems=["memberi", "membantu"],
        derive=lambda value, surface: f"{value}:{surface}",
    )
    # Words that must not collide: "berita" (news) is no form of "beri", "pembantaian"
    # (massacre) none of "bantu"; "tidak" is not matched by stem ("tidaknya").
    text = "berita pembantaian tidaknya diberikan dibantu tidak"
    assert [v for _, _, v in _hits(text, index)] == ["beri:diberikan", "bantu:dibantu", "neg"]
    assert stem("berita") != stem("memberi") and stem("pembantaian") != stem("membantu")


def test_a_phrase_matched_by_stem_matches_each_word_by_stem() -> None:
    index = Matcher({"menjalin kerja sama": 1}, stems=["menjalin kerja sama"])
    assert _hits("dijalin kerja sama", index) == [(0, 18, 1)]
    assert _hits("menjalin bekerja sama", index) == [(0, 21, 1)]
    assert _hits("dijalin sama", index) == []
