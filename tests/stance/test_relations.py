import pytest

from pipeline.entities.dictionary import Dictionary
from pipeline.entities.tagger import bloc_of, build_automaton, tag_text
from pipeline.stance.lexicon import Lexicon
from pipeline.stance.relations import SentMention, code_sentence

RUSSIA = frozenset({"RUS", "CSTO", "EAEU", "BLR"})
WEST = frozenset({"USA", "EU", "NATO", "FRA", "GBR", "DEU"})


@pytest.fixture(scope="module")
def code(dictionary: Dictionary, lexicon: Lexicon):
    auto = build_automaton(dictionary)

    def run(sentence: str) -> list[tuple[str, str, str, bool, float]]:
        ments = [
            SentMention(
                m.start,
                m.end,
                m.entity_id,
                bloc_of(m.entity_id, m.entity_type, dictionary, "ARM", RUSSIA, WEST),
            )
            for m in tag_text(sentence, None, dictionary, auto)
        ]
        return [
            (r.source, r.target, r.relation, r.negated, r.alignment)
            for r in code_sentence(sentence, ments, lexicon)
        ]

    return run


def test_both_directions_code_a_tie_to_russia(code) -> None:
    ((src, tgt, rel, neg, a),) = code("Rusia berjanji bantu Armenia.")
    assert (src, tgt, rel, neg) == ("RUS", "ARM", "cooperation", False) and -1 <= a < 0
    ((src, tgt, rel, _, a2),) = code("Armenia meminta bantuan Rusia.")
    assert (src, tgt, rel) == ("ARM", "RUS", "request") and a2 == -1.0


def test_exit_and_freeze_move_west(code) -> None:
    ((_, tgt, rel, _, a),) = code("Pashinyan membekukan keanggotaan CSTO.")
    assert (tgt, rel) == ("CSTO", "distancing") and a == 1.0
    ((_, _, rel, _, a),) = code("Armenia akan keluar dari CSTO.")
    assert rel == "distancing" and 0 < a < 1  # modality "akan" weighs it down, not away


def test_west_ties_and_refusal(code) -> None:
    ((_, _, rel, _, a),) = code("Armenia bekerja sama dengan Amerika Serikat.")
    assert rel == "cooperation" and a == 1.0
    ((_, _, rel, _, a),) = code("Permintaan Armenia ditolak NATO.")
    assert rel == "refusal" and -1 < a < 0  # weakens the Western tie, weakly


def test_criticism_of_russia_is_western(code) -> None:
    ((_, _, rel, _, a),) = code("Armenia menyalahkan Rusia atas kegagalan itu.")
    assert rel == "criticism" and a > 0


def test_negation_flips_and_not_only_does_not(code) -> None:
    ((_, _, rel, neg, a),) = code("Armenia bukan anggota NATO.")
    assert rel == "alliance" and neg and a < 0
    ((_, _, _, neg, a),) = code("Armenia tidak hanya bekerja sama dengan Rusia.")
    assert not neg and a < 0


def test_no_relation_without_focal_state_bloc_actor_or_cue(code) -> None:
    assert code("Rusia membantu Azerbaijan.") == []
    assert code("Armenia membantu Georgia.") == []
    assert code("Armenia dan Rusia bertemu.") == []


def test_actor_inside_a_relative_clause_is_not_a_party(code) -> None:
    got = code("Armenia bersiap menarik diri dari CSTO, aliansi militer yang dipimpin Rusia.")
    assert [(t, r) for _, t, r, _, _ in got] == [("CSTO", "distancing")]
