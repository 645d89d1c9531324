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
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import ParamsError, load_params

log = logging.getLogger("pipeline.run")

EXECUTED_DIR = "reports/notebooks"


@dataclass(frozen=True)
class Stage:
    """A pipeline stage: its notebook, params section, inputs and outputs (relative paths)."""

    name: str
    notebook: str
    section: str
    modules: tuple[str, ...]
    inputs: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)


_COMMON = (
    "pipeline/__init__.py",
    "pipeline/config.py",
    "pipeline/errors.py",
    "pipeline/io.py",
    "pipeline/run.py",
    "pipeline/schemas.py",
    "pipeline/evaluation.py",
    "pipeline/notebook.py",
)

STAGES: dict[str, Stage] = {
    s.name: s
    for s in (
        Stage(
            "clean",
            "notebooks/01_clean.py",
            "clean",
            (*_COMMON, "pipeline/clean"),
            inputs={
                "raw_dir": "data/raw",
                "rules_path": "data/lexicons/boilerplate.yaml",
                "gold_lines_path": "data/annotations/clean_lines.csv",
            },
            outputs={
                "articles_path": "data/interim/articles.parquet",
                "cleaning_log_path": "data/interim/cleaning_log.parquet",
                "metrics_path": "reports/metrics/clean.json",
            },
        ),
        Stage(
            "entities",
            "notebooks/02_entities.py",
            "entities",
            (*_COMMON, "pipeline/entities"),
            inputs={
                "articles_path": "data/interim/articles.parquet",
                "dictionary_path": "data/lexicons/actors.yaml",
                "gold_mentions_path": "data/annotations/mentions.csv",
            },
            outputs={
                "sentences_path": "data/processed/sentences.parquet",
                "mentions_path": "data/processed/mentions.parquet",
                "metrics_path": "reports/metrics/entities.json",
            },
        ),
        Stage(
            "stance",
            "notebooks/03_stance.py",
            "stance",
            (*_COMMON, "pipeline/stance"),
            inputs={
                "articles_path": "data/interim/articles.parquet",
                "sentences_path": "data/processed/sentences.parquet",
                "mentions_path": "data/processed/mentions.parquet",
                "lexicon_path": "data/lexicons/stance.yaml",
                "gold_articles_path": "data/annotations/articles.csv",
                "gold_sentences_path": "data/annotations/sentences.csv",
                "synthetic_sentences_path": "data/annotations/synthetic_sentences.csv",
            },
            outputs={
                "relations_path": "data/processed/relations.parquet",
                "sentence_stance_path": "data/processed/sentence_stance.parquet",
                "stance_path": "data/processed/article_stance.parquet",
                "components_path": "data/processed/framing_components.parquet",
                "aggregates_path": "data/processed/aggregates.parquet",
                "model_path": "data/models/stance_model.skops",
                "monthly_path": "reports/plots/alignment_by_month.csv",
                "metrics_path": "reports/metrics/stance.json",
            },
        ),
        Stage(
            "report",
            "notebooks/04_report.py",
            "report",
            (
                *_COMMON,
                "pipeline/report",
                "pipeline/entities/dictionary.py",
                "pipeline/stance/lexicon.py",
            ),
            inputs={
                "articles_path": "data/interim/articles.parquet",
                "cleaning_log_path": "data/interim/cleaning_log.parquet",
                "sentences_path": "data/processed/sentences.parquet",
                "mentions_path": "data/processed/mentions.parquet",
                "relations_path": "data/processed/relations.parquet",
                "stance_path": "data/processed/article_stance.parquet",
                "components_path": "data/processed/framing_components.parquet",
                "aggregates_path": "data/processed/aggregates.parquet",
                "monthly_path": "reports/plots/alignment_by_month.csv",
                "stage_metrics_dir": "reports/metrics",
                "dictionary_path": "data/lexicons/actors.yaml",
                "lexicon_path": "data/lexicons/stance.yaml",
            },
            outputs={"report_path": "reports/index.html", "metrics_path": "reports/metrics.json"},
        ),
    )
}


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

    stage = STAGES[name]
    try:
        params = load_params(root / "params.yaml")
    except ParamsError as err:
        log.error("%s", err)
        return 2
    section = getattr(params, stage.section).model_dump(mode="json")
    nb = jupytext.read(root / stage.notebook)
    out_dir = root / EXECUTED_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    out_nb = out_dir / f"{Path(stage.notebook).stem}.ipynb"
    parameters = {"params": section, **stage.inputs, **stage.outputs}
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
        ", ".join(stage.outputs.values()),
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.run", description=__doc__.split("\n")[0]
    )
    parser.add_argument("stage", choices=sorted(STAGES), help="stage to run")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("papermill").setLevel(logging.WARNING)
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    return run_stage(args.stage, project_root())


if __name__ == "__main__":
    sys.exit(main())
