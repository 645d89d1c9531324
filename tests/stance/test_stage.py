"""The stance stage on small corpora: evidence, quotes, sentence and article scores."""

import numpy as np
import pandas as pd
import pytest

from pipeline.config import StanceParams
from pipeline.io import write_table
from pipeline.stance.lexicon import Lexicon
from pipeline.stance.stage import (
    code_relations,
    contributions,
    evidence_batch,
    evidence_keys,
    lexicon_scores,
    quote_speakers,
    score_articles,
)

from .corpus import corpus

A, B = "a" * 16, "b" * 16


def test_quotes_over_several_sentences_share_their_speaker() -> None:
    _, sentences, _ = corpus(
        {
            A: [
                "Pashinyan berbicara.",
                "“Kami akan meninggalkan CSTO.",
                "Kami bisa kembali,” kata Pashinyan.",
                "Tidak ada kutipan di sini.",
            ]
        },
        speakers={(A, 2): "person:nikol-pashinyan"},
    )
    assert quote_speakers(sentences).tolist() == [
        None,
        "person:nikol-pashinyan",
        "person:nikol-pashinyan",
        None,
    ]


def test_evidence_needs_the_focal_state_and_a_bloc_actor(lexicon: Lexicon) -> None:
    _, sentences, mentions = corpus(
        {
            A: [
                "Rusia membantu Armenia.",  # evidence
                "Rusia membantu Azerbaijan.",  # no focal state
                "Armenia bertemu Turki.",  # no bloc actor
                "Rusia membantu Armenia.",  # verbatim repeat: counted once
                "“Kami keluar dari CSTO,” kata Pashinyan.",  # focal speaker's "kami"
            ],
            B: ["Rusia membantu Armenia."],  # the same sentence in another article counts
        },
        speakers={(A, 4): "person:nikol-pashinyan"},
    )
    keys = evidence_keys(sentences, mentions, lexicon)
    assert list(zip(keys["doc_id"], keys["sent_id"], strict=True)) == [(A, 0), (A, 4), (B, 0)]


def test_quoted_first_person_is_coded_as_the_speaker(lexicon: Lexicon) -> None:
    _, sentences, mentions = corpus(
        {A: ["“Kami akan meninggalkan CSTO,” ujarnya.", "Lalu Rusia diam."]},
        speakers={(A, 0): "person:nikol-pashinyan"},
    )
    # the speaker must be known as a focal entity in the mentions
    extra = pd.DataFrame(
        [(A, 1, 100, 109, "Pashinyan", "person:nikol-pashinyan", "PERSON", "name", "focal", "t")],
        columns=mentions.columns,
    )
    relations = code_relations(sentences, pd.concat([mentions, extra]), lexicon, progress=False)
    assert relations[["source", "target", "relation"]].values.tolist() == [
        ["person:nikol-pashinyan", "CSTO", "distancing"]
    ]
    assert relations["alignment"].tolist() == [pytest.approx(0.8)]


def test_relations_table_and_lexicon_scores(lexicon: Lexicon, tmp_path) -> None:
    _, sentences, mentions = corpus(
        {
            A: [
                "Armenia, Belarus dan Rusia adalah anggota CSTO.",  # a list counts once
                "Armenia keluar dari CSTO dan bergabung dengan Uni Eropa.",  # two moves west
                "Armenia bertemu Rusia.",  # evidence without a relation
            ]
        }
    )
    relations = code_relations(sentences, mentions, lexicon, progress=False)
    write_table(relations, tmp_path / "r.parquet", "relations")  # honours the contract
    scores = lexicon_scores(evidence_keys(sentences, mentions, lexicon), relations, mentions)
    assert scores["lexicon"].tolist() == [pytest.approx(-0.6), 1.0, 0.0]


def test_article_scores_shrink_interval_and_no_evidence(lexicon: Lexicon, tmp_path) -> None:
    articles, sentences, mentions = corpus(
        {
            A: ["Armenia keluar dari CSTO.", "Armenia bergabung dengan Uni Eropa."],
            B: ["Armenia dan Azerbaijan berunding."],
        }
    )
    relations = code_relations(sentences, mentions, lexicon, progress=False)
    params = StanceParams(prior_strength=1.0, dilution=1.0)  # the shrunk mean
    stance, components = score_articles(articles, sentences, mentions, relations, lexicon, params)
    write_table(stance, tmp_path / "s.parquet", "article_stance")
    write_table(components, tmp_path / "c.parquet", "framing_components")
    a, b = stance.set_index("doc_id").loc[A], stance.set_index("doc_id").loc[B]
    assert a["alignment"] == pytest.approx(2 / 3) and a["alignment_label"] == "pro_west"
    assert a["alignment_ci_low"] == a["alignment_ci_high"] == a["alignment"]  # identical values
    assert (b["alignment"], b["alignment_label"], b["n_evidence"]) == (0.0, "neutral", 0)


def test_the_scaled_sum_rule_is_half_the_sum_clipped_and_zero_scores_do_not_dilute(
    lexicon: Lexicon,
) -> None:
    articles, sentences, mentions = corpus(
        {
            A: ["Armenia bergabung dengan Uni Eropa."],
            B: ["Armenia bergabung dengan Uni Eropa.", "Armenia keluar dari CSTO."],
        }
    )
    relations = code_relations(sentences, mentions, lexicon, progress=False)
    keys = pd.DataFrame({"doc_id": [A, A, A, B, B], "sent_id": [0, 1, 2, 0, 1]})
    table = keys.assign(alignment=[0.6, 0.0, 0.0, 1.0, 1.0])
    stance, _ = score_articles(
        articles,
        sentences,
        mentions,
        relations,
        lexicon,
        StanceParams(prior_strength=2.0, dilution=0.0),
        sentence_stance=table,
    )
    got = stance.set_index("doc_id")["alignment"]
    assert got[A] == pytest.approx(0.3)  # 0.6 / 2: the two zero-score sentences change nothing
    assert got[B] == 1.0  # 2 / 2, clipped at 1
    shrunk = score_articles(
        articles,
        sentences,
        mentions,
        relations,
        lexicon,
        StanceParams(prior_strength=1.0, dilution=1.0),
        sentence_stance=table,
    )[0].set_index("doc_id")["alignment"]
    assert shrunk[A] == pytest.approx(0.15)  # 0.6 / (3 + 1): diluted under the threshold
    contribution = contributions(table, StanceParams(prior_strength=2.0, dilution=0.0))
    assert contribution.tolist() == [0.3, 0.0, 0.0, 0.5, 0.5]
    # 2 + 0.5 n (A: 0.6 / 3.5; B: 2 / 3)
    halved = contributions(table, StanceParams(prior_strength=2.0, dilution=0.5))
    assert halved.tolist() == pytest.approx([0.6 / 3.5, 0, 0, 1 / 3, 1 / 3], abs=1e-6)
    # the default: 4 + 0 n, a quarter of the sum
    default = contributions(table, StanceParams())
    assert default.tolist() == pytest.approx([0.15, 0, 0, 0.25, 0.25], abs=1e-6)


def test_article_scores_follow_the_given_sentence_table(lexicon: Lexicon) -> None:
    articles, sentences, mentions = corpus({A: ["Armenia keluar dari CSTO."]})
    relations = code_relations(sentences, mentions, lexicon, progress=False)
    table = pd.DataFrame({"doc_id": [A], "sent_id": [0], "alignment": [-1.0]})
    stance, _ = score_articles(
        articles, sentences, mentions, relations, lexicon, StanceParams(), sentence_stance=table
    )
    assert stance["alignment"].tolist() == [-0.25]  # -1 / (4 + 0 × 1)


def test_batch_and_keys_line_up(lexicon: Lexicon) -> None:
    _, sentences, mentions = corpus({A: ["Rusia membantu Armenia.", "x", "Armenia dan NATO."]})
    ev = evidence_batch(sentences, mentions, lexicon)
    assert ev.keys["sent_id"].tolist() == [0, 2]
    assert ev.batch.lower.split("\n") == [t.lower() for t in ev.texts]
    b = ev.batch
    surfaces = [b.lower[s:e] for s, e in zip(b.m_start.tolist(), b.m_end.tolist(), strict=True)]
    assert surfaces == ["rusia", "armenia", "armenia", "nato"]
    assert b.m_sent.tolist() == [0, 0, 1, 1] and np.all(np.diff(b.m_start) > 0)


def test_unsorted_tables_give_the_same_relations(lexicon: Lexicon) -> None:
    _, sentences, mentions = corpus(
        {
            A: ["Rusia membantu Armenia.", "Armenia keluar dari CSTO."],
            B: ["Armenia dan NATO bermitra."],
        }
    )
    ordered = code_relations(sentences, mentions, lexicon, progress=False)
    shuffled = code_relations(
        sentences.iloc[::-1].reset_index(drop=True),
        mentions.iloc[::-1].reset_index(drop=True),
        lexicon,
        progress=False,
    )
    key = ["doc_id", "sent_id", "cue"]
    assert (
        ordered.sort_values(key)
        .reset_index(drop=True)
        .equals(shuffled.sort_values(key).reset_index(drop=True))
    )
    assert len(ordered) == 3


def test_article_scores_from_a_given_evidence_batch_are_the_same(lexicon: Lexicon) -> None:
    articles, sentences, mentions = corpus(
        {
            A: [
                "Armenia keluar dari CSTO.",
                "“Kami akan bergabung dengan Uni Eropa,” kata Pashinyan.",
                "“Armenia mengkhianati Rusia,” kata Putin.",
            ],
            B: ["Rusia membantu Armenia.", "Armenia dan Azerbaijan berunding."],
        },
        speakers={(A, 1): "person:nikol-pashinyan", (A, 2): "person:vladimir-putin"},
    )
    ev = evidence_batch(sentences, mentions, lexicon)
    relations = code_relations(sentences, mentions, lexicon, progress=False, evidence=ev)
    params = StanceParams()
    alone = score_articles(articles, sentences, mentions, relations, lexicon, params)
    shared = score_articles(articles, sentences, mentions, relations, lexicon, params, None, ev)
    assert alone[0].equals(shared[0]) and alone[1].equals(shared[1])
    assert (alone[0]["n_evidence"] > 0).all() and alone[1]["framing_voices"].abs().sum() > 0


def test_evidence_view_of_a_corpus_without_evidence() -> None:
    from pipeline.io import empty_frame
    from pipeline.stance.views import evidence_view

    names = ("sentence_stance", "relations", "sentences", "articles")
    view = evidence_view(*(empty_frame(n) for n in names))
    assert view.empty and "cues" in view.columns


def test_a_corpus_with_no_kept_article_scores_nothing(lexicon) -> None:
    import pandas as pd

    from pipeline.config import StanceParams
    from pipeline.io import empty_frame
    from pipeline.stance.stage import score_articles

    row = {c: None for c in empty_frame("articles").columns}
    row.update(doc_id="a" * 16, source="a.txt", status="excluded", reason="binary", wires=[])
    row.update(body="", n_words=0, date_source="none")
    empty = [empty_frame(n) for n in ("sentences", "mentions", "relations")]
    stance, components = score_articles(pd.DataFrame([row]), *empty, lexicon, StanceParams())
    assert stance.empty and components.empty
    assert list(stance.columns) == list(empty_frame("article_stance").columns)


def test_an_anaphor_after_the_focal_state_stands_for_it(lexicon: Lexicon) -> None:
    _, sentences, mentions = corpus(
        {
            A: [
                "Armenia menyetujui RUU aksesi.",
                "Negara itu masih menjadi anggota CSTO.",  # "negara itu" = Armenia
            ],
            B: [
                "Azerbaijan menolak.",  # no focal state before
                "Negara itu masih menjadi anggota CSTO.",
            ],
        }
    )
    keys = evidence_keys(sentences, mentions, lexicon)
    assert list(zip(keys["doc_id"], keys["sent_id"], strict=True)) == [(A, 1)]
    relations = code_relations(sentences, mentions, lexicon, progress=False)
    assert relations[["sent_id", "source", "target", "relation"]].values.tolist() == [
        [1, "ARM", "CSTO", "alliance"]
    ]
    assert relations["alignment"].tolist() == [pytest.approx(-0.6)]
