"""What a user waits for: ``dvc repro`` of the whole pipeline on a generated corpus.

Copies the repository (git-tracked and untracked-but-not-ignored files, plus the trained models
and annotated tables of the source worktree so that ``train`` and ``evaluate`` need not re-run)
to a work directory, adds ``n`` generated articles (``bench/generate.py``) to the seeds in
``data/raw/bench/``, and times ``dvc repro``: wall time of each stage (from DVC's "Running stage"
lines), peak resident memory of any one process and of the whole process tree (psutil polling
every 0.1 s), CPU time of the tree and of the tree while each stage ran (from the same
polling), raw words per second and per CPU-second. In the same run it
times a spaCy baseline (``spacy.blank("id")`` tokenizer over the same raw texts, one core).

``--add K`` then adds K more generated articles and times ``dvc repro`` again (the incremental
cost); ``--workers W`` sets ``compute.workers`` in the copy's ``params.yaml``. Also reports the
sizes of the executed notebooks and of ``reports/index.html``. Prints Markdown, writes
``bench/out/pipeline-<n>.json``. No network; targets are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
import yaml
from generate import generate

from pipeline.repo import copy_repository
from pipeline.wiring import load_stages

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
MB = 1_000_000
# Outputs of train and evaluate (not git-tracked) copied so that those stages are up to date.
TRAINED_STAGES = ("train", "evaluate")  # their outputs are copied and committed, not re-run
_RUNNING = re.compile(r"Running stage '([\w-]+)'")


def copy_repo(root: Path, dest: Path) -> None:
    """Copy the files git knows of and the outputs of the trained stages of ``root``."""
    stages = load_stages(root)
    copy_repository(root, dest, [o for name in TRAINED_STAGES for o in stages[name].outputs])


def write_articles(raw: Path, docs: list[tuple[str, str]], prefix: str = "") -> int:
    """Write ``docs`` under ``raw``; the number of raw words written."""
    raw.mkdir(parents=True, exist_ok=True)
    for name, text in docs:
        (raw / f"{prefix}{name}").write_text(text, encoding="utf-8")
    return sum(len(t.split()) for _, t in docs)


@dataclass
class Peaks:
    """Peak resident memory seen while polling a process tree."""

    process_mb: float = 0.0
    process: str = ""
    tree_mb: float = 0.0
    by_stage: dict[str, float] = field(default_factory=dict)
    # CPU seconds of the process tree while each stage ran (DVC's hashing of its outputs
    # included), summed from each process's CPU time between polls (a process ending between
    # two polls loses its last 0.1 s): load does not change them as it changes wall times.
    cpu_by_stage: dict[str, float] = field(default_factory=dict)
    _cpu_seen: dict[int, float] = field(default_factory=dict)


def _poll(root_pid: int, peaks: Peaks, stage: list[str], stop: threading.Event) -> None:
    """Record the largest RSS of one process and of the whole tree until ``stop``."""
    try:
        top = psutil.Process(root_pid)
    except psutil.NoSuchProcess:
        return
    while not stop.is_set():
        total = 0.0
        try:
            procs = [top, *top.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for p in procs:
            try:
                rss = p.memory_info().rss / MB
                name = " ".join(p.cmdline()[:4])[:120]
                times = p.cpu_times()
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
            total += rss
            if rss > peaks.process_mb:
                peaks.process_mb, peaks.process = rss, name
            current = stage[0] if stage else "(dvc)"
            cpu = times.user + times.system
            peaks.cpu_by_stage[current] = (
                peaks.cpu_by_stage.get(current, 0.0) + cpu - peaks._cpu_seen.get(p.pid, 0.0)
            )
            peaks._cpu_seen[p.pid] = cpu
            peaks.by_stage[current] = max(peaks.by_stage.get(current, 0.0), rss)
        peaks.tree_mb = max(peaks.tree_mb, total)
        stop.wait(0.1)


def timed_repro(repo: Path, log_path: Path) -> dict[str, Any]:
    """Run ``dvc repro`` in ``repo``: wall seconds per stage and in all, CPU seconds, peaks."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    before = os.times()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "dvc"), "repro"],
        cwd=repo,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    peaks, stage, stop = Peaks(), [], threading.Event()
    poller = threading.Thread(target=_poll, args=(proc.pid, peaks, stage, stop), daemon=True)
    poller.start()
    marks: list[tuple[str, float]] = []
    with log_path.open("w", encoding="utf-8") as log:
        assert proc.stdout is not None
        for line in proc.stdout:
            log.write(line)
            if m := _RUNNING.search(line):
                marks.append((m.group(1), time.perf_counter() - t0))
                stage[:] = [m.group(1)]
    code = proc.wait()
    wall = time.perf_counter() - t0
    stop.set()
    poller.join()
    after = os.times()
    if code != 0:
        raise SystemExit(f"dvc repro failed ({code}); see {log_path}")
    ends = [t for _, t in marks[1:]] + [wall]
    return {
        "wall_s": round(wall, 1),
        "cpu_s": round(
            (after.children_user - before.children_user)
            + (after.children_system - before.children_system),
            1,
        ),
        "stages_s": {name: round(end - t, 1) for (name, t), end in zip(marks, ends, strict=True)},
        "peak_process_mb": round(peaks.process_mb),
        "peak_process": peaks.process,
        "peak_tree_mb": round(peaks.tree_mb),
        "peak_by_stage_mb": {k: round(v) for k, v in peaks.by_stage.items()},
        "cpu_by_stage_s": {k: round(v, 1) for k, v in peaks.cpu_by_stage.items()},
    }


def spacy_baseline(texts: list[str]) -> dict[str, float]:
    """``spacy.blank("id")`` tokenizer over ``texts`` (one process): seconds and words/s."""
    import spacy

    nlp = spacy.blank("id")
    words = sum(len(t.split()) for t in texts)
    list(nlp.tokenizer.pipe(texts[:50]))  # warm-up
    t0 = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts, batch_size=256))
    seconds = time.perf_counter() - t0
    return {"seconds": round(seconds, 2), "tokens": tokens, "words_per_s": round(words / seconds)}


_COMPUTED = re.compile(r"(\w+): computed (\d+) shards in ([\d.]+) s \(([^)]*)\)")


def shard_seconds(repo: Path) -> dict[str, str]:
    """Per step, the time its shards took (pipeline.shards' log line in the executed notebook)."""
    out = {}
    for nb in sorted((repo / "reports" / "notebooks").glob("*.ipynb")):
        for m in _COMPUTED.finditer(nb.read_text(encoding="utf-8")):
            out[m[1]] = f"{m[3]} s for {m[2]} shards ({m[4]})"
    return out


def sizes(repo: Path) -> dict[str, float]:
    """MB of the executed notebooks' HTML and of the report."""
    paths = [*sorted((repo / "reports" / "notebooks").glob("*.html")), repo / "reports/index.html"]
    return {p.name: round(p.stat().st_size / MB, 2) for p in paths if p.exists()}


def set_compute(repo: Path, workers: int | None) -> None:
    """Set ``compute.workers`` in the copy's ``params.yaml`` (when the section exists)."""
    if workers is None:
        return
    path = repo / "params.yaml"
    params = yaml.safe_load(path.read_text(encoding="utf-8"))
    params.setdefault("compute", {})["workers"] = workers
    path.write_text(yaml.safe_dump(params, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _git(repo: Path, *args: str) -> None:
    base = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
    subprocess.run([*base, "-c", "commit.gpgsign=false", *args], cwd=repo, check=True)


def main(argv: list[str] | None = None) -> int:
    """Generate, run, measure, print and save."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="generated articles (default 5000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--add", type=int, default=0, help="then add this many and re-run")
    parser.add_argument("--workers", type=int, default=None, help="compute.workers in the copy")
    parser.add_argument("--workdir", type=Path, default=OUT / "repro")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the generated articles of an earlier run in --workdir (same --n and --seed;"
        " its added ones are dropped): the code, params and trained outputs are copied anew",
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the spaCy baseline")
    args = parser.parse_args(argv)

    repo = args.workdir / "haluan"
    kept = args.workdir / "generated"
    if args.reuse:
        if not (repo / "data/raw/bench").is_dir():
            raise SystemExit(f"--reuse: no generated articles in {repo / 'data/raw/bench'}")
        (repo / "data/raw/bench").rename(kept)
        for added in kept.glob("added_*"):
            added.unlink()
    for old in (repo, args.workdir / "repro-full.log", args.workdir / "repro-added.log"):
        if old.is_dir():
            shutil.rmtree(old)
        elif old.exists():
            old.unlink()
    repo.mkdir(parents=True)
    copy_repo(ROOT, repo)
    set_compute(repo, args.workers)
    if args.reuse:
        kept.rename(repo / "data/raw/bench")
        files = sorted((repo / "data/raw/bench").iterdir())
        docs = [(f.name, f.read_text(encoding="utf-8")) for f in files]
        if len(docs) != args.n:
            raise SystemExit(f"--reuse: {len(docs)} generated articles in {kept}, not --n {args.n}")
    else:
        docs = generate(args.n, args.seed)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((repo / "data/raw").glob("*.txt"))]
    if args.reuse:
        words = sum(len(t.split()) for _, t in docs)
    else:
        words = write_articles(repo / "data" / "raw" / "bench", docs)
    words += sum(len(t.split()) for t in seeds)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "pipeline benchmark")
    dvc = str(Path(sys.executable).parent / "dvc")
    # The copied trained outputs go into the copy's DVC cache: train and evaluate stay skipped.
    subprocess.run([dvc, "commit", "-f", "-q", *TRAINED_STAGES], cwd=repo, check=True)

    load_before = os.getloadavg()
    baseline = None if args.no_baseline else spacy_baseline(seeds + [t for _, t in docs])
    del docs
    full = timed_repro(repo, args.workdir / "repro-full.log")
    full["shards"] = shard_seconds(repo)
    result: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "n_generated": args.n,
        "seed": args.seed,
        "raw_articles": args.n + len(seeds),
        "raw_words": words,
        "cpus": os.cpu_count(),
        "workers": args.workers,
        "load_before": [round(x, 2) for x in load_before],
        "full": full,
        "words_per_s": round(words / full["wall_s"]),
        "words_per_cpu_s": round(words / max(full["cpu_s"], 1e-9)),
        "spacy_tokenizer": baseline,
        "sizes_mb": sizes(repo),
    }
    if args.add:
        extra = generate(args.add, args.seed + 1)
        write_articles(repo / "data" / "raw" / "bench", extra, prefix="added_")
        result["added"] = args.add
        result["incremental"] = timed_repro(repo, args.workdir / "repro-added.log")
        result["incremental"]["shards"] = shard_seconds(repo)
        result["incremental_share"] = round(result["incremental"]["wall_s"] / full["wall_s"], 3)
    result["load_after"] = [round(x, 2) for x in os.getloadavg()]
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / f"repro-{args.n}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(report(result))  # noqa: T201
    return 0


def report(r: dict[str, Any]) -> str:
    """The figures as Markdown."""
    full = r["full"]
    lines = [
        f"`dvc repro`, {r['raw_articles']:,} raw articles ({r['raw_words']:,} words), "
        f"workers {r['workers'] or 'default'}, load average before {r['load_before']}, "
        f"after {r['load_after']}",
        "",
        "| measure | value |",
        "|---|--:|",
        f"| wall | **{full['wall_s']} s** |",
        f"| CPU (all processes) | {full['cpu_s']} s |",
        *(f"| stage {k} | {v} s |" for k, v in full["stages_s"].items()),
        f"| peak RSS, one process | **{full['peak_process_mb']} MB** ({full['peak_process']}) |",
        f"| peak RSS, process tree | {full['peak_tree_mb']} MB |",
        *(f"| shards of {k} | {v} |" for k, v in full.get("shards", {}).items()),
        f"| raw words / s (wall) | {r['words_per_s']:,} |",
        f"| raw words / CPU-second | {r['words_per_cpu_s']:,} |",
        "| spaCy blank('id') tokenizer, words / s (one core) | "
        + (f"{r['spacy_tokenizer']['words_per_s']:,} |" if r["spacy_tokenizer"] else "not run |"),
        *(f"| size {k} | {v} MB |" for k, v in r["sizes_mb"].items()),
    ]
    lines += [f"| CPU while {k} ran | {v} s |" for k, v in full.get("cpu_by_stage_s", {}).items()]
    if "incremental" in r:
        inc, full_cpu = r["incremental"], full.get("cpu_by_stage_s", {})
        lines += [
            f"| + {r['added']} article(s): wall | **{inc['wall_s']} s "
            f"({100 * r['incremental_share']:.1f} % of the full run)** |",
            *(f"| + {r['added']}: stage {k} | {v} s |" for k, v in inc["stages_s"].items()),
            *(
                f"| + {r['added']}: CPU while {k} ran | {v} s (full run {full_cpu.get(k, '-')} s) |"
                for k, v in inc.get("cpu_by_stage_s", {}).items()
            ),
            f"| + {r['added']}: peak RSS, one process | {inc['peak_process_mb']} MB |",
            *(f"| + {r['added']}: shards of {k} | {v} |" for k, v in inc.get("shards", {}).items()),
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
