"""Report at scale: the pipeline on a generated corpus, and the report's build time and size.

Copies the repository's tracked files to a work directory, replaces ``data/raw/`` with ``n``
generated articles (``bench/generate.py``), runs ``dvc repro stance`` (clean, entities, stance),
then times ``dvc repro report`` — the report stage exactly as ``make report`` runs it: papermill
kernel, reading every table, rendering, nbconvert export of the executed notebook and DVC's
hashing — and reports the size of ``reports/index.html`` and of each of its sections. Prints
Markdown and writes ``bench/out/report_scale.json``. The targets (issue 6: under a minute, under
10 MB) are printed, never asserted.
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
import time
from pathlib import Path
from typing import Any

from generate import generate

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
TARGET_SECONDS, TARGET_MB = 60.0, 10.0
MB = 1_000_000


def copy_repo(root: Path, dest: Path) -> None:
    """Copy the tracked and untracked-but-not-ignored files of ``root``, except ``data/raw/``."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for rel in filter(None, listed.split("\0")):
        src = root / rel
        if rel.startswith("data/raw/") or not src.is_file():
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / rel)


def run(args: list[str], cwd: Path) -> float:
    """Run ``args`` in ``cwd`` with this interpreter's environment first on PATH; seconds taken."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    t0 = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return seconds


def section_sizes(html: str) -> dict[str, int]:
    """Bytes of each ``<section id=...>`` of the report (UTF-8)."""
    sizes = {}
    for m in re.finditer(r'<section id="([\w-]+)">(.*?)</section>', html, flags=re.S):
        sizes[m.group(1)] = len(m.group(0).encode("utf-8"))
    return sizes


def main(argv: list[str] | None = None) -> int:
    """Generate, run, measure, print and save."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="articles to generate (default 5000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=OUT / "report_scale")
    args = parser.parse_args(argv)

    repo = args.workdir / "haluan"
    if args.workdir.exists():
        shutil.rmtree(args.workdir)
    repo.mkdir(parents=True)
    copy_repo(ROOT, repo)
    raw = repo / "data" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for name, text in generate(args.n, args.seed):
        (raw / name).write_text(text, encoding="utf-8")
    git = ["git", "-c", "user.name=b", "-c", "user.email=b@b", "-c", "commit.gpgsign=false"]
    run(["git", "init", "-q"], repo)
    run([*git, "add", "-A"], repo)
    run([*git, "commit", "-qm", "report scale benchmark"], repo)

    upstream = run(["dvc", "repro", "stance"], repo)
    report = run(["dvc", "repro", "report"], repo)
    html = (repo / "reports" / "index.html").read_text(encoding="utf-8")
    size = len(html.encode("utf-8"))
    notebook_size = (repo / "reports" / "notebooks" / "04_report.html").stat().st_size
    metrics = json.loads((repo / "reports" / "stance-details.json").read_text())
    result: dict[str, Any] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "n": args.n,
        "seed": args.seed,
        "articles_scored": metrics.get("articles_scored"),
        "upstream_seconds": round(upstream, 1),
        "report_stage_seconds": round(report, 1),
        "index_html_bytes": size,
        "notebook_html_bytes": notebook_size,
        "sections_bytes": section_sizes(html),
        "targets": {"seconds": TARGET_SECONDS, "mb": TARGET_MB},
        "met": report < TARGET_SECONDS and size < TARGET_MB * MB,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "report_scale.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lines = [
        f"Report at scale: n = {args.n} generated articles (seed {args.seed}), "
        f"{result['articles_scored']} scored",
        "",
        "| measure | value | target |",
        "|---|--:|--:|",
        f"| clean + entities + stance (`dvc repro stance`) | {upstream:.1f} s | |",
        f"| report stage (`dvc repro report`) | **{report:.1f} s** | < {TARGET_SECONDS:.0f} s |",
        f"| `reports/index.html` | **{size / MB:.2f} MB** | < {TARGET_MB:.0f} MB |",
        f"| `reports/notebooks/04_report.html` | {notebook_size / MB:.2f} MB | |",
        "",
        "| section | MB |",
        "|---|--:|",
        *(f"| {k} | {v / MB:.2f} |" for k, v in result["sections_bytes"].items()),
    ]
    print("\n".join(lines))  # noqa: T201
    return 0 if result["met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
