"""End to end: copy the repository, run `dvc repro` there, and check what it produced."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

pytestmark = pytest.mark.e2e


def _data_outs() -> tuple[str, ...]:
    """Every Parquet and model output of every stage, from dvc.yaml (the wiring's one source)."""
    from pipeline.run import stages

    return tuple(
        o for s in stages().values() for o in s.outputs if o.endswith((".parquet", ".skops"))
    )


DATA_OUTS = _data_outs()
NOTEBOOKS = ("01_clean", "02_entities", "05_train", "03_stance", "06_evaluate", "04_report")


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, (
        f"{' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    )
    return proc


def _lock_hashes(repo: Path) -> dict[str, str]:
    lock = yaml.safe_load((repo / "dvc.lock").read_text())
    return {o["path"]: o["md5"] for s in lock["stages"].values() for o in s.get("outs", [])}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory, root: Path) -> Path:
    """A fresh copy of the tracked files, as a clone would have them, after one `dvc repro`."""
    dest = tmp_path_factory.mktemp("e2e") / "haluan"
    files = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for rel in filter(None, files):
        src = root / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    _run(["git", "init", "-q"], dest)
    _run([*git, "add", "-A"], dest)
    _run([*git, "commit", "-qm", "copy"], dest)
    _run(["dvc", "repro"], dest)
    return dest


def test_outputs_have_the_expected_contents(repo: Path) -> None:
    articles = pd.read_parquet(repo / "data/interim/articles.parquet")
    raw = [p for p in (repo / "data/raw").iterdir() if p.is_file()]
    assert len(articles) == len(raw) == 5
    assert (articles["status"] == "kept").all()
    assert set(articles["outlet"].dropna()) == {"Kompas.com", "Warta Ekonomi", "Tempo"}
    assert not articles["body"].str.contains("Baca juga|Gabung Kompas|jam lalu").any()

    mentions = pd.read_parquet(repo / "data/processed/mentions.parquet")
    ids = set(mentions["entity_id"])
    assert {
        "ARM",
        "RUS",
        "AZE",
        "USA",
        "NATO",
        "CSTO",
        "person:nikol-pashinyan",
        "person:vladimir-putin",
        "person:jens-stoltenberg",
    } <= ids
    # nothing from the cut teaser tail (Thailand, Texas) is tagged
    assert not ids & {"THA", "loc:texas"}

    stance = pd.read_parquet(repo / "data/processed/article_stance.parquet")
    by_source = stance.merge(articles[["doc_id", "source"]]).set_index("source")
    first = by_source.loc["000_bcffe93f59d1024d.txt"]
    assert first["alignment"] < 0 and first["alignment_label"] == "pro_russia"
    assert first["alignment_ci_low"] <= first["alignment"] <= first["alignment_ci_high"]
    assert first["n_evidence"] > 0
    relations = pd.read_parquet(repo / "data/processed/relations.parquet")
    files = articles[["doc_id", "source"]].rename(columns={"source": "file"})
    rel = relations.merge(files, on="doc_id")
    exit_2024 = rel[rel["file"].str.startswith("003")]
    assert "distancing" in set(exit_2024["relation"])

    monthly = pd.read_csv(repo / "reports/plots/alignment_by_month.csv")
    assert monthly["month"].tolist() == ["2020-10", "2020-11", "2022-09", "2024-06"]

    for stage in ("clean", "entities", "stance", "train", "evaluation"):
        assert json.loads((repo / f"reports/{stage}-details.json").read_text())
    assert not (repo / "reports/metrics.json").exists()  # no combined file
    seeds = json.loads((repo / "reports/evaluation-details.json").read_text())["tune_in_sample"]
    assert seeds["entities"]["mentions"]["overall"]["f1"] >= 0.9

    html = (repo / "reports/index.html").read_text()
    for section in (
        "1. Summary",
        "2. Corpus",
        "3. Entities",
        "4. Alignment",
        "6. Evidence explorer",
        "7. Evaluation",
        "8. Methods and provenance",
    ):
        assert section in html
    assert "Rusia Berjanji Bantu Armenia" in html
    assert 'src="http' not in html and 'href="http' not in html  # offline; no source URLs known


def test_the_gold_originals_of_the_tune_pairs_are_kept(repo: Path) -> None:
    """The copy kept of a republished pair is the one published first, as the labels say: the
    original stays in the gold set and its republication is the duplicate (tune pages only)."""
    gold = pd.read_csv(repo / "data/annotations/dev/articles.csv", dtype=str, keep_default_na=False)
    pairs = gold[(gold["split"] == "tune") & (gold["duplicate_of"] != "")]
    arts = pd.read_parquet(repo / "data/annotated/articles.parquet")
    by = arts.assign(id=arts["source"].str.rsplit(".", n=1).str[0]).set_index("id")
    marked = 0
    for copy, original in zip(pairs["id"], pairs["duplicate_of"], strict=True):
        assert by.loc[original, "status"] == "kept", (original, by.loc[original, "reason"])
        if by.loc[copy, "status"] == "duplicate":  # a republication (a rewrite is a story link)
            marked += 1
            assert by.loc[copy, "duplicate_of"] == by.loc[original, "doc_id"], copy
            assert by.loc[copy, "reason"].endswith(f" of {by.loc[original, 'source']}")
    assert marked >= 4  # a01/a02, b03/b04, c01/c05, d04/d05


def test_executed_notebooks_are_recorded_without_timestamps_or_paths(repo: Path) -> None:
    # evaluate reads only the annotations: its committed (cache: false) outputs keep it up to
    # date in a fresh copy, so it need not have run there
    ran = [
        n
        for n in NOTEBOOKS
        if n != "06_evaluate" or (repo / f"reports/notebooks/{n}.ipynb").exists()
    ]
    for name in ran:
        ipynb = (repo / f"reports/notebooks/{name}.ipynb").read_text()
        assert '"start_time"' not in ipynb and '"end_time"' not in ipynb
        assert str(repo) not in ipynb
        html = (repo / f"reports/notebooks/{name}.html").read_text()
        assert "<script src=" not in html and "cdnjs" not in html


def test_nothing_changed_and_forced_rerun_is_byte_identical(repo: Path) -> None:
    status = _run(["dvc", "status"], repo).stdout
    assert "changed" not in status and "modified" not in status
    before = _lock_hashes(repo)
    report = (repo / "reports/index.html").read_bytes()
    _run(["dvc", "repro", "-f"], repo)
    after = _lock_hashes(repo)
    for path in DATA_OUTS:
        assert before[path] == after[path], path
    # The executed notebooks (outputs so a cache restore brings the matching ones) are records
    # of a run, not data: they are left out of the byte comparison.
    records = "reports/notebooks/"
    assert {k: v for k, v in before.items() if not k.startswith(records)} == {
        k: v for k, v in after.items() if not k.startswith(records)
    }
    assert set(before) == set(after)
    assert (repo / "reports/index.html").read_bytes() == report


def test_notebooks_run_top_to_bottom_as_opened_in_jupyter(repo: Path) -> None:
    """With the defaults of their parameters cell, from notebooks/, they reproduce the outputs."""
    import jupytext
    from nbclient import NotebookClient

    before = {p: (repo / p).read_bytes() for p in DATA_OUTS}
    env_path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    old_path, os.environ["PATH"] = os.environ["PATH"], env_path
    try:
        for name in NOTEBOOKS:
            nb = jupytext.read(repo / "notebooks" / f"{name}.py")
            NotebookClient(
                nb,
                kernel_name="python3",
                timeout=600,
                resources={"metadata": {"path": str(repo / "notebooks")}},
            ).execute()
    finally:
        os.environ["PATH"] = old_path
    for p, data in before.items():
        assert (repo / p).read_bytes() == data, p
    status = _run(["dvc", "status"], repo).stdout
    assert "modified" not in status and "changed" not in status
