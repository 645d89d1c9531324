import random
import re

import pytest

from pipeline.clean.prefilter import WordLiterals, literal, with_first_chars
from pipeline.clean.rules import RuleSet, load_rules
from tests.conftest import ROOT

PATTERNS = [
    r"(?<![\w.])(?:(?:Kompas\.com|KOMPAS)|(?:TEMPO\.CO))(?![\w])",
    r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})|(?P<y>\d{4})-\d\d",
    r"\b(?:WIB|WITA|WIT)\b",
    r"[Dd]ilansir(?: dari)?\s+(?P<w>AFP|AP)",
    r"(?:ab)+c|x{2,3}",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_same_matches_as_the_plain_pattern(pattern: str) -> None:
    fast = re.compile(with_first_chars(pattern))
    assert fast.pattern.startswith("(?=[")
    slow = re.compile(pattern)
    rng = random.Random(5)
    alphabet = list("abcxKOMPASTEWIBTdilansr ./-0123456789") + ["Kompas.com", "AFP", "WIB"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        got = [(m.span(), m.groupdict()) for m in fast.finditer(text)]
        assert got == [(m.span(), m.groupdict()) for m in slow.finditer(text)], text


@pytest.mark.parametrize(
    "pattern",
    [r"x*y", r"(?i)abc", r"(?i:k)elvin", r".bc", r"\w+", r"(?:a|.)b", r"[^a]b"],
)
def test_unknown_first_characters_leave_the_pattern_alone(pattern: str) -> None:
    # Optional first items, case folding (U+212A KELVIN SIGN matches "k") and open classes.
    assert with_first_chars(pattern) == pattern


def test_rule_patterns_are_prefixed(rules: RuleSet) -> None:
    assert rules.outlet_any.pattern.startswith("(?=[")
    assert rules.general.floating.pattern.startswith("(?=[")


def test_literal_patterns() -> None:
    assert literal(r"Kompas\.com") == "Kompas.com"
    assert literal("MI/") == "MI/"
    assert literal("IDN Times") == "IDN Times"
    for pattern in ("a.b", "(?i)abc", "a|b", "ab?", "[ab]", r"\d", "^a", "", "(a)"):
        assert literal(pattern) is None, pattern


def test_word_literals_find_what_the_pattern_finds() -> None:
    """Leftmost match, then the earliest alternative; no overlaps; not after a word character
    or ".", not before a word character."""
    rng = random.Random(9)
    names = ["VOA", "VOA Indonesia", "Kompas.com", "Kompas", "kumparan", "kumparanNEWS", "MI/"]
    names += ["a", "ab", "b.a", "Indonesia"]
    seps = [" ", " ", ".", "_", "x", "é", "-", "/", "\n", "", "1", "(", "’"]
    for k in range(400):
        alts = rng.sample(names, rng.randint(1, len(names)))
        pattern = re.compile(rf"(?<![\w.])(?:{'|'.join(map(re.escape, alts))})(?![\w])")
        finder = WordLiterals(alts)
        for _ in range(10):
            text = rng.choice(seps)
            for _ in range(rng.randint(1, 8)):
                text += rng.choice(names) + rng.choice(seps)
            assert finder.surfaces(text) == [m.group(0) for m in pattern.finditer(text)], (
                k,
                alts,
                text,
            )
    assert WordLiterals([]).surfaces("VOA") == []


def test_outlet_literals_only_when_every_detect_pattern_is_literal(tmp_path) -> None:
    real = load_rules(ROOT / "data" / "lexicons" / "boilerplate.yaml")
    assert real.outlet_literals is not None
    path = tmp_path / "rules.yaml"
    path.write_text("outlets:\n  Kompas:\n    detect: ['Kompas\\.com', 'KOMPAS\\.\\w+']\n")
    assert load_rules(path).outlet_literals is None


def test_wire_literals_find_what_the_wire_pattern_finds() -> None:
    """No lookbehind, and neither a word character nor "-" after a match."""
    rng = random.Random(4)
    names = ["AFP", "AP", "Reuters", "REUTERS", "RIA Novosti", "RIA", "dpa", "Xinhua", "a", "ab"]
    seps = [" ", ".", "_", "x", "é", "-", "/", "\n", "", "1", "(", "’", "—"]
    for k in range(400):
        alts = sorted(set(rng.sample(names, rng.randint(1, len(names)))), key=len, reverse=True)
        pattern = re.compile(rf"(?:{'|'.join(map(re.escape, alts))})(?![\w-])")
        finder = WordLiterals(alts, word_before=False, not_after="-")
        for _ in range(10):
            text = rng.choice(seps)
            for _ in range(rng.randint(1, 8)):
                text += rng.choice(names) + rng.choice(seps)
            want = [(m.start(), m.group(0)) for m in pattern.finditer(text)]
            assert finder.spans(text) == want, (k, alts, text)
    real = load_rules(ROOT / "data" / "lexicons" / "boilerplate.yaml")
    text = "kata AFP-nya, dilansir Reuters. Sumber: RIA Novosti/AP; APBN"
    want = [(m.start(), m.group(0)) for m in real.wire_name.finditer(text)]
    assert real.wire_literals is not None and real.wire_literals.spans(text) == want
