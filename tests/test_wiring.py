"""dvc.yaml is the single source of the wiring: notebooks and imports are checked against it."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.wiring import imported_files, load_stages, problems, stage_problems


def test_every_stage_is_wired_as_dvc_yaml_says(root: Path) -> None:
    assert problems(root) == []


def test_the_import_closure_follows_the_code(root: Path) -> None:
    used = imported_files(root, "notebooks/04_report.py")
    # the report's evidence explorer highlights with the stance stage's TermIndex
    assert "pipeline/stance/terms.py" in used and "pipeline/blanking.py" in used
    assert "pipeline/run.py" in used and "pipeline/wiring.py" in used
    assert not any(f.startswith("pipeline/clean/") for f in used)


def _copy(root: Path, tmp_path: Path) -> Path:
    for rel in ("dvc.yaml", "params.yaml"):
        shutil.copy(root / rel, tmp_path / rel)
    shutil.copytree(root / "notebooks", tmp_path / "notebooks")
    shutil.copytree(root / "pipeline", tmp_path / "pipeline")
    return tmp_path


def test_a_missing_module_dep_and_a_stale_one_are_found(root: Path, tmp_path: Path) -> None:
    proj = _copy(root, tmp_path)
    text = (proj / "dvc.yaml").read_text()
    report = text.index("  report:")
    head, tail = text[:report], text[report:]
    tail = tail.replace("      - pipeline/stance/terms.py\n", "", 1)
    tail = tail.replace(
        "      - pipeline/report\n", "      - pipeline/report\n      - pipeline/train.py\n", 1
    )
    (proj / "dvc.yaml").write_text(head + tail)
    found = stage_problems(proj, load_stages(proj)["report"])
    assert (
        "dvc.yaml stage 'report': imports pipeline/stance/terms.py, which is not in its deps"
        in found
    )
    assert (
        "dvc.yaml stage 'report': lists pipeline/train.py in its deps, but imports nothing from it"
        in found
    )


def test_executed_notebooks_are_outputs_of_their_stages(root: Path, tmp_path: Path) -> None:
    from pipeline import run
    from pipeline.wiring import EXECUTED_DIR, executed_outputs

    assert run.EXECUTED_DIR == EXECUTED_DIR  # the runner writes where dvc.yaml declares
    for stage in load_stages(root).values():
        nb, html = executed_outputs(stage)
        assert {nb, html} <= set(stage.outputs), stage.name
    proj = _copy(root, tmp_path)
    text = (proj / "dvc.yaml").read_text()
    (proj / "dvc.yaml").write_text(text.replace("      - reports/notebooks/03_stance.html\n", ""))
    found = stage_problems(proj, load_stages(proj)["stance"], imports=False)
    assert found == [
        "dvc.yaml stage 'stance': the runner writes reports/notebooks/03_stance.html, "
        "which is not an out"
    ]
