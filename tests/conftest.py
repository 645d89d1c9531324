"""Shared fixtures: the repository's own lexicons and dictionaries, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.clean.rules import RuleSet, load_rules
from pipeline.entities.dictionary import Dictionary, load_dictionary
from pipeline.stance.lexicon import Lexicon, load_lexicon

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
SEEDS = sorted(RAW.glob("*.txt"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return load_rules(ROOT / "data/lexicons/boilerplate.yaml")


@pytest.fixture(scope="session")
def dictionary() -> Dictionary:
    return load_dictionary(ROOT / "data/lexicons/actors.yaml")


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon(ROOT / "data/lexicons/stance.yaml")


def seed_text(prefix: str) -> str:
    """Raw text of the seed whose file name starts with ``prefix`` ("000" … "004")."""
    (path,) = [p for p in SEEDS if p.name.startswith(prefix)]
    return path.read_text(encoding="utf-8")
