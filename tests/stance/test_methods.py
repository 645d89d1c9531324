"""Lexicon, model and combined scores, the method switch, and the evaluation of all three."""

import numpy as np
import pandas as pd
import pytest

from pipeline.config import ParamsError, StanceParams, parse_params
from pipeline.stance.lexicon import Lexicon
from pipeline.stance.methods import (
    classes,
    coder_words,
    combine,
    evaluate,
    fit_full,
    model_inputs,
    sentence_table,
    synthetic_coder_features,
    training_set,
)
from pipeline.stance.model import parse_markup, predict_scores
from pipeline.stance.stage import code_relations, evidence_batch, lexicon_scores, score_articles
from pipeline.stance.views import evidence_view, gold_errors, method_comparison, relations_view

from .corpus import corpus

A, B, C = "a" * 16, "b" * 16, "c" * 16


def test_method_is_validated_and_switchable() -> None:
    assert parse_params({"stance": {"method": "model"}}).stance.method == "model"
    with pytest.raises(ParamsError, match=r"stance\.method"):
        parse_params({"stance": {"method": "bert"}})
    with pytest.raises(ParamsError, match=r"stance\.model_weight"):
        parse_params({"stance": {"model_weight": 2}})


def test_classes_and_backoff_combination() -> None:
    assert classes(np.array([-0.3, -0.2, 0.0, 0.25, 1.0]), 0.25).tolist() == [-1, 0, 0, 1, 1]
    lex, model = np.array([-0.6, 0.0, 0.0]), np.array([0.9, 0.8, -0.2])
    assert combine(lex, model, 0.5).tolist() == [-0.6, 0.4, -0.1]


@pytest.mark.parametrize("method", ["lexicon", "model", "combined"])
def test_sentence_table_uses_the_chosen_method(method: str) -> None:
    keys = pd.DataFrame({"doc_id": [A, A], "sent_id": [0, 1]})
    table = sentence_table(
        keys, np.array([-1.0, 0.0]), np.array([0.5, 0.6]), StanceParams(method=method)
    )
    assert list(table.columns) == ["doc_id", "sent_id", "alignment", "lexicon", "model", "combined"]
    assert table["alignment"].tolist() == table[method].tolist()


@pytest.fixture(scope="module")
def seeds(lexicon: Lexicon):
    docs = {
        A: [
            "Armenia meminta bantuan Rusia.",
            "Rusia berjanji membantu Armenia.",
            "Armenia dan Azerbaijan berunding.",
            "Moskow tetap sekutu Yerevan.",
        ],
        B: [
            "Armenia keluar dari CSTO.",
            "Armenia bekerja sama dengan Amerika Serikat.",
            "Washington memuji Yerevan.",
            "Armenia bertemu Rusia.",
        ],
        C: [
            "Armenia bertemu NATO.",
            "Armenia dan Rusia berbicara.",
            "Turki mendukung Azerbaijan.",
            "Armenia mengecam Rusia.",
        ],
    }
    labels = {A: [-1, -1, 0, -1], B: [1, 1, 1, 0], C: [0, 0, 0, 1]}
    articles, sentences, mentions = corpus(docs)
    gold = pd.DataFrame(
        [
            {
                "file": f"{d}.txt",
                "doc_id": d,
                "sent_id": i,
                "text": t,
                "relation": "none",
                "alignment": labels[d][i],
                "framing": 0,
            }
            for d, texts in docs.items()
            for i, t in enumerate(texts)
        ]
    )
    synthetic = pd.DataFrame(
        {
            "synthetic": ["yes"] * 3,
            "text": [
                "[Armenia|focal] meminta dukungan [Rusia|russia].",
                "[Armenia|focal] menjauh dari [Rusia|russia].",
                "[Armenia|focal] bertemu [Turki|none].",
            ],
            "relation": ["request", "distancing", "none"],
            "alignment": [-1, 1, 0],
            "framing": [0, 0, 0],
        }
    )
    gold_articles = pd.DataFrame(
        {
            "file": [f"{d}.txt" for d in (A, B, C)],
            "alignment_label": ["pro_russia", "pro_west", "pro_west"],
            "framing_label": ["neutral"] * 3,
        }
    )
    return articles, sentences, mentions, gold, synthetic, gold_articles


def test_model_inputs_mask_actors_by_bloc(seeds, lexicon: Lexicon) -> None:
    _, sentences, mentions, *_ = seeds
    keys = pd.DataFrame({"doc_id": [A, C], "sent_id": [0, 2]})
    assert model_inputs(sentences, mentions, lexicon, keys) == [
        # the coder's reading follows the text: a request to Russia, favouring Russia
        "aktorfokal meminta bantuan blokrusia. koderequestblokrusia kodearahrusia",
        "aktorlain mendukung aktorlain.",  # no focal state: no evidence, nothing coded
    ]


def test_coder_words_carry_relation_bloc_negation_and_side() -> None:
    assert coder_words("cooperation", "russia", True, 0.5) == (
        "kodecooperationblokrusia kodenegasi kodearahbarat"
    )
    assert coder_words("distancing", "west", False, -1.0) == (
        "kodedistancingblokbarat kodearahrusia"
    )
    assert coder_words("alliance", None, False, 0.0) == "kodealliance" + "aktorlain"


def test_synthetic_sentences_are_coded_like_corpus_sentences(lexicon: Lexicon) -> None:
    text, spans = parse_markup("[Armenia|focal] keluar dari [CSTO|russia].")
    assert synthetic_coder_features([text], [spans], lexicon) == [
        "kodedistancingblokrusia kodearahbarat"
    ]
    text, spans = parse_markup("[Armenia|focal] dan [Azerbaijan|none] berunding.")
    assert synthetic_coder_features([text], [spans], lexicon) == [""]


def test_evaluation_of_all_methods(seeds, lexicon: Lexicon) -> None:
    articles, sentences, mentions, gold, synthetic, gold_articles = seeds
    params = StanceParams(model_c=10.0)
    ev = evidence_batch(sentences, mentions, lexicon)
    relations = code_relations(sentences, mentions, lexicon, evidence=ev)
    lex = lexicon_scores(ev.keys, relations, mentions)["lexicon"].to_numpy()
    train = training_set(gold, synthetic, sentences, mentions, lexicon)
    assert len(train.texts) == 12 and len(train.synthetic_texts) == 3
    model = fit_full(train, params)
    table = sentence_table(
        ev.keys,
        lex,
        predict_scores(model, model_inputs(sentences, mentions, lexicon, ev.keys)),
        params,
    )

    def score(t: pd.DataFrame) -> pd.DataFrame:
        return score_articles(
            articles, sentences, mentions, relations, lexicon, params, sentence_stance=t
        )[0]

    metrics, rows = evaluate(train, table, gold.iloc[:0], articles, gold_articles, score, params)
    assert metrics["cross_validation"]["folds"] == 3  # one article per fold
    assert set(metrics["sentence"]) == set(metrics["article"]) == {"lexicon", "model", "combined"}
    lexicon_report = metrics["sentence"]["lexicon"]
    assert lexicon_report["n"] == 12 and np.array(lexicon_report["confusion"]).sum() == 12
    assert metrics["article"]["lexicon"]["accuracy"] == 1.0
    assert metrics["gold_sentences"] == {
        "matched": 12,
        "unmatched": 0,
        "unmatched_rows": [],
        "evidence": 10,
    }
    # the lexicon misses "Washington memuji Yerevan" (no cue): an error on the gold set
    errors = gold_errors(rows, gold)
    assert "Washington memuji Yerevan." in errors["text"].tolist()
    comparison = method_comparison(metrics)
    assert list(comparison.index) == ["lexicon", "model", "combined"]
    view = evidence_view(table, relations, sentences, articles)
    assert len(view) == len(table) and view["cues"].str.len().gt(0).any()
    assert len(relations_view(relations, sentences, articles)) == len(relations)


def test_article_heading_escapes_article_data() -> None:
    from datetime import date

    from pipeline.stance.views import article_heading

    row = pd.Series(
        {
            "source": "x.html",
            "published": date(2024, 1, 2),
            "outlet": "<b onmouseover=\"alert('x')\">Kabar</b>",
            "alignment": 0.5,
            "alignment_ci_low": 0.1,
            "alignment_ci_high": 0.9,
            "alignment_label": "pro_west",
            "n_evidence": 3,
        }
    )
    text = article_heading(row)
    assert "<b" not in text and "&lt;b onmouseover=" in text and "+0.500" in text
    bare = row.copy()
    bare["published"], bare["outlet"] = None, None
    assert "undated, outlet unknown" in article_heading(bare)


def test_measured_sentence_contributions_sum_to_the_article_alignment(
    seeds, lexicon: Lexicon, tmp_path
) -> None:
    from pipeline.io import write_table
    from pipeline.stance.measure import measure_stance

    articles, sentences, mentions, gold, synthetic, _ = seeds
    params = StanceParams(model_c=10.0)
    model = fit_full(training_set(gold, synthetic, sentences, mentions, lexicon), params)
    result = measure_stance(articles, sentences, mentions, lexicon, model, params)
    table = result.sentence_stance
    write_table(table, tmp_path / "s.parquet", "sentence_stance")
    summed = table.groupby("doc_id")["contribution"].sum().clip(-1, 1)
    got = result.stance.set_index("doc_id")["alignment"]
    for doc, value in summed.items():
        assert got[doc] == pytest.approx(value, abs=1e-5)
    expected = (table["alignment"] / 4).round(6)  # the default 4 + 0 × n
    assert (table["contribution"] == expected).all()


def test_model_inputs_mask_an_anaphor_as_the_focal_state(lexicon: Lexicon) -> None:
    _, sentences, mentions = corpus(
        {A: ["Armenia menyetujui RUU aksesi.", "Negara itu masih menjadi anggota CSTO."]}
    )
    keys = pd.DataFrame({"doc_id": [A], "sent_id": [1]})
    assert model_inputs(sentences, mentions, lexicon, keys) == [
        "aktorfokal masih menjadi anggota blokrusia. kodeallianceblokrusia kodearahrusia"
    ]


def test_aggregation_rules_are_compared_leaving_one_outlet_out() -> None:
    from pipeline.stance.methods import aggregation_cv

    current, louder = (2.0, 0.0, 0.2), (1.0, 0.0, 0.2)
    # d1 (outlet X): one sentence 0.5; d2 (outlet Y): 0.3; d3 (outlet Y): no evidence.
    got = aggregation_cv(
        ["d1", "d2"],
        {"lexicon": np.array([0.5, 0.3])},
        ["d1", "d2", "d3"],
        ["pro_west", "neutral", "neutral"],
        ["X", "Y", "Y"],
        current,
        grid=[louder],
    )
    assert got["grid_size"] == 2 and got["current"]["threshold"] == 0.2
    lex = got["lexicon"]
    # one pick per held-out outlet: Y prefers the current rule, X ties (the current one wins)
    assert lex["picked_by_outlets"] == {"2.0 0.0 0.2": 2}
    # current: 0.25 pro_west, 0.15 neutral, 0 neutral: all right; louder: 0.3 is pro_west.
    assert lex["best_in_sample"]["rule"] == list(current)
    assert lex["current_macro_f1"] == pytest.approx(2 / 3, abs=1e-4)  # no pro_russia article
    assert lex["chosen_by_outlet_cv_macro_f1"] == lex["current_macro_f1"]
    wrong = aggregation_cv(
        ["d1", "d2"],
        {"lexicon": np.array([0.5, 0.3])},
        ["d1", "d2", "d3"],
        ["pro_west", "pro_west", "neutral"],
        ["X", "Y", "Y"],
        current,
        grid=[louder],
    )["lexicon"]
    assert wrong["best_in_sample"]["rule"] == list(louder)
    # holding out Y, X alone cannot tell the rules apart (the current one wins the tie), so
    # d2 keeps the current rule's neutral: worse than the rule chosen on everything
    assert wrong["chosen_by_outlet_cv_macro_f1"] < wrong["best_in_sample"]["macro_f1"]
