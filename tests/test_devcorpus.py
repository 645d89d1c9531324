"""The development corpus: every label file matches its pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline import devcorpus
from pipeline.errors import DataFileError

DEV = Path(__file__).resolve().parents[1] / "data/annotations/dev"


def test_every_label_matches_its_page() -> None:
    corpus = devcorpus.load(DEV)
    assert devcorpus.problems(corpus) == []
    a = corpus.articles
    assert len(a) >= 80 and a["outlet"].nunique() >= 20
    test = a[a["split"] == "test"]
    assert len(test) >= 25 and test["outlet"].nunique() >= 6
    assert (a["duplicate_of"] != "").sum() >= 8
    assert a["alignment"].value_counts().min() >= 20
    assert (a["framing"] == "pro_russia").sum() >= 12
    assert (a["provenance"].str.len() > 0).all()


def test_a_mismatch_is_named(tmp_path: Path) -> None:
    dev = tmp_path / "dev"
    shutil.copytree(DEV, dev)
    corpus = devcorpus.load(dev)
    first = corpus.articles["id"].iloc[0]
    page = corpus.page(first)
    lines = page.read_text(encoding="utf-8").split("\n")
    n, _ = devcorpus.visible_lines(page)[0]
    lines[n - 1] = "Teks yang diubah setelah pelabelan"
    page.write_text("\n".join(lines), encoding="utf-8")
    page_of_other = corpus.page(corpus.articles["id"].iloc[1])
    page_of_other.unlink()
    found = devcorpus.problems(devcorpus.load(dev))
    assert any(f"{first}: line {n} text differs from the page" in p for p in found)
    assert any("no page" in p for p in found)


def test_a_bad_row_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "articles.csv"
    header = ",".join(devcorpus.ARTICLE_COLUMNS)
    path.write_text(f"{header}\nx1,O,,2023-13-01,byline,pro_west,neutral,,,,p,tune,\n")
    with pytest.raises(DataFileError, match="line 2: published"):
        devcorpus._read_rows(path, devcorpus.ArticleRow, devcorpus.ARTICLE_COLUMNS)


def test_gold_mentions_are_validated_like_the_other_label_files(tmp_path: Path) -> None:
    assert len(devcorpus.load_mentions(DEV / "mentions.csv")) >= 190
    path = tmp_path / "mentions.csv"
    path.write_text(",".join(devcorpus.MENTION_COLUMNS) + "\nx1,Rusia,-1,RUS,COUNTRY,name\n")
    with pytest.raises(DataFileError, match="line 2: occurrence"):
        devcorpus.load_mentions(path)
