"""Any corpus runs: `dvc repro` on corpora that share nothing with the annotated ones.

One copy of the repository is reproduced once; each test then puts another corpus into
``data/raw/`` and runs `dvc repro` again, as a researcher replacing the seeds would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.repo import copy_repository, git_init, run

pytestmark = pytest.mark.e2e

LEARNED = ("train", "evaluate")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory, root: Path) -> Path:
    dest = tmp_path_factory.mktemp("corpora") / "haluan"
    copy_repository(root, dest)
    git_init(dest, "copy")
    run(["dvc", "repro"], dest)
    return dest


def _corpus(repo: Path, files: dict[str, str | Path]) -> None:
    raw = repo / "data" / "raw"
    shutil.rmtree(raw)
    raw.mkdir()
    for name, content in files.items():
        if isinstance(content, Path):
            shutil.copy(content, raw / name)
        else:
            (raw / name).write_text(content, encoding="utf-8")


def _repro(repo: Path) -> str:
    out = run(["dvc", "repro"], repo).stdout
    for stage in LEARNED:  # measuring a new corpus never retrains or re-evaluates
        assert f"Running stage '{stage}'" not in out
    return out


def _unseen_pages(root: Path, n: int) -> list[Path]:
    """``n`` pages of the development corpus's test outlets, one outlet each where possible."""
    arts = pd.read_csv(root / "data/annotations/dev/articles.csv", dtype=str)
    test = arts[(arts["split"] == "test") & arts["duplicate_of"].isna()]
    picked = test.drop_duplicates("outlet").head(n)["id"].tolist()
    pages = root / "data/annotations/dev/articles"
    return [next(pages.glob(f"{i}.*")) for i in picked]


def _report(repo: Path) -> str:
    return (repo / "reports/index.html").read_text(encoding="utf-8")


PLAIN = (
    "Jakarta - Pemerintah Indonesia dan Jepang menandatangani kesepakatan kerja sama di bidang "
    "energi terbarukan pada pertemuan tingkat menteri pekan ini. Kerja sama itu mencakup "
    "pembangunan pembangkit listrik tenaga surya dan pelatihan tenaga ahli di beberapa provinsi.",
    "Surabaya - Petani di Jawa Timur memulai panen raya padi lebih awal karena curah hujan yang "
    "cukup sepanjang musim tanam. Dinas pertanian memperkirakan hasil panen naik sepuluh persen "
    "dan harga gabah di tingkat petani tetap stabil hingga akhir bulan.",
    "Bandung - Klub sepak bola kebanggaan warga kota menang tiga gol tanpa balas dalam laga "
    "kandang yang disaksikan puluhan ribu penonton. Pelatih memuji disiplin para pemain muda "
    "dan berharap tim mempertahankan performa pada pertandingan tandang berikutnya.",
)


def test_three_articles_the_project_has_never_seen(repo: Path, root: Path) -> None:
    pages = _unseen_pages(root, 3)
    _corpus(repo, {p.name: p for p in pages})
    _repro(repo)
    articles = pd.read_parquet(repo / "data/interim/articles.parquet")
    assert len(articles) == 3
    stance = pd.read_parquet(repo / "data/processed/article_stance.parquet")
    assert len(stance) == (articles["status"] == "kept").sum()
    status = run(["dvc", "status", *LEARNED], repo).stdout
    assert "changed" not in status and "modified" not in status
    html = _report(repo)
    assert "7. Evaluation" in html and "test" in html
    assert "every figure describes these articles only" in html


def test_a_single_article(repo: Path, root: Path) -> None:
    (page,) = _unseen_pages(root, 1)
    _corpus(repo, {page.name: page})
    _repro(repo)
    assert len(pd.read_parquet(repo / "data/interim/articles.parquet")) == 1
    assert "1 analysed article from" in _report(repo) or "0 analysed articles" in _report(repo)


def test_no_article_is_dated_and_none_names_the_focal_state(repo: Path) -> None:
    _corpus(repo, {f"plain{i}.txt": f"Berita Daerah {i}\n\n{t} {t}\n" for i, t in enumerate(PLAIN)})
    _repro(repo)
    articles = pd.read_parquet(repo / "data/interim/articles.parquet")
    assert articles["published"].isna().all()
    stance = pd.read_parquet(repo / "data/processed/article_stance.parquet")
    assert (stance["n_evidence"] == 0).all() and (stance["alignment"] == 0).all()
    monthly = pd.read_csv(repo / "reports/plots/alignment_by_month.csv")
    assert monthly.empty
    html = _report(repo)
    assert "gives no evidence about the focal state" in html
    assert "have no publication date" in html


def test_thousands_of_articles(repo: Path, root: Path) -> None:
    raw = repo / "data" / "raw"
    shutil.rmtree(raw)
    subprocess.run(
        [sys.executable, str(root / "bench/generate.py"), "--n", "2000", "--out", str(raw)],
        check=True,
        capture_output=True,
    )
    _repro(repo)
    articles = pd.read_parquet(repo / "data/interim/articles.parquet")
    assert len(articles) == 2000
    assert (articles["status"] == "duplicate").sum() > 0
    stance = pd.read_parquet(repo / "data/processed/article_stance.parquet")
    assert len(stance) == (articles["status"] == "kept").sum() > 500


def test_an_empty_corpus_stops_with_a_message_and_overwrites_nothing(repo: Path) -> None:
    _corpus(repo, {})
    outs = [
        "data/interim/articles.parquet",
        "data/processed/article_stance.parquet",
        "reports/index.html",
    ]
    before = {p: (repo / p).read_bytes() for p in outs}
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run(["dvc", "repro"], cwd=repo, env=env, capture_output=True, text=True)
    assert proc.returncode != 0
    assert "data/raw holds no article file" in proc.stdout + proc.stderr
    for p, data in before.items():
        assert (repo / p).read_bytes() == data, p


def test_the_evaluation_is_of_the_annotated_corpus_whatever_is_measured(repo: Path) -> None:
    details = json.loads((repo / "reports/evaluation-details.json").read_text())
    assert details["focal"]["labels_for"] == "ARM"
    assert details["test"]["pages"] >= 25 and details["test"]["outlets"] >= 6
    assert "grouped_by" in details["tune_cross_validation"]
