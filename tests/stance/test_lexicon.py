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


def test_stem_cues_match_affixed_forms_as_active_or_passive(tmp_path: Path) -> None:
    path = tmp_path / "stance.yaml"
    path.write_text(
        "stem_cues: true\nstem_exceptions: [mengecam]\nnegators: [tidak, menolak]\n"
        "relations:\n  refusal: {polarity: -1, weight: 1, cues: [menolak]}\n"
        "  criticism: {polarity: -1, weight: 1, cues: [mengecam]}\n"
    )
    lex = load_lexicon(path)
    text = "menolak; ditolak; penolakannya; dikecam; mengecam; tolak"
    got = [(v.text, v.cue.passive, v.negator) for v in lex.scan.scan(text).values]
    # "dikecam": mengecam is an exception; "tolak": a bare stem is a word of its own.
    assert got == [
        ("menolak", False, True),
        ("ditolak", True, False),
        ("penolakannya", False, False),
        ("mengecam", False, False),
    ]
    roles = lex.roles
    codes = [v.code for v in lex.scan.scan(text).values]
    assert roles.passive[codes].tolist() == [False, True, False, False]
    assert roles.is_cue[codes].all() and roles.negator_or_exception[codes].tolist()[1:] == [
        False,
        False,
        False,
    ]
    # Off by default: the same lexicon without the switch matches only what it lists.
    path.write_text(path.read_text().replace("stem_cues: true\nstem_exceptions: [mengecam]\n", ""))
    assert [v.text for v in load_lexicon(path).scan.scan(text).values] == ["menolak", "mengecam"]


def test_stem_switches_are_validated(tmp_path: Path) -> None:
    path = tmp_path / "stance.yaml"
    base = "relations: {x: {polarity: 1, weight: 1, cues: [a]}}\n"
    path.write_text(base + "stem_cues: yes please\n")
    with pytest.raises(DataFileError, match="stem_cues"):
        load_lexicon(path)
    path.write_text(base + "stem_exceptions: [b]\n")
    with pytest.raises(DataFileError, match="not cues"):
        load_lexicon(path)
