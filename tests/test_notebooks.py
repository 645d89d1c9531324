import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest

from pipeline.run import stages

NOTEBOOKS = [s.notebook for s in stages().values()]


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_text_form_is_what_jupytext_writes(root: Path, path: str) -> None:
    """Saving the paired notebook in Jupyter rewrites the .py exactly as it is (no dvc change)."""
    text = (root / path).read_text()
    nb = jupytext.reads(text, fmt="py:percent")
    for i, cell in enumerate(nb.cells):  # outputs as after an interactive run
        if cell.cell_type == "code":
            cell.execution_count = i
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="out\n")]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    config = jupytext.config.load_jupytext_configuration_file(str(root / "notebooks/jupytext.toml"))
    assert jupytext.writes(nb, fmt="py:percent", config=config) == text


def test_pairing_sync_leaves_the_text_form_unchanged(root: Path, tmp_path: Path) -> None:
    for p in (*NOTEBOOKS, "notebooks/jupytext.toml"):
        (tmp_path / Path(p).name).write_bytes((root / p).read_bytes())
    jt = [sys.executable, "-m", "jupytext", "--quiet", "--sync"]
    subprocess.run([*jt, *(str(tmp_path / Path(p).name) for p in NOTEBOOKS)], check=True)
    ipynb = tmp_path / Path(NOTEBOOKS[0]).with_suffix(".ipynb").name
    nb = nbformat.read(ipynb, as_version=4)
    nb.cells[-1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="x\n")]
    nbformat.write(nb, ipynb)
    subprocess.run([*jt, str(ipynb)], check=True)
    for p in NOTEBOOKS:
        assert (tmp_path / Path(p).name).read_bytes() == (root / p).read_bytes()
