"""Scaling of the per-article work: the shards of clean, entities and stance on Dask.

Reads a corpus and the stage outputs of a repository copy that ``bench/repro.py`` ran
(``--repo``, default ``bench/out/repro/haluan``), then times the three sharded steps with an
empty cache: in the process (``synchronous``), and on a ``LocalCluster`` of 1 and of 2 workers
(cluster start-up included, and reported apart). Prints Markdown, writes
``bench/out/shards.json``. The target (two workers >= 1.7x one worker) is printed, not asserted.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


class _Shards(logging.Handler):
    """Seconds of the shards of each step, from pipeline.shards' "computed" log line."""

    def __init__(self) -> None:
        super().__init__()
        self.seconds: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        m = re.match(r"(\w+): computed \d+ shards in ([\d.]+) s", record.getMessage())
        if m:
            self.seconds[f"{m[1]} shards"] = float(m[2])


def _steps(repo: Path, compute: Any) -> dict[str, float]:
    """Seconds of each sharded step on ``repo``'s inputs with ``compute``, and of its shards."""
    handler = _Shards()
    logging.getLogger("pipeline.shards").addHandler(handler)
    logging.getLogger("pipeline.shards").setLevel(logging.INFO)
    from pipeline.clean.ingest import read_metadata, require_articles, scan_corpus
    from pipeline.clean.lines import LineClassifier, load_line_lexicon
    from pipeline.clean.rules import load_rules
    from pipeline.clean.stage import clean_corpus
    from pipeline.config import CleanParams, EntitiesParams, StanceParams
    from pipeline.entities.dictionary import load_dictionary
    from pipeline.entities.stage import tag_corpus
    from pipeline.io import read_table
    from pipeline.persist import load_skops
    from pipeline.stance.lexicon import load_lexicon
    from pipeline.stance.model import load_model
    from pipeline.stance.sharded import measure_stance_sharded

    lex = ROOT / "data" / "lexicons"
    raw = repo / "data" / "raw"
    cfg = CleanParams()
    records = require_articles(scan_corpus(raw, int(cfg.max_file_mb * 1e6)).records, raw)
    classifier = LineClassifier(
        load_skops(ROOT / "data/models/line_model.skops"),
        load_line_lexicon(lex / "line_features.yaml"),
    )
    out = {}
    t0 = time.perf_counter()
    clean_corpus(
        records,
        read_metadata(raw),
        load_rules(lex / "boilerplate.yaml"),
        cfg,
        progress=False,
        classifier=classifier,
        sharded=(ROOT, compute, ("data/lexicons/boilerplate.yaml",)),
    )
    out["clean (whole clean_corpus)"] = time.perf_counter() - t0
    del records
    articles = read_table(repo / "data/interim/articles.parquet", "articles")
    t0 = time.perf_counter()
    tagged = tag_corpus(
        articles,
        load_dictionary(lex / "actors.yaml"),
        EntitiesParams(),
        progress=False,
        sharded=(ROOT, compute, "data/lexicons/actors.yaml"),
    )
    out["entities (whole tag_corpus)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    measure_stance_sharded(
        articles,
        tagged.sentences,
        tagged.mentions,
        load_lexicon(lex / "stance.yaml"),
        load_model(ROOT / "data/models/stance_model.skops"),
        StanceParams(),
        (ROOT, compute, ("data/lexicons/stance.yaml",)),
    )
    out["stance (measure_stance_sharded)"] = time.perf_counter() - t0
    logging.getLogger("pipeline.shards").removeHandler(handler)
    return {**out, **handler.seconds}


def main(argv: list[str] | None = None) -> int:
    """Time each configuration, print and save."""
    from pipeline.config import ComputeParams
    from pipeline.shards import dask_client

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, default=OUT / "repro" / "haluan")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"repo": str(args.repo), "load_before": os.getloadavg()}
    for name, settings in (
        ("synchronous", {"scheduler": "synchronous"}),
        ("1 worker", {"scheduler": "local", "workers": 1}),
        ("2 workers", {"scheduler": "local", "workers": 2}),
    ):
        cache = Path(tempfile.mkdtemp(prefix="haluan-bench-cache-"))
        compute = ComputeParams(**settings, min_parallel_articles=0, cache_dir=str(cache))
        if settings["scheduler"] == "local":
            t0 = time.perf_counter()
            with dask_client(compute):
                pass
            results[f"{name}: cluster start and stop"] = time.perf_counter() - t0
        steps = _steps(args.repo, compute)
        results[name] = steps
        shutil.rmtree(cache)
    results["load_after"] = os.getloadavg()
    one, two = results["1 worker"], results["2 workers"]
    lines = [
        f"Sharded steps on {args.repo}; load average before {results['load_before']}, "
        f"after {results['load_after']}",
        "",
        "| step | in process | 1 worker | 2 workers | speed-up 2 vs 1 (target >= 1.7) |",
        "|---|--:|--:|--:|--:|",
        *(
            f"| {k} | {results['synchronous'][k]:.1f} s | {one[k]:.1f} s | {two[k]:.1f} s | "
            f"{one[k] / two[k]:.2f}x |"
            for k in one
        ),
        f"| all three | {sum(results['synchronous'].values()):.1f} s | {sum(one.values()):.1f} s "
        f"| {sum(two.values()):.1f} s | {sum(one.values()) / sum(two.values()):.2f}x |",
        "",
        f"Cluster start and stop: 1 worker {results['1 worker: cluster start and stop']:.1f} s, "
        f"2 workers {results['2 workers: cluster start and stop']:.1f} s (included above, once "
        "per step).",
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "shards.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print("\n".join(lines))  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
