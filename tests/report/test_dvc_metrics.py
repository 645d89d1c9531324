"""`dvc metrics show` is one readable table: the headline metrics only, within 120 columns."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.io import HEADLINE_METRICS, headline_metrics
from tests.report.conftest import run


def _declared_metrics(root: Path) -> dict[str, list[str]]:
    stages = yaml.safe_load((root / "dvc.yaml").read_text())["stages"]
    return {
        name: [next(iter(m)) if isinstance(m, dict) else m for m in s.get("metrics", [])]
        for name, s in stages.items()
    }


def test_only_the_headline_files_are_dvc_metrics(root: Path) -> None:
    declared = sorted(f for files in _declared_metrics(root).values() for f in files)
    assert declared == sorted(f"reports/metrics/{s}.json" for s in HEADLINE_METRICS)
    assert sum(len(v) for v in HEADLINE_METRICS.values()) <= 8


def test_headline_metrics_are_taken_from_the_details() -> None:
    details = {"articles": 7, "by_status": {"kept": 5, "excluded": 2}, "removed_by_rule": {"x": 1}}
    assert headline_metrics("clean", details) == {"articles": 7, "kept": 5}
    assert headline_metrics("clean", {}) == {"articles": 0, "kept": 0}
    head = {"headline": {"test_alignment_macro_f1": 0.5, "test_framing_macro_f1": 0.7}}
    assert headline_metrics("evaluation", head) == {"alignment_f1": 0.5, "framing_f1": 0.7}


@pytest.mark.e2e
def test_dvc_metrics_show_fits_120_columns(hostile_repo: Path) -> None:
    out = run(["dvc", "metrics", "show"], hostile_repo).stdout
    lines = [line for line in out.splitlines() if line.strip()]
    assert max(len(line) for line in lines) <= 120, out
    paths = [line.split()[0] for line in lines[1:]]
    assert sorted(paths) == sorted(f"reports/metrics/{s}.json" for s in HEADLINE_METRICS)
