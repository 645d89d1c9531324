"""Resident memory of the clean stage's process, step by step, on a copy made by ``repro.py``.

Runs what ``notebooks/01_clean.py`` runs (list the corpus, clean it in shards from the copy's
cache, write the two tables) in this process, with ``--root``'s params, lexicons, model and
``.haluan-cache``, and prints the RSS (psutil) after each step and the peak
(``getrusage``). The tables go to a temporary folder and are compared byte for byte with the
copy's ``data/interim/`` outputs (when it has them). No network; nothing is asserted.

    .venv/bin/python bench/clean_memory.py --root bench/out/repro/haluan
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.clean.ingest import list_corpus, read_metadata  # noqa: E402
from pipeline.clean.lines import LineClassifier, load_line_lexicon  # noqa: E402
from pipeline.clean.rules import load_rules  # noqa: E402
from pipeline.clean.stage import clean_tables  # noqa: E402
from pipeline.config import load_params  # noqa: E402
from pipeline.io import write_table  # noqa: E402
from pipeline.persist import load_skops  # noqa: E402
from pipeline.shards import compute_params  # noqa: E402

MB = 1_000_000
RULES = "data/lexicons/boilerplate.yaml"
LEXICON = "data/lexicons/line_features.yaml"
MODEL = "data/models/line_model.skops"


def say(line: str) -> None:
    """One line of the report on stdout (Markdown)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True, help="a copy made by repro.py")
    root = parser.parse_args().root.resolve()
    proc = psutil.Process()
    t0 = time.perf_counter()

    def mark(step: str) -> None:
        rss = proc.memory_info().rss / MB
        say(f"| {step} | {rss:,.0f} | {time.perf_counter() - t0:.1f} |")

    say("| after | RSS MB | s |\n|---|--:|--:|")
    mark("imports")
    cfg = load_params(root / "params.yaml").clean
    rules = load_rules(root / RULES)
    classifier = LineClassifier(load_skops(root / MODEL), load_line_lexicon(root / LEXICON))
    mark("rules, lexicon, model")
    inputs = list_corpus(root / "data/raw", int(cfg.max_file_mb * 1e6))
    mark(f"list_corpus ({len(inputs.items):,} inputs)")
    tables = clean_tables(
        inputs.items,
        read_metadata(root / "data/raw"),
        rules,
        cfg,
        progress=False,
        classifier=classifier,
        sharded=(root, compute_params(root), (RULES, LEXICON, MODEL)),
    )
    mark(
        f"clean_tables ({tables.articles.num_rows:,} rows, {tables.cleaning_log.num_rows:,} lines)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        write_table(tables.articles, out / "articles.parquet", "articles")
        write_table(tables.cleaning_log, out / "cleaning_log.parquet", "cleaning_log")
        mark("both tables written")
        for name in ("articles.parquet", "cleaning_log.parquet"):
            theirs = root / "data/interim" / name
            if not theirs.exists():
                say(f"{name}: the copy has none to compare with")
                continue
            same = (out / name).read_bytes() == theirs.read_bytes()
            say(f"{name}: {'identical to' if same else 'DIFFERS from'} the copy's")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB  # Linux: kB
    say(f"peak RSS of this process: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
