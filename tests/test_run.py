import logging
import shutil
from pathlib import Path

import pytest
import yaml

from pipeline.run import STAGES, export_html, run_stage, scrub


def test_dvc_yaml_matches_the_runner(root: Path) -> None:
    """dvc.yaml deps/outs/params are exactly what the runner injects and the stage imports."""
    spec = yaml.safe_load((root / "dvc.yaml").read_text())["stages"]
    assert list(spec) == list(STAGES)
    for name, stage in STAGES.items():
        s = spec[name]
        assert s["cmd"] == f"python -m pipeline.run {name}"
        assert s["params"] == [stage.section]
        deps = set(s["deps"])
        assert stage.notebook in deps
        assert set(stage.modules) <= deps
        assert set(stage.inputs.values()) - {"reports/metrics"} <= deps
        outs = {
            next(iter(o)) if isinstance(o, dict) else o
            for key in ("outs", "metrics", "plots")
            for o in s.get(key, [])
        }
        assert set(stage.outputs.values()) == outs
    produced = {o for st in STAGES.values() for o in st.outputs.values()}
    for name, s in spec.items():
        for dep in set(s["deps"]) - produced:  # sources must be in the repository
            assert (root / dep).exists(), f"{name}: missing dependency {dep}"


def test_no_stage_reads_an_executed_notebook(root: Path) -> None:
    spec = yaml.safe_load((root / "dvc.yaml").read_text())["stages"]
    for s in spec.values():
        assert not any(str(d).startswith("reports/notebooks") for d in s["deps"])


def test_scrub_removes_timestamps_and_paths() -> None:
    nb = {
        "metadata": {
            "papermill": {
                "start_time": "t",
                "end_time": "t",
                "duration": 1.0,
                "input_path": "/abs/in",
                "output_path": "/abs/out",
                "parameters": {"a": 1},
            }
        },
        "cells": [
            {
                "metadata": {
                    "papermill": {"duration": 1},
                    "execution": {"iopub": "t"},
                    "tags": ["parameters"],
                }
            }
        ],
    }
    out = scrub(nb)
    assert out["metadata"]["papermill"] == {"parameters": {"a": 1}}
    assert out["cells"][0]["metadata"] == {"tags": ["parameters"]}


def _project(tmp_path: Path, root: Path, notebook: str) -> Path:
    shutil.copy(root / "params.yaml", tmp_path / "params.yaml")
    shutil.copy(root / "dvc.yaml", tmp_path / "dvc.yaml")
    (tmp_path / "pipeline").symlink_to(root / "pipeline")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01_clean.py").write_text(notebook)
    return tmp_path


def test_failing_cell_exits_non_zero_with_its_error(tmp_path: Path, root: Path, caplog) -> None:
    nb = '# %% tags=["parameters"]\nparams = None\n\n# %%\nx = 1\n\n# %%\n1 / 0\n'
    proj = _project(tmp_path, root, nb)
    with caplog.at_level(logging.ERROR):
        assert run_stage("clean", proj) == 1
    assert "failed in cell 3 of notebooks/01_clean.py (1 / 0)" in caplog.text
    assert "ZeroDivisionError: division by zero" in caplog.text
    html = (proj / "reports/notebooks/01_clean.html").read_text()
    assert "ZeroDivisionError" in html
    assert str(tmp_path) not in (proj / "reports/notebooks/01_clean.ipynb").read_text()


def test_bad_params_stop_before_any_work(tmp_path: Path, root: Path, caplog) -> None:
    proj = _project(tmp_path, root, '# %% tags=["parameters"]\nparams = None\n')
    (proj / "params.yaml").write_text("clean:\n  min_words: -3\n  colour: red\n")
    with caplog.at_level(logging.ERROR):
        assert run_stage("clean", proj) == 2
    assert "clean.min_words" in caplog.text and "clean.colour: unknown key" in caplog.text
    assert not (proj / "reports").exists()


def test_successful_stage_injects_params_and_paths(tmp_path: Path, root: Path) -> None:
    nb = (
        '# %% tags=["parameters"]\nparams = None\narticles_path = "x"\n\n# %%\n'
        "from pathlib import Path\n"
        "Path('out.txt').write_text(f\"{params['min_words']} {articles_path}\")\n"
    )
    proj = _project(tmp_path, root, nb)
    assert run_stage("clean", proj) == 0
    assert (proj / "out.txt").read_text() == "40 data/interim/articles.parquet"


@pytest.mark.parametrize("stage", list(STAGES))
def test_stage_notebooks_exist(root: Path, stage: str) -> None:
    assert (root / STAGES[stage].notebook).exists()


def test_export_is_offline_and_titled_by_the_notebook(tmp_path: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Stance")])
    html = export_html(nb, tmp_path / "03_stance.html").read_text(encoding="utf-8")
    assert "<title>03_stance</title>" in html
    assert "Content-Security-Policy" in html
    assert "cdnjs" not in html and "require.js" not in html and "mathjax" not in html.lower()
