"""The line classifier: features, decisions, persistence, and its place after the rules."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from pipeline.clean.article import clean_article, line_key, normalise_lines
from pipeline.clean.lines import (
    FEATURES,
    REPETITION_CAP,
    LineClassifier,
    corpus_counts,
    fit_classifier,
    load_line_lexicon,
    page_decisions,
    page_features,
    predict_labels,
    repetition_value,
)
from pipeline.errors import DataFileError
from pipeline.persist import load_skops, save_skops

ROOT = Path(__file__).resolve().parents[2]
PROSE = (
    "Pemerintah Armenia menyatakan bahwa kerja sama dengan Uni Eropa akan diperluas ke bidang "
    "keamanan dan energi, sementara Moskow mengkritik keputusan tersebut dengan keras."
)
PAGE = ["Baca juga: Rusia Kecam Langkah Yerevan", "", PROSE, "Tag: Armenia Rusia", "Foto: AFP"]


@pytest.fixture(scope="module")
def lexicon():
    return load_line_lexicon(ROOT / "data/lexicons/line_features.yaml")


def test_features_describe_prose_and_furniture(lexicon) -> None:
    feats = page_features(PAGE, lexicon, Counter(), 1)
    col = {name: k for k, name in enumerate(FEATURES)}
    assert feats.shape == (len(PAGE), len(FEATURES))
    assert not feats[1].any()  # the empty line
    prose, teaser = feats[2], feats[0]
    assert prose[col["terminal"]] == 1 and teaser[col["terminal"]] == 0
    assert prose[col["stop_share"]] > teaser[col["stop_share"]]
    assert teaser[col["starts_furniture"]] == 1 and teaser[col["furniture_share"]] > 0
    assert prose[col["inside_body"]] == 1 and teaser[col["before_first_long"]] == 2


def test_corpus_repetition_is_a_feature(lexicon) -> None:
    pages = [PAGE, ["Tag: Armenia Rusia", PROSE.replace("Uni Eropa", "NATO")]]
    counts, n = corpus_counts(pages)
    feats = page_features(PAGE, lexicon, counts, n)
    assert feats[3, FEATURES.index("corpus_repeats")] == 1.0  # "Tag: ..." is on both pages
    assert feats[2, FEATURES.index("corpus_repeats")] == 0.0


def test_repetition_value_is_stable_as_the_corpus_grows(lexicon) -> None:
    values = [repetition_value(c) for c in range(1, 100)]
    assert values[0] == 0.0 and values[1] > 0.0  # a line on one other page already counts
    assert values == sorted(values)  # more pages, never less repetition
    assert len(set(values)) == REPETITION_CAP.bit_length() + 1  # log2 bins: few changes
    template = repetition_value(REPETITION_CAP + 1)
    assert {repetition_value(c) for c in (REPETITION_CAP + 1, 50, 10**6)} == {template}
    # A page's features do not move when the corpus grows around lines on > cap pages.
    small = Counter({line_key(ln): REPETITION_CAP + 1 for ln in PAGE if ln})
    large = Counter({k: 5000 for k in small})
    a = page_features(PAGE, lexicon, small, REPETITION_CAP + 1)
    assert np.array_equal(a, page_features(PAGE, lexicon, large, 20_000))
    assert a[0, FEATURES.index("corpus_repeats")] == template


def _toy_model(lexicon):
    lines = PAGE * 4
    feats = page_features(lines, lexicon, Counter(), 1)
    labels = ["boilerplate", "body", "body", "boilerplate", "boilerplate"] * 4
    keep = [k for k, ln in enumerate(lines) if ln]
    return fit_classifier(feats[keep], [labels[k] for k in keep], 7)


def test_skops_round_trip_gives_the_same_predictions(lexicon, tmp_path: Path) -> None:
    model = _toy_model(lexicon)
    feats = page_features(PAGE, lexicon, Counter(), 1)
    save_skops(model, tmp_path / "m.skops")
    again = load_skops(tmp_path / "m.skops")
    assert predict_labels(again, feats)[0] == predict_labels(model, feats)[0]
    assert np.array_equal(predict_labels(again, feats)[1], predict_labels(model, feats)[1])
    save_skops(again, tmp_path / "n.skops")  # byte-stable
    assert (tmp_path / "m.skops").read_bytes() == (tmp_path / "n.skops").read_bytes()


def test_decisions_follow_the_threshold(lexicon) -> None:
    clf = LineClassifier(_toy_model(lexicon), lexicon)
    low = page_decisions(clf, [PAGE], 0.01)[0]
    high = page_decisions(clf, [PAGE], 0.999)[0]
    assert low[2][0] == "body"
    # every non-empty line goes to the trees (empty lines are skipped by the cleaning)
    assert all(label != "body" for (label, _), ln in zip(high, PAGE, strict=True) if ln)
    assert all(0.0 <= p <= 1.0 for _, p in low)


def test_rules_decide_first_and_the_classifier_the_rest(rules) -> None:
    head = "Armenia Perluas Kerja Sama dengan Uni Eropa"
    text = "\n".join([head, "Tulisan menu tanpa titik", PROSE, "Baca juga: X"])
    lines = normalise_lines(text)
    decisions = [("metadata", 0.1), ("boilerplate", 0.05), ("body", 0.9), ("body", 0.9)]
    out = clean_article(text, rules, decisions=decisions)
    assert out.title == "Armenia Perluas Kerja Sama dengan Uni Eropa"
    assert out.body == PROSE
    by_line = {r.line_no: (r.rule, r.score) for r in out.removed}
    assert by_line[2] == ("classifier_boilerplate", 0.05)
    assert by_line[4][0] != "classifier_boilerplate" and by_line[4][1] is None  # a rule's
    assert len(lines) == 4


def test_a_bad_word_list_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "lf.yaml"
    path.write_text("version: '1'\nstopwords: [a]\nfurniture: [b]\n")
    with pytest.raises(DataFileError, match="lf.yaml: stopwords"):
        load_line_lexicon(path)


def test_a_long_line_is_never_taken_for_metadata(rules) -> None:
    text = "\n".join(["Armenia Perluas Kerja Sama dengan Uni Eropa", PROSE + " " + PROSE])
    out = clean_article(text, rules, decisions=[("metadata", 0.2), ("metadata", 0.1)])
    assert out.title == "Armenia Perluas Kerja Sama dengan Uni Eropa"
    assert out.body == PROSE + " " + PROSE


def test_running_prose_stays_body_whatever_the_trees_say(lexicon) -> None:
    clf = LineClassifier(_toy_model(lexicon), lexicon)
    long_prose = PROSE + " Pemerintah itu juga mengatakan bahwa kerja sama akan diperluas."
    decided = page_decisions(clf, [[long_prose, "Tag: Armenia Rusia"]], 0.999)[0]
    assert decided[0][0] == "body" and decided[1][0] != "body"
