from pathlib import Path

import pytest

from pipeline.errors import DataFileError
from pipeline.stance.lexicon import Lexicon, load_lexicon


def test_repository_lexicon(lexicon: Lexicon) -> None:
    assert {
        "cooperation",
        "request",
        "alliance",
        "joint_military",
        "distancing",
        "criticism",
        "refusal",
    } <= set(lexicon.relations)
    assert "tidak" in lexicon.negators and lexicon.modality["akan"] < 1
    assert lexicon.wire_bloc["TASS"] == -1 and lexicon.wire_bloc["AFP"] == 1
    for cue in (
        "membantu",
        "bantuan",
        "dibantu",
        "bekerja sama",
        "kerja sama",
        "keluar",
        "membekukan",
        "mengecam",
        "menuduh",
        "menyalahkan",
        "latihan bersama",
    ):
        assert cue in lexicon.cues, cue


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("relations: {}", "expected a mapping of relation types"),
        ("relations: {x: {polarity: 2, weight: 1, cues: [a]}}", "polarity must be 1 or -1"),
        ("relations: {x: {polarity: 1, weight: 3, cues: [a]}}", "weight must be in"),
        ("relations: {x: {polarity: 1, weight: 1, cues: [Bantu]}}", "must be lowercase"),
        (
            "relations: {x: {polarity: 1, weight: 1, cues: [a]}, "
            "y: {polarity: -1, weight: 1, cues: [a]}}",
            "also under x",
        ),
        ("relations: {x: {polarity: 1, weight: 1, cues: [a]}}\nmodality: {akan: 2}", "multiplier"),
    ],
)
def test_malformed_lexicon_is_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "stance.yaml"
    path.write_text(text)
    with pytest.raises(DataFileError, match=message) as err:
        load_lexicon(path)
    assert str(path) in str(err.value)
