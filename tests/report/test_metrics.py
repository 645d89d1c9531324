from pipeline.report.metrics import (
    confusions,
    error_lists,
    held_out_articles,
    scalar_rows,
    score_rows,
)

METRICS = {
    "clean": {
        "articles": 5,
        "gold_lines": {"removal": {"precision": 1.0, "recall": 0.9, "f1": 0.95, "tp": 9, "fn": 1}},
    },
    "stance": {
        "lexicon_version": "2026.11.22",
        "gold_articles": {
            "alignment": {
                "accuracy": 0.6,
                "macro_f1": 0.49,
                "n": 5,
                "labels": ["pro_russia", "neutral", "pro_west"],
                "confusion": [[2, 0, 0], [1, 0, 0], [0, 1, 1]],
                "errors": [{"file": "003.txt", "gold": "pro_west", "predicted": "neutral"}],
            }
        },
    },
}


def test_score_rows_find_every_scored_evaluation_with_its_path() -> None:
    assert score_rows(METRICS) == [
        {
            "stage": "clean",
            "measure": "gold_lines › removal",
            "tp": 9,
            "fn": 1,
            "precision": 1.0,
            "recall": 0.9,
            "f1": 0.95,
        },
        {
            "stage": "stance",
            "measure": "gold_articles › alignment",
            "n": 5,
            "accuracy": 0.6,
            "macro_f1": 0.49,
        },
    ]


def test_confusions_and_errors_are_tabulated() -> None:
    (c,) = confusions(METRICS)
    assert c["labels"] == ["pro_russia", "neutral", "pro_west"] and c["matrix"][2] == [0, 1, 1]
    (e,) = error_lists(METRICS)
    assert e["measure"] == "gold_articles › alignment › errors"
    assert e["columns"] == ["file", "gold", "predicted"] and len(e["rows"]) == 1


def test_scalar_rows_keep_the_rest_and_skip_what_the_score_tables_show() -> None:
    assert scalar_rows(METRICS) == [
        {"stage": "clean", "key": "articles", "value": 5},
        {"stage": "stance", "key": "lexicon_version", "value": "2026.11.22"},
    ]


EVALUATION = {
    "focal": {"note": "Labels are about Armenia.", "applies_to_measured_corpus": True},
    "headline": {"test_pages": 3, "test_outlets": 2, "test_alignment_macro_f1": 0.5},
    "test": {
        "stance": {
            "alignment": {
                "n": 3,
                "accuracy": 2 / 3,
                "macro_f1": 0.5,
                "labels": ["pro_russia", "neutral", "pro_west"],
                "confusion": [[1, 0, 0], [0, 0, 1], [0, 0, 1]],
                "errors": [{"predicted": "pro_west", "gold": "neutral", "file": "t02.html"}],
            },
            "framing": {
                "n": 3,
                "accuracy": 1.0,
                "macro_f1": 1.0,
                "labels": ["pro_russia", "neutral", "western"],
                "confusion": [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
                "errors": [],
            },
        }
    },
}


def test_held_out_articles_are_the_evaluate_stages_matrices_and_errors() -> None:
    alignment, framing = held_out_articles({"evaluation": EVALUATION})
    src = EVALUATION["test"]["stance"]
    assert alignment["matrix"] == src["alignment"]["confusion"]
    assert alignment["labels"] == src["alignment"]["labels"]
    assert alignment["errors"] == [{"file": "t02.html", "gold": "neutral", "predicted": "pro_west"}]
    assert list(alignment["errors"][0]) == ["file", "gold", "predicted"]
    assert framing["measure"] == "framing" and framing["errors"] == []
    assert held_out_articles({"stance": {}}) == []


def test_the_report_shows_test_matrices_and_errors_once(tmp_path) -> None:
    from pipeline.report.build import build_report
    from tests.report.htmlcheck import parse
    from tests.report.sample import FRAMING_TERMS, LABELS, WIRE_BLOC, sample_inputs

    inputs = sample_inputs()
    inputs.stage_metrics = {**inputs.stage_metrics, "evaluation": EVALUATION}
    html, _ = build_report(
        inputs,
        title="T",
        top_actors=10,
        per_article=5,
        labels=LABELS,
        wire_bloc=WIRE_BLOC,
        params_text="",
        root=tmp_path,
        notebooks=[],
        framing_terms=FRAMING_TERMS,
    )
    text = " ".join(parse(html).text.split())
    assert "Article alignment on the test pages: confusion and errors" in text
    assert "Article framing on the test pages: confusion and errors" in text
    assert "<th>file</th><th>gold</th><th>predicted</th>" in html
    assert "<tr><td>t02.html</td><td>neutral</td><td>pro_west</td></tr>" in html
    cells = '<td class="num">0</td><td class="num">0</td><td class="num">1</td>'
    assert f"<tr><th>neutral</th>{cells}</tr>" in html
    assert "No test page has a wrong framing label." in text
    # not repeated among the generic matrices and disagreement lists
    assert "Confusion: evaluation › test › stance › alignment" not in text
    assert "Disagreements: evaluation › test › stance › alignment › errors" not in text
