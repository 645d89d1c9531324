"""Scaling of the per-article work: the shards of clean, entities and stance on Dask.

Reads a corpus and the stage outputs of a repository copy that ``bench/repro.py`` ran
(``--repo``, default ``bench/out/repro/haluan``), then runs the three sharded steps with an
empty cache: in the process (``synchronous``), and on a ``LocalCluster`` of 1 and of 2 workers,
one cluster session per stage as the stages run it (cluster start-up included). CPU accounting
that does not depend on the machine's load, from :func:`pipeline.shards.run_step`'s log: the
driver's CPU seconds while the shards compute, each shard's CPU seconds on its worker (their
sum, the largest, the busiest worker over the mean: imbalance), the pickled input and cache
entry per shard, and each worker's CPU at start-up and over the session (the difference to the
shards' own CPU is task overhead: unpickling inputs, imports, scattered context). ``--shards N``
fixes the shard count. Prints Markdown, writes ``bench/out/shards.json``; the target (two
workers >= 1.7x one) is printed, never asserted.
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
    """The CPU accounting pipeline.shards logs: each step's ``shard_stats``, the cluster's start
    and its workers' CPU seconds (at start, and used while the session lasted)."""

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[dict[str, Any]] = []
        self.sessions: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if hasattr(record, "shard_stats"):
            self.steps.append(record.shard_stats)
        if hasattr(record, "worker_start_cpu"):
            m = re.match(r"cluster started in ([\d.]+) s", record.getMessage())
            self.sessions.append(
                {"start_s": float(m[1]) if m else None, "start_cpu": record.worker_start_cpu}
            )
        if hasattr(record, "worker_cpu") and self.sessions:
            self.sessions[-1]["used_cpu"] = record.worker_cpu


def _summary(stats: dict[str, Any]) -> dict[str, Any]:
    """A step's figures: wall, driver CPU, shard CPU (sum, and the busiest worker's share over
    the mean: imbalance), bytes per shard."""
    per_worker: dict[int, float] = {}
    for w, c in zip(stats["task_worker"], stats["task_cpu_s"], strict=True):
        per_worker[w] = per_worker.get(w, 0.0) + c
    cpu = stats["task_cpu_s"]
    mean = sum(per_worker.values()) / max(len(per_worker), 1)
    out = {
        "shards": f"{stats['computed']} of {stats['shards']}",
        "wall_s": stats["wall_s"],
        "driver_cpu_s": stats["driver_cpu_s"],
        "shard_cpu_s": sum(cpu),
        "largest_shard_cpu_s": max(cpu, default=0.0),
        "busiest_worker_over_mean": max(per_worker.values(), default=0.0) / mean if mean else 0,
        "result_kb_per_shard": sum(stats["result_bytes"]) / max(len(cpu), 1) / 1e3,
    }
    if "input_bytes" in stats:
        out["input_kb_per_shard"] = sum(stats["input_bytes"]) / max(len(cpu), 1) / 1e3
    return out


def _steps(repo: Path, compute: Any) -> dict[str, Any]:
    """CPU accounting of each sharded step on ``repo``'s inputs with ``compute`` (one cluster
    session per stage, as the stages run)."""
    handler = _Shards()
    logger = logging.getLogger("pipeline.shards")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)  # also the pickled size of each shard's input
    from pipeline.clean.ingest import list_corpus, read_metadata
    from pipeline.clean.lines import LineClassifier, load_line_lexicon
    from pipeline.clean.rules import load_rules
    from pipeline.clean.stage import clean_tables
    from pipeline.config import CleanParams, EntitiesParams, StanceParams
    from pipeline.entities.dictionary import load_dictionary
    from pipeline.entities.stage import tag_corpus
    from pipeline.io import read_table
    from pipeline.persist import load_skops
    from pipeline.shards import cluster_session
    from pipeline.stance.lexicon import load_lexicon
    from pipeline.stance.model import load_model
    from pipeline.stance.sharded import measure_stance_sharded

    lex = ROOT / "data" / "lexicons"
    raw = repo / "data" / "raw"
    cfg = CleanParams()
    # the files as the clean stage lists them: paths and digests, read inside the shards
    items = list_corpus(raw, int(cfg.max_file_mb * 1e6)).items
    classifier = LineClassifier(
        load_skops(ROOT / "data/models/line_model.skops"),
        load_line_lexicon(lex / "line_features.yaml"),
    )
    out: dict[str, Any] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    with cluster_session(compute):
        clean_tables(
            items,
            read_metadata(raw),
            load_rules(lex / "boilerplate.yaml"),
            cfg,
            progress=False,
            classifier=classifier,
            sharded=(ROOT, compute, ("data/lexicons/boilerplate.yaml",)),
        )
    out["clean (whole clean_tables)"] = [time.perf_counter() - t0, time.process_time() - c0]
    del items
    articles = read_table(repo / "data/interim/articles.parquet", "articles")
    t0, c0 = time.perf_counter(), time.process_time()
    with cluster_session(compute):
        tagged = tag_corpus(
            articles,
            load_dictionary(lex / "actors.yaml"),
            EntitiesParams(),
            progress=False,
            sharded=(ROOT, compute, "data/lexicons/actors.yaml"),
        )
    out["entities (whole tag_corpus)"] = [time.perf_counter() - t0, time.process_time() - c0]
    t0, c0 = time.perf_counter(), time.process_time()
    with cluster_session(compute):
        measure_stance_sharded(
            articles,
            tagged.sentences,
            tagged.mentions,
            load_lexicon(lex / "stance.yaml"),
            load_model(ROOT / "data/models/stance_model.skops"),
            StanceParams(),
            (ROOT, compute, ("data/lexicons/stance.yaml",)),
        )
    out["stance (measure_stance_sharded)"] = [time.perf_counter() - t0, time.process_time() - c0]
    logger.removeHandler(handler)
    return {
        "whole (wall s, driver CPU s)": out,
        "steps": {s["step"]: _summary(s) for s in handler.steps},
        "sessions": handler.sessions,
    }


def main(argv: list[str] | None = None) -> int:
    """Time each configuration, print and save."""
    from pipeline.config import ComputeParams

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, default=OUT / "repro" / "haluan")
    parser.add_argument("--shards", type=int, default=None, help="a fixed shard count")
    parser.add_argument("--skip-synchronous", action="store_true")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"repo": str(args.repo), "load_before": os.getloadavg()}
    configs = [
        ("synchronous", {"scheduler": "synchronous"}),
        ("1 worker", {"scheduler": "local", "workers": 1}),
        ("2 workers", {"scheduler": "local", "workers": 2}),
    ]
    for name, settings in configs[1 if args.skip_synchronous else 0 :]:
        cache = Path(tempfile.mkdtemp(prefix="haluan-bench-cache-"))
        compute = ComputeParams(
            **settings, shards=args.shards, min_parallel_articles=0, cache_dir=str(cache)
        )
        results[name] = _steps(args.repo, compute)
        results[name]["load_after"] = os.getloadavg()
        shutil.rmtree(cache)
    lines = [f"Sharded steps on {args.repo}; load average before {results['load_before']}", ""]
    for name, _ in configs:
        if name not in results:
            continue
        r = results[name]
        lines += [
            f"**{name}** (load after {tuple(round(x, 2) for x in r['load_after'])})",
            "",
            "| step | shards | wall s | driver CPU s | shard CPU s | largest shard CPU s | "
            "busiest worker / mean | input kB/shard | result kB/shard |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
            *(
                f"| {step} | {v['shards']} | {v['wall_s']:.1f} | {v['driver_cpu_s']:.1f} | "
                f"{v['shard_cpu_s']:.1f} | {v['largest_shard_cpu_s']:.2f} | "
                f"{v['busiest_worker_over_mean']:.2f} | {v.get('input_kb_per_shard', 0):.0f} | "
                f"{v['result_kb_per_shard']:.0f} |"
                for step, v in r["steps"].items()
            ),
            "",
            *(
                f"- {k}: wall {w:.1f} s, driver CPU {c:.1f} s"
                for k, (w, c) in r["whole (wall s, driver CPU s)"].items()
            ),
            *(
                f"- cluster {n}: start {s['start_s']:.1f} s, worker CPU at start "
                f"{', '.join(f'{c:.1f}' for c in s['start_cpu'].values())} s, used after "
                f"{', '.join(f'{c:.1f}' for c in s.get('used_cpu', {}).values())} s"
                for n, s in enumerate(r["sessions"])
            ),
            "",
        ]
    if "1 worker" in results and "2 workers" in results:
        one = results["1 worker"]["whole (wall s, driver CPU s)"]
        two = results["2 workers"]["whole (wall s, driver CPU s)"]
        lines += [
            "| stage | 1 worker s | 2 workers s | 2 vs 1 (target >= 1.7) |",
            "|---|--:|--:|--:|",
        ]
        lines += [
            f"| {k} | {one[k][0]:.1f} | {two[k][0]:.1f} | {one[k][0] / two[k][0]:.2f}x |"
            for k in one
        ]
        w1, w2 = sum(v[0] for v in one.values()), sum(v[0] for v in two.values())
        lines += [f"| all three | {w1:.1f} | {w2:.1f} | {w1 / w2:.2f}x |"]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "shards.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print("\n".join(lines))  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
