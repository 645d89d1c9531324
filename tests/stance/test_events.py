"""Event types of the development corpus coded in both directions, the context that flips a
tie's sign (failure, evaluation, criticism), negation scope and one cue per clause."""

import pytest

from pipeline.stance.lexicon import Lexicon
from pipeline.stance.relations import code_sentence, sentence_score
from tests.stance.corpus import ACTORS
from tests.stance.test_relations import mentions


def score(sentence: str, lexicon: Lexicon) -> tuple[float, list[str]]:
    """The sentence's signed score and the relations coded in it."""
    ms = mentions(sentence)
    bloc = {m.entity_id: m.bloc for m in ms}
    rels = code_sentence(sentence, ms, lexicon)
    pairs = []
    for r in rels:
        side = bloc.get(r.source) if bloc.get(r.source) in ("russia", "west") else bloc[r.target]
        pairs.append((side, r.alignment))
    return sentence_score(pairs), [r.relation for r in rels]


# (sentence, relation, sign): negative = a tie to the Russian bloc, positive = to the West.
EVENTS = [
    # arms purchases and deliveries
    ("Prancis menjual senjata kepada Armenia.", "joint_military", 1),
    ("Armenia membeli senjata dari Rusia.", "joint_military", -1),
    ("Armenia menjadi pembeli terbaru sistem buatan Prancis.", "joint_military", 1),
    ("Prancis Teken Kontrak Jual Howitzer CAESAR ke Armenia", "joint_military", 1),
    ("Armenia tidak lagi memesan radar dari Rusia.", "joint_military", 1),
    # monitoring and civilian missions
    ("Uni Eropa mengerahkan pemantau sipil ke Armenia.", "joint_military", 1),
    ("CSTO siap mengirim misi ke Armenia.", "joint_military", -1),
    # mediation and brokered deals
    ("Kesepakatan Armenia dan Azerbaijan dimediasi Amerika Serikat.", "mediation", 1),
    ("Rusia menjadi penengah utama bagi Armenia.", "mediation", -1),
    ("Armenia meneken deklarasi bersama di Washington.", "mediation", 1),
    # treaty ratification (ICC) and accession steps
    ("Armenia meratifikasi Statuta Roma, langkah yang menjauhkan Rusia.", "distancing", 1),
    ("Armenia mengambil langkah menuju keanggotaan Uni Eropa.", "rapprochement", 1),
    ("Rusia berharap Armenia kembali berpartisipasi penuh di CSTO.", "rapprochement", -1),
    # base and border-guard presence or withdrawal
    ("Pangkalan militer Rusia tetap berada di Armenia.", "joint_military", -1),
    ("Penjaga perbatasan Rusia masih bertugas di Armenia.", "joint_military", -1),
    ("Bagi Yerevan, kehadiran pasukan Moskow menjadi penyangga.", "joint_military", -1),
    ("Rusia menarik pasukan dari Armenia.", "distancing", 1),
    ("Amerika Serikat menarik pasukan dari Armenia.", "distancing", -1),
    ("Pashinyan tidak akan hadir dalam KTT CSTO.", "distancing", 1),
    # energy and trade dependence
    ("Armenia bergantung pada Rusia untuk pasokan gas.", "cooperation", -1),
    ("Kebutuhan gas Armenia dipasok oleh Rusia.", "cooperation", -1),
    ("Perdagangan Armenia dengan Uni Eropa meningkat.", "cooperation", 1),
    ("Armenia menghangatkan rumahnya dengan gas Rusia.", "cooperation", -1),
    ("Amerika Serikat memasok bahan bakar nuklir untuk Armenia.", "cooperation", 1),
    ("Armenia tidak lagi membeli gas dari Rusia.", "cooperation", 1),
    # a tie withdrawn or shrinking: guards end their service, trade falls
    ("Penjaga perbatasan Rusia mengakhiri dinas mereka di Armenia.", "withdrawal", 1),
    ("Pashinyan Usir Penjaga Perbatasan Rusia dari Armenia", "withdrawal", 1),
    ("Pasukan Prancis mengakhiri tugasnya di Armenia.", "withdrawal", -1),
    ("Perdagangan Armenia dengan Uni Eropa jauh lebih kecil dan terus menurun.", "withdrawal", -1),
    ("Perdagangan Armenia dengan Rusia terus merosot.", "withdrawal", 1),
    # security guarantees given or withheld
    ("Amerika Serikat memberikan jaminan keamanan kepada Armenia.", "cooperation", 1),
    ("Rusia gagal menjamin keamanan Armenia.", "failure", 1),
    # failure to act on an obligation: it weakens the failing actor's tie
    ("CSTO hanya mengirim pengamat ke Armenia.", "failure", 1),
    ("Rusia tidak memenuhi kewajiban kepada Armenia.", "failure", 1),
    ("Uni Eropa tidak memenuhi kewajiban kepada Armenia.", "failure", -1),
    ("Rusia tidak turun tangan membantu Armenia.", "failure", 1),
    # criticism or rejection of a tie flips it
    ("Bagi Armenia, hanya mengandalkan Rusia adalah kesalahan strategis.", "failure", 1),
    ("Armenia kehilangan perlindungan Rusia.", "failure", 1),
    ("Armenia berhenti membayar iuran CSTO.", "failure", 1),
    ("Kremlin menyebut langkah Armenia keliru dan tidak bersahabat.", "criticism", 1),
    ("Washington menyampaikan keberatan kepada Armenia.", "criticism", -1),
]


@pytest.mark.parametrize(("sentence", "relation", "sign"), EVENTS)
def test_event_types_are_coded_with_their_sign(
    lexicon: Lexicon, sentence: str, relation: str, sign: int
) -> None:
    value, relations = score(sentence, lexicon)
    assert relation in relations, relations
    assert value * sign > 0, value


def test_both_directions_of_every_event_type_are_covered() -> None:
    signs: dict[str, set[int]] = {}
    for _, relation, sign in EVENTS:
        signs.setdefault(relation, set()).add(sign)
    assert all(s == {-1, 1} for s in signs.values()), signs
    assert all(any(w in s for w in ACTORS) for s, _, _ in EVENTS)


def test_no_official_statement_negates_the_move_it_names(lexicon: Lexicon) -> None:
    # A negator phrase counts as one token of the scope: "Armenia" is the only word between.
    value, _ = score("CSTO: tak ada pernyataan resmi Armenia keluar dari CSTO.", lexicon)
    assert value < 0  # no exit: the tie to the CSTO stands
    value, _ = score("Armenia keluar dari CSTO.", lexicon)
    assert value > 0


def test_negation_scope_ends_at_a_clause_break(lexicon: Lexicon) -> None:
    negated, _ = score("Armenia tidak akan bergabung dengan NATO.", lexicon)
    assert negated < 0
    # "tetapi" ends the scope of "tidak": the second clause is a plain tie to the EU.
    value, _ = score("Armenia tidak menyerah, tetapi bekerja sama dengan Uni Eropa.", lexicon)
    assert value > 0
    not_only, _ = score("Armenia tidak hanya bekerja sama dengan Rusia.", lexicon)
    assert not_only < 0  # "tidak hanya" is no negation


def test_a_withdrawal_is_the_one_cue_of_its_clause(lexicon: Lexicon) -> None:
    # not also the presence it ends ("penjaga perbatasan")
    _, relations = score("Penjaga perbatasan Rusia mengakhiri tugas mereka di Armenia.", lexicon)
    assert relations == ["withdrawal"]


def test_gas_dependence_cancels_criticism_in_a_mixed_headline(lexicon: Lexicon) -> None:
    value, relations = score(
        "Armenia mengkritik CSTO, tetapi menghangatkan rumahnya dengan gas Rusia", lexicon
    )
    assert relations == ["criticism", "cooperation"] and value == 0, (value, relations)


def test_a_judgement_is_the_one_cue_of_its_clause(lexicon: Lexicon) -> None:
    _, relations = score("Ketergantungan Armenia pada Rusia adalah kesalahan strategis.", lexicon)
    assert relations == ["failure"]  # not also the dependence it judges
    _, relations = score("Armenia menolak menjadi tuan rumah latihan militer CSTO.", lexicon)
    assert relations == ["refusal"]
