"""`dvc plots show` renders the plots declared in dvc.yaml from the pipeline's output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.report.conftest import run

pytestmark = pytest.mark.e2e


def test_dvc_plots_show_renders_the_declared_plots(hostile_repo: Path, tmp_path: Path) -> None:
    stages = yaml.safe_load((hostile_repo / "dvc.yaml").read_text())["stages"]
    declared = {
        path: spec
        for s in stages.values()
        for item in s.get("plots", [])
        for path, spec in (item.items() if isinstance(item, dict) else [(item, {})])
    }
    assert declared, "dvc.yaml declares no plot"
    run(["dvc", "plots", "show", "--out", str(tmp_path / "plots")], hostile_repo)
    html = (tmp_path / "plots" / "index.html").read_text(encoding="utf-8")
    specs = [json.loads(m) for m in re.findall(r"var spec = (\{.*?\});\s*\n", html)]
    assert len(specs) == len(declared)
    for path, spec in declared.items():
        (plot,) = [p for p in specs if p["title"]["text"] == spec.get("title", path)]
        data = pd.read_csv(hostile_repo / path, dtype=str)
        values = plot["data"]["values"]
        assert [v[spec["x"]] for v in values] == data[spec["x"]].tolist()
        assert [float(v[spec["y"]]) for v in values] == data[spec["y"]].astype(float).tolist()
        assert len(values) >= 2
        assert plot["encoding"]["x"]["type"] == "temporal"  # months are dates, not numbers
        assert plot["encoding"]["x"]["title"] == spec["x_label"]
    assert "cdn.jsdelivr" not in html and not re.search(r"<script[^>]+src=", html)
