"""One large page through the stage functions (or the article bootstrap alone), for
``/usr/bin/time -v``: ``python bench/large_page.py --mb 5 [--lines]`` from the repository root.

The page is the seeds' paragraphs repeated to ``--mb`` megabytes, as one line (default) or as
paragraphs, with a number in every sentence so that no two are the same; then the entities and
stance functions run on what the clean stage kept. ``--bootstrap N`` instead runs the alignment
bootstrap of one article with ``N`` evidence sentences. Logs the seconds of each step to stderr;
peak memory comes from ``/usr/bin/time -v``.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.clean.ingest import read_corpus, read_metadata  # noqa: E402
from pipeline.clean.rules import load_rules  # noqa: E402
from pipeline.clean.stage import clean_corpus  # noqa: E402
from pipeline.config import CleanParams, StanceParams  # noqa: E402

log = logging.getLogger("large_page")


def page(mb: float, one_line: bool) -> str:
    """The seeds' paragraphs repeated to ``mb`` megabytes, as one line or as paragraphs."""
    seeds = sorted((ROOT / "data/raw").glob("*.txt"))
    paras = [
        p for s in seeds for p in s.read_text(encoding="utf-8").split("\n") if len(p.split()) > 8
    ]
    text, size, n = [], 0, 0
    while size < mb * 1e6:
        for p in paras:
            n += 1  # a number in every sentence: no two sentences are the same
            p = re.sub(r"\.(\s|$)", rf" (laporan {n}).\1", p)
            text.append(p)
            size += len(p) + 1
    return (" " if one_line else "\n\n").join(text)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--lines", action="store_true", help="paragraphs instead of one line")
    ap.add_argument("--bootstrap", type=int, default=0, help="evidence sentences of one article")
    ap.add_argument("--clean-only", action="store_true", help="stop after the clean stage")
    ap.add_argument("--model", default=str(ROOT / "data/models/stance_model.skops"))
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    t0 = time.perf_counter()
    if args.bootstrap:
        import numpy as np

        from pipeline.stance.scoring import bootstrap_intervals

        p = StanceParams()
        x = np.random.default_rng(1).choice([-1.0, 0.0, 0.5, 1.0], args.bootstrap).tolist()
        out = bootstrap_intervals([x], p.prior_strength, p.bootstrap_samples, p.ci_level, p.seed)
        log.info("bootstrap n=%d: %.1f s, %s", args.bootstrap, time.perf_counter() - t0, out)
        return
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp)
        (raw / "large.txt").write_text(page(args.mb, not args.lines), encoding="utf-8")
        rules = load_rules(ROOT / "data/lexicons/boilerplate.yaml")
        records = read_corpus(raw, int(30e6))
        t1 = time.perf_counter()
        articles, _ = clean_corpus(records, read_metadata(raw), rules, CleanParams(), False)
        t2 = time.perf_counter()
        row = articles.iloc[0]
        log.info(
            "read %.1f s, clean %.1f s; %s %s words, reason: %s",
            t1 - t0, t2 - t1, row["status"], row["n_words"], row["reason"],
        )  # fmt: skip
        if args.clean_only or not (articles["status"] == "kept").any():
            return
        from pipeline.config import EntitiesParams
        from pipeline.entities.dictionary import load_dictionary
        from pipeline.entities.stage import tag_corpus
        from pipeline.stance.lexicon import load_lexicon
        from pipeline.stance.measure import measure_stance
        from pipeline.stance.model import load_model

        dictionary = load_dictionary(ROOT / "data/lexicons/actors.yaml")
        sentences, mentions, _ = tag_corpus(articles, dictionary, EntitiesParams(), False)
        t3 = time.perf_counter()
        found = len(sentences), len(mentions)
        log.info("entities %.1f s: %d sentences, %d mentions", t3 - t2, *found)
        lexicon = load_lexicon(ROOT / "data/lexicons/stance.yaml")
        model = load_model(args.model)
        result = measure_stance(articles, sentences, mentions, lexicon, model, StanceParams())
        t4 = time.perf_counter()
        log.info("stance %.1f s: %d evidence sentences", t4 - t3, len(result.evidence.keys))


if __name__ == "__main__":
    main()
