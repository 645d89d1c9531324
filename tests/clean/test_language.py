"""The vectorised language id gives py3langid's scores and ranking exactly."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import pytest
from py3langid.langid import LanguageIdentifier, _get_identifier

from pipeline.clean.ingest import read_file
from pipeline.clean.language import FastIdentifier, identifier
from pipeline.devcorpus import load as load_dev
from tests.clean.conftest import ENGLISH

ROOT = Path(__file__).resolve().parents[2]


def _texts() -> list[str]:
    dev = load_dev(ROOT / "data/annotations/dev")
    out = []
    for i in dev.split("tune"):
        path = dev.page(i)
        out += [r.text or "" for r in read_file(path, path.name, 10**8)]
    out += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data/raw").glob("*.txt"))]
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    out += [t for _, t in generate(120, 13)]
    rng = random.Random(5)
    out += [bytes(rng.randrange(256) for _ in range(rng.randrange(300))).decode("latin-1")]
    out += ["".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(200)) for _ in range(40)]
    return [*out, "", "a", "ABC DEF", ENGLISH, "Saya suka makan nasi lemak, ia sangat sedap."]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [t[:k] for t in _texts() for k in (2000, 600, 40, 5)]


def _walk(lib: LanguageIdentifier, data: bytes) -> list[int]:
    state, out = 0, []
    for byte in data:
        state = lib.tk_nextmove[(lib.tk_row[state] << 8) + byte]
        out.append(state)
    return out


def test_scores_and_ranking_are_py3langids(texts: list[str]) -> None:
    lib, fast = _get_identifier(), identifier()
    for text in texts:
        assert np.array_equal(fast._decide(text), lib._decide(text)), text[:60]
        ranked = lib.rank(text)
        assert fast.top_two(text) == (ranked[0][0], ranked[1][0]), text[:60]


def test_states_are_the_byte_by_byte_walk(texts: list[str]) -> None:
    lib, fast = _get_identifier(), identifier()
    for text in texts[::7]:
        data = lib._encode(text)
        states = fast.states(data)
        assert states is not None or not data
        if data:
            assert states.tolist() == _walk(lib, data)


def test_a_window_too_short_is_caught_and_walked_byte_by_byte(texts: list[str]) -> None:
    lib, fast = _get_identifier(), FastIdentifier.from_model_file("data/model.npz.xz")
    fast.depth = 1  # too short: the proof fails on real text and the byte walk takes over
    caught = 0
    for text in texts[::5]:
        data = lib._encode(text)
        caught += fast.states(data) is None
        assert np.array_equal(fast._decide(text), lib._decide(text))
    assert caught > len(texts[::5]) // 2
