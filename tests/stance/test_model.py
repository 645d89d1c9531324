"""The learned scorer: masking, fitting, batched scoring, deterministic skops files, CV."""

from pathlib import Path

import numpy as np
import pytest

from pipeline.stance.model import (
    cross_validated_scores,
    fit_model,
    load_model,
    mask,
    parse_markup,
    predict_scores,
    save_model,
)

TEXTS = [
    "aktorfokal meminta bantuan blokrusia",
    "blokrusia membantu aktorfokal",
    "aktorfokal keluar dari blokrusia",
    "aktorfokal bergabung dengan blokbarat",
    "aktorfokal bertemu aktorlain",
    "aktorfokal dan aktorlain berunding",
]
LABELS = [-1, -1, 1, 1, 0, 0]


def test_mask_and_markup() -> None:
    text, spans = parse_markup("[Armenia|focal] meminta bantuan [Rusia|russia] di [Gyumri|none].")
    assert text == "Armenia meminta bantuan Rusia di Gyumri."
    assert [(s, e, b) for s, e, _, b in spans] == [
        (0, 7, "focal"),
        (24, 29, "russia"),
        (33, 39, "none"),
    ]
    assert mask(text, spans) == "aktorfokal meminta bantuan blokrusia di aktorlain."
    assert mask("Di Gyumri, NATO.", [(3, 9, "loc:gyumri", "none"), (11, 15, "NATO", "west")]) == (
        "di lokasi, blokbarat."
    )


def test_scores_are_expected_alignment_and_batching_changes_nothing() -> None:
    model = fit_model(TEXTS, LABELS, 10.0, 1)
    all_at_once = predict_scores(model, TEXTS)
    assert np.array_equal(all_at_once, predict_scores(model, TEXTS, batch_size=2))
    assert ((all_at_once >= -1) & (all_at_once <= 1)).all()
    assert all_at_once[0] < 0 < all_at_once[3]


def test_saved_model_is_byte_identical_and_loads(tmp_path: Path) -> None:
    a = save_model(fit_model(TEXTS, LABELS, 10.0, 1), tmp_path / "a.skops")
    b = save_model(fit_model(TEXTS, LABELS, 10.0, 1), tmp_path / "b.skops")
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes()[:2] == b"PK"  # a skops zip archive, not a pickle
    loaded = load_model(a)
    assert np.array_equal(
        predict_scores(loaded, TEXTS), predict_scores(fit_model(TEXTS, LABELS, 10.0, 1), TEXTS)
    )


def test_cross_validation_is_grouped_seeded_and_trains_on_extras() -> None:
    groups = ["d1", "d1", "d2", "d2", "d3", "d3"]
    extra = ["aktorfokal keluar dari blokrusia", "blokrusia membantu aktorfokal"]
    a, info = cross_validated_scores(TEXTS, LABELS, groups, extra, [1, -1], 5, 10.0, 3)
    b, _ = cross_validated_scores(TEXTS, LABELS, groups, extra, [1, -1], 5, 10.0, 3)
    assert np.array_equal(a, b)
    # two members per class: at most two folds; an article (two sentences) is never split
    assert info["folds"] == 2 and sorted(info["fold_sizes"]) == [2, 4]
    assert info["synthetic_training_only"] == 2
    one, info = cross_validated_scores(TEXTS, LABELS, ["d"] * 6, [], [], 5, 10.0, 3)
    assert "skipped" in info and not one.any()  # one article: nothing to hold out


def test_an_untrusted_type_is_refused(tmp_path: Path) -> None:
    import skops.io as sio

    path = tmp_path / "bad.skops"
    path.write_bytes(sio.dumps({"x": Path("/")}))
    with pytest.raises(ValueError, match="untrusted types"):
        load_model(path)


def test_features_count_character_ngrams_per_word_type_exactly() -> None:
    from pipeline.stance.model import features

    texts = ["aktorfokal meminta bantuan blokbarat", "bantuan  bantuan\tdari\nblokrusia", "", "Ab"]
    model = fit_model([*texts, "menolak bantuan"], [1, 0, 0, -1, -1], 1.0, 1)
    got = features(model, [*texts, "kata baru ΣΑΣ bantuan"])
    want = model.named_steps["features"].transform([*texts, "kata baru ΣΑΣ bantuan"])
    assert got.shape == want.shape and (got != want).nnz == 0


def test_features_are_the_vectorizers_matrix_entry_for_entry() -> None:
    """Same sparse arrays as scikit-learn (sorted indices, same data bits), so the classifier's
    sums run in the same order: word bigrams across punctuation, repeats, an empty text."""
    from pipeline.stance.model import features

    train = ["aktorfokal meminta bantuan blokbarat", "blokrusia, bantuan: aktorfokal", "a.b c-d"]
    model = fit_model([*train, "menolak bantuan bantuan"], [1, -1, 0, -1], 1.0, 1)
    texts = [
        "Bantuan bantuan, bantuan blokbarat!aktorfokal",
        "",
        "menolak   bantuan\tblokrusia c-d a.b",
        "ΣΑΣ meminta bantuan blokbarat meminta bantuan",
    ]
    got = features(model, texts)
    want = model.named_steps["features"].transform(texts).tocsr()
    assert got.shape == want.shape and got.dtype == want.dtype
    for part in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(got, part), getattr(want, part)), part
