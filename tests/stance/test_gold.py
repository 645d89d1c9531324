"""Annotated sentences: validation, and matching that survives moved sentence boundaries."""

from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import DataFileError
from pipeline.stance.gold import (
    load_synthetic,
    match_gold,
    normalise,
)

from .corpus import corpus

A = "a" * 16
HEADER = "synthetic,text,relation,alignment,framing,note\n"


def test_repository_annotations_load(root: Path) -> None:
    from pipeline import devcorpus

    gold = devcorpus.load(root / "data/annotations/dev").sentences
    assert set(gold["alignment"]) == {-1, 0, 1} and len(gold) >= 70
    syn = load_synthetic(root / "data/annotations/synthetic_sentences.csv")
    assert (syn["synthetic"] == "yes").all() and "[" in syn["text"].iloc[0]
    # synthetic sentences are never among the evaluated ones
    assert not set(syn["text"]) & set(gold["text"])


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("yes,Teks.,kerjasama,1,0,\n", "relation must be one of"),
        ("yes,Teks.,cooperation,2,0,\n", "alignment must be -1, 0 or 1"),
        ("yes,Teks.,cooperation,1,x,\n", "framing must be -1, 0 or 1"),
        ("yes, ,cooperation,1,0,\n", "empty text"),
    ],
)
def test_bad_rows_are_named(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "s.csv"
    path.write_text(HEADER + row)
    with pytest.raises(DataFileError, match=message) as err:
        load_synthetic(path)
    assert "row 2" in str(err.value)


def test_missing_columns_and_unmarked_synthetic(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("file,text\n")
    with pytest.raises(DataFileError, match="missing columns"):
        load_synthetic(path)
    path.write_text("synthetic,text,relation,alignment,framing\nno,[Rusia|russia].,none,0,0\n")
    with pytest.raises(DataFileError, match="synthetic must be 'yes'"):
        load_synthetic(path)


def test_normalise() -> None:
    assert normalise("  “Kami  akan\nKELUAR”  ") == '"kami akan keluar"'


def _gold(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "file": f,
                "doc_id": "unknown",
                "text": t,
                "relation": "none",
                "alignment": 0,
                "framing": 0,
            }
            for f, t in rows
        ]
    )


def test_matching_by_text_survives_moved_boundaries() -> None:
    articles, sentences, _ = corpus(
        {A: ["Armenia keluar dari CSTO.", "Rusia diam. Yerevan kecewa.", "Lain."]}
    )
    gold = _gold(
        [
            (f"{A}.txt", "Armenia  keluar dari CSTO."),  # exact after normalising; found by file
            (f"{A}.txt", "Rusia diam. Yerevan kecewa pada Moskow."),  # splitter now cuts earlier
            (f"{A}.txt", "Rusia diam."),  # a sentence the splitter merged with the next
            (f"{A}.txt", "Tidak ada di artikel."),
            ("other.txt", "Lain."),
        ]
    )
    matched, unmatched = match_gold(gold, articles, sentences)
    assert matched[["sent_id", "match"]].values.tolist() == [[0, "exact"], [1, "contained"]]
    assert unmatched["text"].tolist() == [
        "Rusia diam.",  # sentence 1 is already taken, and too small a share of it
        "Tidak ada di artikel.",
        "Lain.",
    ]
