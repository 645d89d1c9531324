"""The whole pipeline (`dvc repro`) on the hostile corpus: it finishes, every input has its row
or warning, and no text from outside the corpus folder reaches any output, notebook or report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.clean.conftest import SECRET, build_hostile
from tests.repo import copy_repository, git_init, run

pytestmark = pytest.mark.e2e


def test_the_pipeline_on_the_hostile_corpus(tmp_path: Path, root: Path) -> None:
    repo = tmp_path / "haluan"
    copy_repository(root, repo)
    git_init(repo, "copy")
    shutil.rmtree(repo / "data/raw")
    hostile = build_hostile(repo / "data/raw", tmp_path / "outside")
    done = run(["dvc", "repro"], repo, timeout=1500)

    articles = pd.read_parquet(repo / "data/interim/articles.parquet")
    assert sorted(articles["source"]) == sorted(hostile.rows)  # one row per input
    read = articles[articles["status"] != "excluded"]["source"]
    assert sorted(read) == sorted(hostile.read)
    assert articles.loc[articles["status"] != "kept", "reason"].notna().all()
    details = json.loads((repo / "reports/clean-details.json").read_text())
    assert details["n_warnings"] == len(hostile.warnings)  # one warning per non-article

    outputs = [p for p in (repo / "data").rglob("*") if p.is_file() and "raw" not in p.parts]
    outputs += [p for p in (repo / "reports").rglob("*") if p.is_file()]
    assert len(outputs) > 20
    for path in outputs:
        assert SECRET.encode() not in path.read_bytes(), path.relative_to(repo)
    for text in (done.stdout, done.stderr):
        assert SECRET not in text and "KeyboardInterrupt" not in text
    html = (repo / "reports/index.html").read_text(encoding="utf-8")
    assert "a-edited.txt" in html  # the duplicate, and the file it duplicates, are listed
