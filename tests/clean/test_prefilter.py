import random
import re

import pytest

from pipeline.clean.prefilter import with_first_chars
from pipeline.clean.rules import RuleSet

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
