from pathlib import Path

import pytest

from pipeline.errors import DataFileError
from pipeline.stance.lexicon import Lexicon, load_lexicon


def test_repository_lexicon(lexicon: Lexicon) -> None:
    assert {
        "cooperation",
        "request",
        "alliance",
        "rapprochement",
        "joint_military",
        "distancing",
        "criticism",
        "refusal",
    } <= set(lexicon.relations)
    assert {"tidak", "tak", "bukan", "belum", "enggan", "menolak untuk"} <= lexicon.negators
    assert "tidak hanya" in lexicon.negation_exceptions and 0 < lexicon.negation_factor < 1
    assert lexicon.modality["akan"] < 1 and lexicon.modality["mengancam"] < lexicon.modality["akan"]
    assert lexicon.wire_bloc["TASS"] == -1 and lexicon.wire_bloc["AFP"] == 1
    assert {"kami", "saya"} <= lexicon.pronouns and "menuduh" in lexicon.attribution


def test_cue_roles(lexicon: Lexicon) -> None:
    assert lexicon.cues.get("dibantu").passive and not lexicon.cues.get("membantu").passive
    assert lexicon.cues.get("meminta bantuan").focal_source
    assert lexicon.cues.get("menolak").negator and not lexicon.cues.get("mengecam").negator
    entry = lexicon.scan.get("tidak bersedia")
    assert entry.cue.relation == "refusal" and entry.negator
    assert lexicon.scan.get("akan").modality == lexicon.modality["akan"]
    assert lexicon.scan.get("tidak hanya").exception


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("relations: {}", "expected a mapping of relation types"),
        ("relations: {x: {polarity: 2, weight: 1, cues: [a]}}", "polarity must be 1 or -1"),
        ("relations: {x: {polarity: 1, weight: 3, cues: [a]}}", "weight must be in"),
        ("relations: {x: {polarity: 1, weight: 1, cues: [Bantu]}}", "must be lowercase"),
        ("relations: {x: {polarity: 1, weight: 1, cues: [a], focal_source: 2}}", "focal_source"),
        ("relations: {x: {polarity: 1, weight: 1, cues: [a], colour: red}}", "expected {polarity"),
        (
            "relations: {x: {polarity: 1, weight: 1, cues: [a]}, "
            "y: {polarity: -1, weight: 1, cues: [a]}}",
            "also under x",
        ),
        ("relations: {x: {polarity: 1, weight: 1, cues: [a]}}\nmodality: {akan: 2}", "multiplier"),
        (
            "relations: {x: {polarity: 1, weight: 1, cues: [a]}}\nnegation_factor: 0",
            "negation_factor",
        ),
        ("relations: {x: {polarity: 1, weight: 1, cues: [a]}}\npronouns: [Kami]", "lowercase"),
        ("relations: {x: {polarity: 1, weight: 1, cues: [a]}}\nextra: 1", "top level"),
    ],
)
def test_malformed_lexicon_is_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "stance.yaml"
    path.write_text(text)
    with pytest.raises(DataFileError, match=message) as err:
        load_lexicon(path)
    assert str(path) in str(err.value)
