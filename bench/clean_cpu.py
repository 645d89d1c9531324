"""CPU seconds of the clean benchmarks of ``run.py`` (process_time, best of 2): fairer than wall
time on a shared machine. ``--root`` measures another checkout's sources with this corpus, e.g.
``git archive <commit> pipeline bench data/lexicons`` unpacked with this ``data/`` linked in."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def cpu_seconds(
    fn: Callable[[], Any], repeat: int = 2, reset: Callable[[], Any] = lambda: None
) -> float:
    """Least CPU time of ``repeat`` calls of ``fn``, each after ``reset()`` (untimed)."""
    best = float("inf")
    for _ in range(repeat):
        reset()
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    """Print one Markdown row per benchmark: CPU seconds and words per CPU-second."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args(argv)
    root = args.root.resolve()
    sys.path[:0] = [str(root / "bench"), str(root)]
    from generate import generate
    from run import candidates

    from pipeline.clean.article import clean_article, normalise_lines
    from pipeline.clean.dedup import find_duplicates
    from pipeline.clean.ingest import RawRecord
    from pipeline.clean.lines import LineClassifier, load_line_lexicon, page_decisions
    from pipeline.clean.rules import load_rules
    from pipeline.clean.stage import clean_corpus
    from pipeline.config import CleanParams
    from pipeline.persist import load_skops

    docs = generate(args.n, 7)
    texts = [t for _, t in docs]
    recs = [RawRecord(source=a, content=t.encode(), text=t) for a, t in docs]
    rules = load_rules(root / "data/lexicons/boilerplate.yaml")
    clf = LineClassifier(
        load_skops(root / "data/models/line_model.skops"),
        load_line_lexicon(root / "data/lexicons/line_features.yaml"),
    )
    params = CleanParams()
    words = sum(len(t.split()) for t in texts)
    pages = [normalise_lines(t) for t in texts]
    clean_corpus(recs[:50], {}, rules, params, False, clf)  # warm-up
    cands = candidates(clean_corpus(recs, {}, rules, params, False)[0])
    cand_words = sum(len(c.body.split()) for c in cands)
    benches: list[tuple[str, Callable[[], Any], int]] = [
        ("clean_article", lambda: [clean_article(t, rules) for t in texts], words),
        ("clean_corpus", lambda: clean_corpus(recs, {}, rules, params, False), words),
        ("line_classifier", lambda: page_decisions(clf, pages, params.line_body_threshold), words),
        (
            "clean_corpus_classifier",
            lambda: clean_corpus(recs, {}, rules, params, False, clf),
            words,
        ),
        (
            "find_duplicates",
            lambda: find_duplicates(cands, params.near_duplicate_threshold),
            cand_words,
        ),
    ]
    # Each run starts with no line memoised (``RuleSet.memo``; older sources under --root have
    # none): a warm memo would time the second pass over the same pages.
    memo = getattr(rules, "memo", None)
    reset = memo.clear if memo is not None else (lambda: None)
    load = "load {:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg())
    print(f"{time.strftime('%H:%M:%S', time.gmtime())} UTC, {load}", flush=True)  # noqa: T201
    for name, fn, n_words in benches:
        s = cpu_seconds(fn, reset=reset)
        print(f"| {name} | {s:.2f} | {n_words / s / 1e3:,.0f} k |", flush=True)  # noqa: T201
    load = "load {:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg())
    print(f"{time.strftime('%H:%M:%S', time.gmtime())} UTC, {load}", flush=True)  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
