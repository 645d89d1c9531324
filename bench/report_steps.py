"""The report stage's work step by step on a repository after ``dvc repro``: RSS after each
table is read, after the evidence explorer, its JSON, the exports and the whole report, and
the report's size. Run it in the repository (e.g. ``bench/out/repro/haluan``)::

    cd bench/out/repro/haluan && python ../../../report_steps.py [--out /tmp/index.html]

``--cache DIR`` caches the report's parts there (:mod:`pipeline.report.cached`, as the report
stage does under ``compute.cache_dir``): a second run with the same DIR shows a run whose
explorer, figures and workbook inputs did not change.

Then ``python bench/report_open.py /tmp/index.html`` times headless Chromium opening it.
Prints one line per step; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TABLES = {
    "articles": "data/interim/articles.parquet",
    "cleaning_log": "data/interim/cleaning_log.parquet",
    "sentences": "data/processed/sentences.parquet",
    "mentions": "data/processed/mentions.parquet",
    "relations": "data/processed/relations.parquet",
    "sentence_stance": "data/processed/sentence_stance.parquet",
    "article_stance": "data/processed/article_stance.parquet",
    "framing_components": "data/processed/framing_components.parquet",
    "aggregates": "data/processed/aggregates.parquet",
}
DETAILS = ("clean", "entities", "stance", "train", "evaluation")
COLUMNS = {"cleaning_log": ["doc_id", "text", "rule"]}  # as notebooks/04_report.py reads it


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/haluan-report-steps.html"))
    parser.add_argument("--cache", type=Path, default=None, help="cache the report's parts here")
    args = parser.parse_args()
    proc, t0 = psutil.Process(), time.perf_counter()
    print(f"load average {os.getloadavg()}", flush=True)  # noqa: T201

    def mark(what: str) -> None:
        rss = proc.memory_info().rss / 1e6
        print(f"{time.perf_counter() - t0:6.1f} s {rss:7.0f} MB  {what}", flush=True)  # noqa: T201

    import pandas as pd

    from pipeline.config import ComputeParams
    from pipeline.entities.dictionary import load_dictionary
    from pipeline.io import read_table
    from pipeline.report.build import (
        ARTICLE_COLUMNS,
        EVIDENCE_BUDGET_BYTES,
        ReportInputs,
        annotated_count,
        build_report,
    )
    from pipeline.report.evidence import build_evidence, explorer_json, lexicon_terms
    from pipeline.report.exports import export_tables, write_exports
    from pipeline.report.tables import framing_table
    from pipeline.stance.lexicon import load_lexicon

    mark("imports")
    where = None if args.cache is None else str(args.cache.resolve())
    cache = None if where is None else (ROOT, ComputeParams(cache_dir=where))
    t = {}
    for name, path in TABLES.items():
        t[name] = read_table(path, name, {**COLUMNS, "articles": ARTICLE_COLUMNS}.get(name))
        mark(f"read {name}: {len(t[name])} rows")
    labels = {e.id: e.label for e in load_dictionary("data/lexicons/actors.yaml").entities.values()}
    lexicon = load_lexicon("data/lexicons/stance.yaml")
    summary = json.loads(Path("data/processed/stance_summary.json").read_text(encoding="utf-8"))
    terms = lexicon_terms(lexicon.framing)
    ev = build_evidence(
        t["articles"], t["sentences"], t["mentions"], t["relations"], t["sentence_stance"],
        t["article_stance"], t["framing_components"], labels, terms, 12, EVIDENCE_BUDGET_BYTES,
    )  # fmt: skip
    mark(f"evidence: {len(ev.articles)} articles, cap {ev.cap}")
    mark(f"explorer JSON {len(explorer_json(ev).encode()) / 1e6:.2f} MB")
    del ev
    write_exports(
        export_tables(
            t["articles"], t["sentences"], t["mentions"], t["relations"], t["article_stance"],
            t["framing_components"], t["aggregates"], framing_table(summary),
        ),
        Path("/tmp/haluan-report-steps-exports"), cache,
    )  # fmt: skip
    mark("exports")
    details = {
        s: json.loads(Path(f"reports/{s}-details.json").read_text(encoding="utf-8"))
        for s in DETAILS
    }
    annotated = annotated_count(
        read_table(TABLES["articles"], "articles", ["body"], ("status", "kept"))["body"],
        read_table("data/annotated/articles.parquet", "articles", ["body"])["body"],
    )
    inputs = ReportInputs(
        articles=t["articles"],
        cleaning_log=t["cleaning_log"],
        sentences=t["sentences"],
        mentions=t["mentions"],
        relations=t["relations"],
        sentence_stance=t["sentence_stance"],
        stance=t["article_stance"],
        components=t["framing_components"],
        monthly=pd.read_csv("reports/plots/alignment_by_month.csv", dtype={"month": str}),
        aggregates=t["aggregates"],
        summary=summary,
        stage_metrics=details,
        annotated_kept=annotated,
    )
    html, _ = build_report(
        inputs,
        title="Haluan",
        top_actors=15,
        per_article=12,
        labels=labels,
        wire_bloc=lexicon.wire_bloc,
        framing_terms=terms,
        params_text="",
        root=Path("."),
        notebooks=[],
        focal="Armenia",
        cache=cache,
    )
    args.out.write_text(html, encoding="utf-8")
    mark(f"report {len(html.encode()) / 1e6:.2f} MB → {args.out}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    print(f"peak RSS {peak:.0f} MB, load average {os.getloadavg()}")  # noqa: T201


if __name__ == "__main__":
    main()
