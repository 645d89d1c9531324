"""Relation coding: direction, every relation type, affixes, negation scope, modality, quotes,
the focal state's own parties."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from pipeline.config import load_params
from pipeline.entities.dictionary import Dictionary
from pipeline.entities.stage import tag_articles
from pipeline.stance.lexicon import Lexicon
from pipeline.stance.relations import (
    SentMention,
    code_batch,
    code_sentence,
    find_terms,
    make_batch,
    resolve_pronouns,
    sentence_score,
)
from tests.stance.corpus import _SURFACES, ACTORS  # the fixed actor table of the stance tests


def mentions(text: str) -> list[SentMention]:
    return [SentMention(m.start(), m.end(), *ACTORS[m.group()]) for m in _SURFACES.finditer(text)]


@pytest.fixture(scope="module")
def code(lexicon: Lexicon):
    def run(sentence: str) -> list[tuple[str, str, str, bool, float]]:
        return [
            (r.source, r.target, r.relation, r.negated, r.alignment)
            for r in code_sentence(sentence, mentions(sentence), lexicon)
        ]

    return run


def one(rels: list[tuple[str, str, str, bool, float]]) -> tuple[str, str, str, bool, float]:
    assert len(rels) == 1, rels
    return rels[0]


# --- direction --------------------------------------------------------------------------------


def test_both_directions_code_a_tie_to_russia(code) -> None:
    src, tgt, rel, neg, a = one(code("Rusia berjanji bantu Armenia."))
    assert (src, tgt, rel, neg) == ("RUS", "ARM", "cooperation", False) and -1 < a < 0
    src, tgt, rel, _, a = one(code("Armenia meminta bantuan Rusia."))
    assert (src, tgt, rel, a) == ("ARM", "RUS", "request", -1.0)


def test_passive_cue_makes_the_agent_the_source(code) -> None:
    src, tgt, rel, _, a = one(code("Armenia dibantu Rusia."))
    assert (src, tgt, rel, a) == ("RUS", "ARM", "cooperation", -1.0)
    src, tgt, rel, _, a = one(code("Permintaan Armenia ditolak NATO."))
    assert (src, tgt, rel) == ("NATO", "ARM", "refusal") and -1 < a < 0


def test_a_request_counts_only_when_the_focal_state_asks(code) -> None:
    assert code("Stoltenberg meminta kepada Sarkissian untuk menahan diri.") == []
    src, _, rel, _, a = one(code("Pashinyan meminta kepada Putin agar bertemu."))
    assert (src, rel, a) == ("person:nikol-pashinyan", "request", -1.0)


# --- every relation type, both blocs, affixed forms --------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "relation", "sign"),
    [
        ("Rusia membantu Armenia.", "cooperation", -1),
        ("Armenia menerima bantuan dari Rusia.", "cooperation", -1),
        ("Armenia bekerja sama dengan Amerika Serikat.", "cooperation", 1),
        ("Kerja sama Armenia dan Prancis meningkat.", "cooperation", 1),
        ("Washington mendukung Yerevan.", "cooperation", 1),
        ("Armenia meminta dukungan NATO.", "request", 1),
        ("Armenia memohon bantuan militer Rusia.", "request", -1),
        ("Rusia adalah sekutu Armenia.", "alliance", -1),
        ("Armenia merupakan anggota CSTO.", "alliance", -1),
        ("Armenia bergabung dengan Uni Eropa.", "rapprochement", 1),
        ("Armenia merapat ke Amerika Serikat.", "rapprochement", 1),
        ("Armenia dan Amerika Serikat menjalin kemitraan strategis.", "rapprochement", 1),
        ("Armenia menggelar latihan bersama dengan Amerika Serikat.", "joint_military", 1),
        ("Rusia memiliki pangkalan militer di Armenia.", "joint_military", -1),
        ("Armenia membeli senjata dari Prancis.", "joint_military", 1),
        ("Armenia keluar dari CSTO.", "distancing", 1),
        ("Pashinyan membekukan keanggotaan CSTO.", "distancing", 1),
        ("Armenia menangguhkan partisipasi di CSTO.", "distancing", 1),
        ("Armenia hengkang dari CSTO.", "distancing", 1),
        ("Armenia menarik diri dari CSTO.", "distancing", 1),
        ("Armenia mengecam Rusia.", "criticism", 1),
        ("Pashinyan menuduh Kremlin.", "criticism", 1),
        ("Armenia menyalahkan Rusia.", "criticism", 1),
        ("Armenia dikecam NATO.", "criticism", -1),
        ("NATO menolak permintaan Armenia.", "refusal", -1),
        ("Armenia menolak tawaran Rusia.", "refusal", 1),
    ],
)
def test_each_relation_type_is_coded_with_its_sign(
    code, sentence: str, relation: str, sign: int
) -> None:
    _, _, rel, neg, a = one(code(sentence))
    assert rel == relation and not neg and a * sign > 0


def test_affixed_forms_are_cues(lexicon: Lexicon) -> None:
    for cue in (
        "bantu",
        "membantu",
        "bantuan",
        "dibantu",
        "kerja sama",
        "bekerja sama",
        "merapat",
        "kemitraan strategis",
        "sekutu",
        "latihan bersama",
        "keluar",
        "meninggalkan",
        "menarik diri",
        "hengkang",
        "membekukan",
        "menangguhkan",
        "mengecam",
        "menuduh",
        "menyalahkan",
    ):
        assert cue in lexicon.cues, cue


def test_whole_words_only_and_longest_match(lexicon: Lexicon) -> None:
    found = [t.text for _, _, t in find_terms("mengeluarkan bantuan", lexicon.cues)]
    assert found == ["bantuan"]  # "keluar" inside "mengeluarkan" is no cue
    found = [t.text for _, _, t in find_terms("membekukan keanggotaan", lexicon.cues)]
    assert found == ["membekukan keanggotaan"]
    # a long match that is not a whole word still leaves the whole words inside it
    found = [t.text for _, _, t in find_terms("keluar darinya", lexicon.cues)]
    assert found == ["keluar"]


# --- negation and its scope ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Rusia tidak membantu Armenia.",
        "Rusia tak membantu Armenia.",
        "Rusia belum membantu Armenia.",
        "Rusia enggan membantu Armenia.",
        "Rusia menolak untuk membantu Armenia.",
        "Rusia tidak mau membantu Armenia.",
        "Keengganan Rusia membantu Armenia.",
    ],
)
def test_negators_flip_and_weaken_a_tie(code, sentence: str) -> None:
    _, _, rel, neg, a = one(code(sentence))
    assert rel == "cooperation" and neg and a == pytest.approx(0.5)  # away from Russia, halved


def test_bukan_negates_membership(code) -> None:
    _, _, rel, neg, a = one(code("Armenia bukan anggota NATO."))
    assert rel == "alliance" and neg and a == pytest.approx(-0.3)


def test_not_only_does_not_negate(code) -> None:
    _, _, _, neg, a = one(code("Armenia tidak hanya bekerja sama dengan Rusia."))
    assert not neg and a == -1.0


def test_negation_stays_in_its_clause(code) -> None:
    # the comma and "tetapi" end the scope of "tidak"
    _, _, _, neg, _ = one(code("Armenia tidak diam, Rusia membantu Armenia."))
    assert not neg
    _, _, _, neg, _ = one(code("Armenia tidak menyerah tetapi meminta bantuan Rusia."))
    assert not neg
    # too far back: more than negation_window tokens before the cue
    _, _, _, neg, _ = one(
        code("Armenia tidak pernah sekali pun secara resmi meminta bantuan Rusia.")
    )
    assert not neg


def test_refusal_word_before_a_cue_is_only_a_negator(code) -> None:
    rels = code("NATO enggan mendukung Armenia.")
    assert [(r, n) for _, _, r, n, _ in rels] == [("cooperation", True)]


def test_double_negation(code) -> None:
    _, _, rel, neg, a = one(code("Armenia tidak menolak tawaran Rusia."))
    assert rel == "refusal" and neg and a < 0  # not refusing Russia: a weak tie to Russia


# --- modality -------------------------------------------------------------------------------------


def test_modality_weighs_down_without_removing(code, lexicon: Lexicon) -> None:
    assert one(code("Armenia keluar dari CSTO."))[4] == 1.0
    for word in ("akan", "berencana", "mengancam", "bersiap"):
        a = one(code(f"Armenia {word} keluar dari CSTO."))[4]
        assert a == pytest.approx(lexicon.modality[word]), word
    assert one(code("Armenia mengancam akan keluar dari CSTO."))[4] == pytest.approx(0.5)


def test_modality_stays_in_its_clause(code) -> None:
    # "bakal" belongs to "menyeret", not to Russia's support in the relative clause
    rels = code("Konflik bakal menyeret Rusia, yang menyokong Yerevan.")
    assert one(rels)[4] == -1.0


# --- parties -------------------------------------------------------------------------------------


def test_no_relation_without_focal_state_bloc_actor_or_cue(code) -> None:
    assert code("Rusia membantu Azerbaijan.") == []
    assert code("Armenia membantu Turki.") == []
    assert code("Armenia dan Rusia bertemu.") == []


def test_actor_inside_a_relative_clause_is_not_a_party(code) -> None:
    got = code("Armenia bersiap menarik diri dari CSTO, aliansi militer yang dipimpin Rusia.")
    assert [(t, r) for _, t, r, _, _ in got] == [("CSTO", "distancing")]


def test_apposition_describing_the_actor_is_no_relation(code) -> None:
    got = code("Armenia keluar dari CSTO, aliansi militer pimpinan Moskow.")
    assert [r for _, _, r, _, _ in got] == ["distancing"]
    # ... unless the focal state is in it
    got = code("Rusia, sekutu Armenia, diam.")
    assert [r for _, _, r, _, _ in got] == ["alliance"]


def test_a_cue_nearer_to_another_state_is_not_a_bloc_relation(code) -> None:
    rels = code("Rusia, yang menyokong Yerevan, dan Turki yang mendukung Azerbaijan.")
    assert [(r, a) for _, _, r, _, a in rels] == [("cooperation", -1.0)]


def test_coordinated_actors_share_the_cue(code) -> None:
    rels = code("Armenia meminta bantuan Rusia dan Belarus.")
    assert sorted(t for _, t, _, _, _ in rels) == ["BLR", "RUS"]


def test_a_cue_repeated_in_a_sentence_counts_once(code) -> None:
    assert len(code("Rusia membantu, membantu Armenia.")) == 1


# --- the focal state's own actors, with the real tagger and the params' blocs -------------------

PASHINYAN_FREEZES = (
    "Perdana Menteri Armenia Nikol Pashinyan membekukan keanggotaan Armenia di CSTO setelah "
    "Azerbaijan menyerang."
)
# From seed 003: the bloc actor (CSTO) is nearer to the cue than Pashinyan, the cue's subject.
PASHINYAN_BLAMES = (
    "Perdana Menteri Pashinyan sebelumnya membekukan keanggotaan CSTO Armenia setelah "
    "menyalahkan Rusia atas kegagalan Moskow mencegah Azerbaijan mengklaim kembali wilayah "
    "Nagorno-Karabakh yang telah lama menjadi sengketa."
)
ALIYEV_SIGNS = "Presiden Ilham Aliyev menandatangani perjanjian kerja sama militer dengan Rusia."


@pytest.fixture(scope="module")
def tagged(root: Path, dictionary: Dictionary, lexicon: Lexicon):
    """Relations of one sentence tagged by the entities stage, for a focal state."""
    entities = load_params(root / "params.yaml").entities

    def run(sentence: str, focal: str) -> list[tuple[str, str, str]]:
        arts = pd.DataFrame(
            {
                "doc_id": ["f" * 16],
                "body": [sentence],
                "published": [date(2024, 2, 23)],
                "status": ["kept"],
            }
        )
        params = entities.model_copy(update={"focal": focal})
        _, mentions = tag_articles(arts, dictionary, params, progress=False)
        assert mentions["bloc"].isin(["russia", "west", "focal", "none"]).all()
        found = [SentMention(m.start, m.end, m.entity_id, m.bloc) for m in mentions.itertuples()]
        return [(r.source, r.target, r.relation) for r in code_sentence(sentence, found, lexicon)]

    return run


def test_a_third_states_subject_is_no_relation_of_the_focal_state(tagged) -> None:
    # focal AZE: Armenia and Pashinyan are a third state's actors (bloc none), not AZE's
    assert tagged(PASHINYAN_FREEZES, "AZE") == []
    assert tagged(PASHINYAN_BLAMES, "AZE") == []
    assert (
        tagged("Pashinyan membekukan keanggotaan CSTO setelah Azerbaijan menyerang.", "AZE") == []
    )
    assert tagged("Armenia keluar dari CSTO setelah Azerbaijan menyerang.", "AZE") == []


def test_the_focal_states_own_actors_are_its_parties(tagged) -> None:
    assert tagged(ALIYEV_SIGNS, "AZE") == [
        # "menandatangani perjanjian ... kerja sama": one clause, one cue (the deal)
        ("person:ilham-aliyev", "RUS", "mediation"),
    ]
    assert tagged("Azerbaijan keluar dari CSTO setelah Armenia menyerang.", "AZE") == [
        ("AZE", "CSTO", "distancing")
    ]


def test_the_same_sentences_with_focal_armenia(tagged) -> None:
    assert tagged(PASHINYAN_FREEZES, "ARM") == [("person:nikol-pashinyan", "CSTO", "distancing")]
    assert tagged(PASHINYAN_BLAMES, "ARM") == [
        ("person:nikol-pashinyan", "CSTO", "distancing"),
        ("ARM", "RUS", "criticism"),
        ("ARM", "RUS", "criticism"),
    ]
    assert tagged(ALIYEV_SIGNS, "ARM") == []


def test_a_preposition_object_or_a_listed_third_state_is_no_subject(code) -> None:
    # "kepada Turki" is an object: the subject of "ditolak" is Pashinyan's government
    rels = code("Pashinyan mengajukan tawaran kepada Turki, namun ditolak oleh Prancis.")
    assert [(s, t, r) for s, t, r, _, _ in rels] == [("FRA", "person:nikol-pashinyan", "refusal")]
    # a third state listed with the focal state leaves the relation to the focal state
    rels = code("Armenia dan Azerbaijan menjadi mitra NATO.")
    assert [(s, t, r) for s, t, r, _, _ in rels] == [("ARM", "NATO", "cooperation")]
    # ... but a third state's own subject does not
    assert code("Turki menuduh Armenia, Azerbaijan bekerja sama dengan Rusia.") == []
    # a third state the cue is about, in its clause, takes the relation
    assert code("Bantuan Rusia kepada Azerbaijan membuat Armenia kecewa.") == []


# --- quotes and attribution -----------------------------------------------------------------------


def test_first_person_in_a_focal_quote_is_the_focal_state(lexicon: Lexicon) -> None:
    text = "“Kami akan meninggalkan CSTO,” kata Pashinyan."
    found = resolve_pronouns(text.lower(), "person:nikol-pashinyan", "focal", lexicon)
    assert [(m.start, m.entity_id) for m in found] == [(1, "person:nikol-pashinyan")]
    rels = code_sentence(text, mentions(text) + found, lexicon)
    assert [(r.source, r.target, r.relation) for r in rels] == [
        ("person:nikol-pashinyan", "CSTO", "distancing")
    ]
    assert resolve_pronouns(text.lower(), None, None, lexicon) == []
    assert resolve_pronouns(text.lower(), "AZE", "none", lexicon) == []


def test_a_quoted_kremlin_accusation_is_the_kremlins(code) -> None:
    src, tgt, rel, _, a = one(code("Kremlin menuduh Armenia berkhianat."))
    # the accusation is Russia's (source) against Armenia; it signals a strained tie (> 0)
    assert (src, tgt, rel) == ("RUS", "ARM", "criticism") and a > 0


# --- batches and sentence scores ------------------------------------------------------------------


def test_a_batch_codes_each_sentence_as_alone(lexicon: Lexicon) -> None:
    texts = ["Armenia keluar dari CSTO.", "Rusia tidak membantu.", "Rusia membantu Armenia."]
    coded = code_batch(make_batch(texts, [mentions(t) for t in texts]), lexicon)
    assert coded.sent == [0, 2]
    alone = [code_sentence(t, mentions(t), lexicon) for t in texts]
    assert coded.relations() == alone[0] + alone[2]


def test_sentence_score_means_within_and_sums_across_blocs() -> None:
    assert sentence_score([("russia", -0.6), ("russia", -0.6), ("russia", -0.6)]) == -0.6
    assert sentence_score([("russia", 1.0), ("west", 1.0)]) == 1.0  # clipped
    assert sentence_score([("russia", -1.0), ("west", 1.0)]) == 0.0
    assert sentence_score([]) == 0.0


# --- evaluation and failure of a tie, one cue per clause ---------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Armenia menuding CSTO gagal menjamin keamanan negaranya.",
        "CSTO hanya mengirim pengamat ke Armenia.",
        "Armenia kehilangan perlindungan Rusia.",
        "Armenia berhenti membayar iuran CSTO.",
        "CSTO tidak memenuhi kewajiban terhadap Armenia.",
    ],
)
def test_a_failed_tie_to_russia_is_pro_west(code, sentence: str) -> None:
    rels = code(sentence)
    assert rels and all(a > 0 for *_, a in rels), rels
    assert "failure" in {r[2] for r in rels}


def test_a_failed_tie_to_the_west_is_pro_russia(code) -> None:
    rels = code("Uni Eropa gagal menjamin keamanan Armenia.")
    assert [(r[2], r[4]) for r in rels] == [("failure", -1.0)]
    rels = code("Armenia hanya mendapat janji kosong dari Uni Eropa.")
    assert [(r[2], r[4]) for r in rels] == [("failure", -1.0)]


def test_the_judgement_of_a_tie_is_the_one_cue_of_its_clause(code) -> None:
    # "ketergantungan" (a tie to Russia, -1) is what "kesalahan strategis" judges: +1 only
    rels = code("Pashinyan menyebut ketergantungan Armenia pada Rusia sebagai kesalahan strategis.")
    assert [(r[2], r[4]) for r in rels] == [("failure", 1.0)]
    rels = code("Hanya mengandalkan Rusia adalah kesalahan strategis bagi Armenia.")
    assert [r[2] for r in rels] == ["failure"] and rels[0][4] > 0
    # a positive judgement keeps the tie's own side
    rels = code("Armenia menyebut kontrak dengan Prancis sebagai tonggak penting.")
    assert [(r[2], r[4]) for r in rels] == [("evaluation", 0.8)]


def test_one_cue_per_clause_but_each_clause_counts(code) -> None:
    # the refusal governs the exercise: not also joint military activity with the CSTO
    rels = code("Armenia menolak menjadi tuan rumah latihan militer CSTO.")
    assert [(r[2], r[4] > 0) for r in rels] == [("refusal", True)]
    # two clauses, two cues
    rels = code("Armenia keluar dari CSTO dan bergabung dengan Uni Eropa.")
    assert sorted(r[2] for r in rels) == ["distancing", "rapprochement"]


# --- exclusions, ending a tie, "led by" heads, purchases --------------------------------------


def test_an_excluded_actor_negates_the_tie(code) -> None:
    # suppliers outside Russia: a move away from Russia, not a tie to it
    _, _, rel, neg, a = one(code("Armenia mencari pemasok senjata di luar Rusia."))
    assert (rel, neg) == ("joint_military", True) and a > 0
    _, _, rel, neg, a = one(code("Armenia mencari pemasok senjata dari Rusia."))
    assert (rel, neg) == ("joint_military", False) and a < 0
    # a negated cue with an excluded actor is affirmed: only Russia
    _, _, _, neg, a = one(code("Armenia tidak membeli senjata kecuali dari Rusia."))
    assert not neg and a < 0


def test_ending_a_tie_negates_it(code) -> None:
    _, _, rel, neg, a = one(code("Armenia meminta menghentikan tugas penjaga perbatasan Rusia."))
    assert (rel, neg) == ("joint_military", True) and a > 0


def test_the_leader_of_an_alliance_is_a_party(code) -> None:
    # "aliansi yang dipimpin Moskow" is the alliance: the request is to the Russian bloc
    src, tgt, rel, _, a = one(code("Armenia meminta bantuan kepada aliansi yang dipimpin Moskow."))
    assert (src, tgt, rel, a) == ("ARM", "RUS", "request", -1.0)
    # after another noun the agent only modifies it: the militia is no party
    assert code("Armenia meminta bantuan kepada milisi yang dipimpin Rusia.") == []


def test_a_purchase_from_an_actor_is_a_tie(code) -> None:
    _, _, rel, _, a = one(code("Armenia membeli radar dari Prancis."))
    assert rel == "joint_military" and a > 0
    # a headline that buys from one bloc and leans on the other codes both moves
    rels = code("Beli radar dari Prancis, Armenia bertumpu pada Rusia.")
    assert sorted((r[2], r[4]) for r in rels) == [("cooperation", -1.0), ("joint_military", 1.0)]


def test_a_deal_with_a_third_state_goes_to_the_bloc_actor_that_brokers_it(code) -> None:
    # Azerbaijan signs with Armenia: the deal is Putin's mediation (pro-Russia) ...
    src, tgt, rel, neg, a = one(
        code("Putin menyampaikan bahwa Armenia dan Azerbaijan meneken kesepakatan damai.")
    )
    assert (tgt, rel, neg, a) == ("person:vladimir-putin", "mediation", False, -1.0)
    # ... or Washington's (pro-West)
    _, tgt, rel, _, a = one(code("Armenia dan Azerbaijan meneken deklarasi bersama di Washington."))
    assert (tgt, rel) == ("USA", "mediation") and a > 0
    # a third state that brokers it is no bloc actor: no relation
    assert code("Armenia dan Azerbaijan meneken kesepakatan damai, kata Turki.") == []
    # a third state on the other side of the deal is no co-signatory of the focal state
    assert code("Turki menengahi kesepakatan Azerbaijan dan Rusia, kata Armenia.") == []


def test_a_title_between_coordinated_names_keeps_the_list(code) -> None:
    # "Pashinyan dan Presiden Ilham Aliyev": Aliyev is the focal state's co-signatory, so the
    # deal is the broker's, in either direction ...
    _, tgt, rel, _, a = one(
        code("Pashinyan dan Presiden Ilham Aliyev meneken deklarasi bersama di Washington.")
    )
    assert (tgt, rel, a) == ("USA", "mediation", 1.0)
    _, tgt, rel, _, a = one(
        code("Pashinyan dan Presiden Ilham Aliyev meneken deklarasi bersama di Moskow.")
    )
    assert (tgt, rel, a) == ("RUS", "mediation", -1.0)
    # ... while a title with a verb before it is no list: Aliyev is the subject, a third state's
    welcomed = "Pashinyan menyambut Presiden Ilham Aliyev meneken deklarasi bersama di Moskow."
    assert code(welcomed) == []
    # bloc actors listed with titles share the cue, each with its own sign
    rels = code("Perundingan Armenia dimediasi Emmanuel Macron dan Presiden Putin.")
    assert sorted((r[0], r[4]) for r in rels) == [
        ("person:emmanuel-macron", 1.0),
        ("person:vladimir-putin", -1.0),
    ]
    # without the title words the gap is no list: only the actor next to the cue takes it
    rels = code("Perundingan Armenia dimediasi Emmanuel Macron dan kawan lama Putin.")
    assert [r[0] for r in rels] == ["person:emmanuel-macron"]


def test_a_denial_after_the_cue_negates_the_tie(code) -> None:
    # "keluar dari CSTO tidak ada dalam agenda": the exit from the Russian bloc is denied ...
    _, _, rel, neg, a = one(code("Pashinyan menegaskan keluar dari CSTO tidak ada dalam agenda."))
    assert (rel, neg) == ("distancing", True) and a < 0
    # ... and so is a tie with it, with the actor and a place between (pro-West)
    _, _, rel, neg, a = one(
        code("Pashinyan menyebut latihan militer CSTO di Armenia tidak masuk akal.")
    )
    assert (rel, neg) == ("joint_military", True) and a > 0
    # without the denial, or with a clause break before it, the tie stands
    assert one(code("Pashinyan menegaskan keluar dari CSTO."))[3:] == (False, 1.0)
    rels = code("Pashinyan keluar dari CSTO, dan pemilu tidak ada dalam agenda.")
    assert one(rels)[3:] == (False, 1.0)


def test_stopping_a_tie_negates_it_and_not_stopping_does_not(code) -> None:
    # "setop keikutsertaan di CSTO": the tie with the Russian bloc ends (pro-West) ...
    _, _, rel, neg, a = one(code("Armenia setop keikutsertaan di CSTO."))
    assert (rel, neg) == ("cooperation", True) and a > 0
    # ... and one with the West (pro-Russia)
    _, _, rel, neg, a = one(code("Armenia setop kerja sama dengan Prancis."))
    assert (rel, neg) == ("cooperation", True) and a < 0
    # "tidak berhenti mengecam" keeps criticising: no negation
    assert one(code("Pashinyan tidak berhenti mengecam CSTO."))[3:] == (False, 1.0)
    assert one(code("Pashinyan berhenti mengecam CSTO."))[3] is True


def test_a_refused_or_negated_mediation_is_against_the_broker(code) -> None:
    _, _, rel, neg, a = one(code("Rusia tidak menengahi perundingan Armenia dan Azerbaijan."))
    assert rel == "mediation" and neg and a > 0
    _, _, rel, neg, a = one(code("Armenia menolak menandatangani kesepakatan dengan Rusia."))
    assert rel == "mediation" and neg and a > 0


def test_the_agent_of_a_brokering_verb_brokers_the_deal(code) -> None:
    _, tgt, rel, neg, a = one(
        code("Armenia dan Azerbaijan menerbitkan naskah perjanjian damai yang ditengahi AS.")
    )
    assert (tgt, rel, neg, a) == ("USA", "mediation", False, 1.0)
    # the agent of another relative clause still only modifies its noun
    assert code("Turki yang didukung Rusia mengecam Armenia.") == []
