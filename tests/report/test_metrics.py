from pipeline.report.metrics import confusions, error_lists, scalar_rows, score_rows

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
