"""One runner for every stage: ``python -m pipeline.run <stage>``.

Validates ``params.yaml``, executes the stage notebook (``notebooks/NN_stage.py``, jupytext
percent format) with papermill, injecting the stage's params section and its input/output paths,
then writes the executed notebook and an offline HTML export to ``reports/notebooks/``. Exits
non-zero with the failing cell's error when a cell raises.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from pipeline.config import Params, ParamsError, load_params
from pipeline.wiring import Stage, load_stages, stage_problems

log = logging.getLogger("pipeline.run")

EXECUTED_DIR = "reports/notebooks"
# The kernel logs only critical errors to the stage's stderr: otherwise every stage prints
# ipykernel's "Kernel is running over TCP without encryption" (the kernel listens on
# localhost only) and, when jupyter_client's shutdown sends its SIGINT while the kernel is in a
# handler, "KeyboardInterrupt caught in kernel". A failing cell is reported from the executed
# notebook, not from the kernel's log.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]


def stages(root: Path | None = None) -> dict[str, Stage]:
    """The stages of ``dvc.yaml`` (the single source of the wiring; see :mod:`pipeline.wiring`)."""
    return load_stages(root or project_root(Path(__file__).parent))


def tracked_params(params: Params, stage: Stage) -> dict[str, Any]:
    """The params the stage tracks in ``dvc.yaml``, as the notebook's ``params`` value.

    A mapping of exactly the keys it tracks (``entities.blocs`` → ``{"entities": {"blocs":
    ...}}``), so a notebook cannot depend on a value DVC does not track for it.
    """
    data = params.model_dump(mode="json")
    out: dict[str, Any] = {}
    for key in stage.params:
        parts = key.split(".")
        value: Any = data
        for part in parts:
            value = value[part]
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


def project_root(start: Path | None = None) -> Path:
    """The directory holding ``dvc.yaml`` (searched upwards from ``start`` or the cwd)."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / "dvc.yaml").exists() and (d / "pipeline").is_dir():
            return d
    raise FileNotFoundError(f"no dvc.yaml found above {here}")


def scrub(nb: dict) -> dict:
    """Remove run timestamps, durations and absolute paths from an executed notebook."""
    meta = nb.get("metadata", {})
    pm = meta.get("papermill", {})
    for key in (
        "start_time",
        "end_time",
        "duration",
        "input_path",
        "output_path",
        "environment_variables",
        "exception",
    ):
        pm.pop(key, None)
    for cell in nb.get("cells", []):
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
    return nb


_ADDED_TAGS = {"injected-parameters", "papermill-error-cell-tag"}


def failed_cell(nb: dict) -> tuple[int, str]:
    """1-based position of the failing cell in the stage notebook, and its first source line."""
    position = 0
    for cell in nb.get("cells", []):
        if _ADDED_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        position += 1
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            lines = str(cell.get("source", "")).strip().splitlines() or [""]
            return position, lines[0][:80]
    return 0, ""


def export_html(nb: dict, path: Path) -> Path:
    """Offline HTML export: inline CSS and images, no require.js or MathJax from a CDN.

    The page title is the notebook's file stem (``03_stance``).
    """
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="haluan_offline",
        extra_template_basedirs=[str(Path(__file__).parent / "report" / "nbconvert")],
        embed_images=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
    path.write_text(body, encoding="utf-8")
    return path


def run_stage(name: str, root: Path) -> int:
    """Execute one stage notebook; return a process exit code."""
    import jupytext
    import nbformat
    import papermill as pm

    stage = stages(root)[name]
    try:
        params = load_params(root / "params.yaml")
    except ParamsError as err:
        log.error("%s", err)
        return 2
    drift = stage_problems(root, stage, imports=False)  # imports: tests/test_wiring.py
    if drift:
        log.error("stage '%s' is not wired as dvc.yaml says:\n  %s", name, "\n  ".join(drift))
        return 2
    nb = jupytext.read(root / stage.notebook)
    out_dir = root / EXECUTED_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    out_nb = out_dir / f"{Path(stage.notebook).stem}.ipynb"
    parameters = {"params": tracked_params(params, stage)}
    # The kernel must be this environment's Python, whatever PATH the caller had.
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    # Single-threaded BLAS in the kernel: stages are sequential and small; BLAS threads that
    # spin on a busy 2-core machine made one model fit 15x slower.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    t0 = time.perf_counter()
    failure = None
    try:
        pm.execute_notebook(
            nb,
            str(out_nb),
            parameters=parameters,
            cwd=str(root),
            kernel_name="python3",
            language="python",
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            extra_arguments=KERNEL_ARGUMENTS,
        )
    except pm.PapermillExecutionError as err:
        failure = err
    executed = scrub(nbformat.read(out_nb, as_version=4))
    nbformat.write(executed, out_nb)
    export_html(executed, out_nb.with_suffix(".html"))
    if failure is not None:
        position, source = failed_cell(executed)
        log.error(
            "stage '%s' failed in cell %d of %s (%s):\n%s: %s\n(see %s)",
            name,
            position,
            stage.notebook,
            source,
            failure.ename,
            failure.evalue,
            out_nb.relative_to(root),
        )
        return 1
    log.info(
        "stage '%s' done in %.1f s → %s",
        name,
        time.perf_counter() - t0,
        ", ".join(stage.outputs),
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.run", description=__doc__.split("\n")[0]
    )
    root = project_root()
    parser.add_argument("stage", choices=sorted(stages(root)), help="stage to run")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("papermill").setLevel(logging.WARNING)
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    return run_stage(args.stage, root)


if __name__ == "__main__":
    sys.exit(main())
