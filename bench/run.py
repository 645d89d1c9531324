"""Throughput (words/s) and peak memory of the pipeline's core functions on a generated corpus.

Single process, one stage at a time: each function is warmed up once on a small slice, timed once
with ``time.perf_counter`` and run once more under ``tracemalloc`` for its peak allocation. The
spaCy baseline (blank "id" + sentencizer + entity_ruler built from the same dictionary) is
measured in the same run. Prints Markdown and writes ``bench/out/results.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import importlib.metadata
import json
import os
import platform
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from generate import EXACT_SHARE, NEAR_SHARE, generate

from pipeline.clean.article import clean_article, normalise_lines
from pipeline.clean.dedup import Candidate, find_duplicates, unknown_date_ord
from pipeline.clean.ingest import RawRecord
from pipeline.clean.lines import LineClassifier, load_line_lexicon, page_decisions
from pipeline.clean.rules import RuleSet, load_rules
from pipeline.clean.stage import clean_corpus
from pipeline.config import CleanParams, EntitiesParams, StanceParams
from pipeline.entities.dictionary import Dictionary, load_dictionary
from pipeline.entities.stage import tag_articles
from pipeline.entities.tagger import Mention, MentionRow, build_automaton, tag_rows, tag_text
from pipeline.persist import load_skops
from pipeline.stance.gold import load_synthetic
from pipeline.stance.lexicon import Lexicon, load_lexicon
from pipeline.stance.methods import model_inputs, synthetic_coder_features, with_coder
from pipeline.stance.model import fit_model, mask, parse_markup, predict_scores
from pipeline.stance.scoring import stance_summary
from pipeline.stance.stage import EvidenceBatch, code_relations, evidence_batch, score_articles
from pipeline.stance.units import aggregate_units, corpus_units

ROOT = Path(__file__).resolve().parents[1]
LEXICONS = ROOT / "data" / "lexicons"
OUT = ROOT / "bench" / "out" / "results.json"
MB = 1024 * 1024
# Targets set in the project's issues (words/s per core; near-duplicate detection on 100k docs).
TARGETS = {"clean_core": 1_000_000, "tagging": 3_000_000, "stance_lexicon": 1_000_000}
DEDUP_TARGET_DOCS, DEDUP_TARGET_MINUTES = 100_000, 10.0


@dataclass
class Result:
    """One benchmark: the input it processed, its time and its memory."""

    name: str
    input: str
    items: int
    words: int
    seconds: float
    traced_peak_mb: float
    maxrss_delta_mb: float
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    @property
    def items_per_s(self) -> float:
        return self.items / self.seconds if self.seconds else 0.0


def _maxrss_mb() -> float:
    """The process's resident-set high-water mark (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(
    name: str,
    what: str,
    fn: Callable[[], Any],
    items: int,
    words: int,
    warmup: Callable[[], Any] | None = None,
    traced: Callable[[], Callable[[], Any]] | None = None,
) -> tuple[Any, Result]:
    """Warm up, time ``fn`` once, then run it again under tracemalloc for the peak allocation.

    ``traced``, if given, prepares (untraced) the callable to trace instead of ``fn``: for state
    that the timed run grows once and keeps, such as spaCy's vocabulary.
    """
    if warmup is not None:
        warmup()
    gc.collect()
    rss0 = _maxrss_mb()
    t0 = time.perf_counter()
    out = fn()
    seconds = time.perf_counter() - t0
    rss_delta = _maxrss_mb() - rss0
    again = traced() if traced is not None else fn
    gc.collect()
    tracemalloc.start()
    again()
    peak = tracemalloc.get_traced_memory()[1] / MB
    tracemalloc.stop()
    gc.collect()
    return out, Result(name, what, items, words, seconds, peak, rss_delta)


def rate(fn: Callable[[], Any], min_seconds: float = 0.5) -> float:
    """Mean seconds per call of (already warm) ``fn``, repeated for ``min_seconds`` (≥ 1 call)."""
    calls, t0 = 0, time.perf_counter()
    while True:
        fn()
        calls += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= min_seconds:
            return elapsed / calls


def n_words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def machine() -> dict[str, Any]:
    """Platform, CPU and the versions of the libraries measured."""
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for pkg in ("spacy", "pyahocorasick", "datasketch", "py3langid", "pandas", "numpy"):
        try:
            versions[pkg] = importlib.metadata.version(pkg)
        except importlib.metadata.PackageNotFoundError:
            versions[pkg] = None
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
        "versions": versions,
        "date": dt.datetime.now().isoformat(timespec="seconds"),
    }


def code_state() -> dict[str, Any]:
    """SHA-256 over the pipeline sources and lexicons measured, and their newest change."""
    files = sorted([*(ROOT / "pipeline").rglob("*.py"), *LEXICONS.glob("*.yaml")])
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.relative_to(ROOT).as_posix().encode() + b"\0" + f.read_bytes())
    newest = max(f.stat().st_mtime for f in files)
    return {
        "sha256": digest.hexdigest()[:16],
        "files": len(files),
        "newest_change": dt.datetime.fromtimestamp(newest, dt.UTC).isoformat(timespec="seconds"),
    }


def candidates(articles: pd.DataFrame) -> list[Candidate]:
    """The dedup input of ``clean_corpus``: every article that passed the filters before dedup."""
    rows = articles[articles["status"].isin(["kept", "duplicate"])]
    return [
        Candidate(str(d), str(b), p.toordinal() if p else unknown_date_ord(), str(s))
        for d, b, p, s in zip(
            rows["doc_id"], rows["body"], rows["published"], rows["source"], strict=True
        )
    ]


@dataclass
class Context:
    """The corpus, the resources, and each stage's output for the next stage."""

    texts: list[str]
    records: list[RawRecord]
    rules: RuleSet
    dictionary: Dictionary
    automaton: Any
    lexicon: Lexicon
    clean_params: CleanParams = field(default_factory=CleanParams)
    entity_params: EntitiesParams = field(default_factory=EntitiesParams)
    stance_params: StanceParams = field(default_factory=StanceParams)
    articles: pd.DataFrame = field(default_factory=pd.DataFrame)
    cands: list[Candidate] = field(default_factory=list)
    sentences: pd.DataFrame = field(default_factory=pd.DataFrame)
    mentions: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def kept(self) -> pd.DataFrame:
        return self.articles[self.articles["status"] == "kept"]

    def tag_all(self, bodies: list[str], dates: list[Any]) -> list[list[MentionRow]]:
        pairs = zip(bodies, dates, strict=True)
        return [tag_rows(b, d, self.dictionary, self.automaton) for b, d in pairs]

    def tag_all_mentions(self, bodies: list[str], dates: list[Any]) -> list[list[Mention]]:
        pairs = zip(bodies, dates, strict=True)
        return [tag_text(b, d, self.dictionary, self.automaton) for b, d in pairs]

    def dedup(self, cands: list[Candidate]) -> dict[str, tuple[str, str]]:
        return find_duplicates(cands, self.clean_params.near_duplicate_threshold)


def bench_clean(ctx: Context) -> list[Result]:
    """clean_article alone, then the whole clean_corpus (sets ``ctx.articles``)."""
    texts, rules, params = ctx.texts, ctx.rules, ctx.clean_params
    words = n_words(texts)
    _, core = measure(
        "clean_article",
        "raw texts",
        lambda: [clean_article(t, rules) for t in texts],
        len(texts),
        words,
        warmup=lambda: [clean_article(t, rules) for t in texts[:20]],
    )
    (ctx.articles, _), whole = measure(
        "clean_corpus",
        "raw records (incl. language id + dedup)",
        lambda: clean_corpus(ctx.records, {}, rules, params, progress=False),
        len(ctx.records),
        words,
        warmup=lambda: clean_corpus(ctx.records[:50], {}, rules, params, progress=False),
    )
    model_path = ROOT / "data" / "models" / "line_model.skops"
    extra: list[Result] = []
    if model_path.exists():  # written by the train stage (dvc repro)
        classifier = LineClassifier(
            load_skops(model_path), load_line_lexicon(LEXICONS / "line_features.yaml")
        )
        pages = [normalise_lines(t) for t in texts]
        _, decisions = measure(
            "line_classifier",
            "features + predictions of every line (page_decisions)",
            lambda: page_decisions(classifier, pages, params.line_body_threshold),
            len(texts),
            words,
        )
        _, with_classifier = measure(
            "clean_corpus_classifier",
            "clean_corpus with the line classifier, as the clean stage runs it",
            lambda: clean_corpus(ctx.records, {}, rules, params, False, classifier),
            len(ctx.records),
            words,
        )
        extra = [decisions, with_classifier]
    reasons = ctx.articles["reason"].fillna("").str.extract(r"^(\w+(?: \w+)?)")[0]
    whole.extra = {
        "status": ctx.articles["status"].value_counts().to_dict(),
        "reasons": {k: int(v) for k, v in reasons.value_counts().items() if k},
    }
    return [core, whole, *extra]


def bench_dedup(ctx: Context, n: int) -> list[Result]:
    """find_duplicates on the bodies that reached dedup inside clean_corpus."""
    ctx.cands = candidates(ctx.articles)
    dups, r = measure(
        "find_duplicates",
        "cleaned bodies (pre-dedup)",
        lambda: ctx.dedup(ctx.cands),
        len(ctx.cands),
        n_words([c.body for c in ctx.cands]),
        warmup=lambda: ctx.dedup(ctx.cands[:50]),
    )
    kinds = [reason.split(" (")[0] for _, reason in dups.values()]
    r.extra = {
        "exact": kinds.count("exact duplicate"),
        "near": kinds.count("near duplicate"),
        "planted_exact": round(n * EXACT_SHARE),
        "planted_near": round(n * NEAR_SHARE),
    }
    return [r]


def bench_entities(ctx: Context) -> list[Result]:
    """tag_rows (dictionary tagging) and tag_text (the same as Mention objects) over the kept
    bodies, keeping every result; then tag_articles (sets sentences and mentions)."""
    bodies, dates = ctx.kept["body"].tolist(), ctx.kept["published"].tolist()
    words = n_words(bodies)
    tagged = []
    for name, what, tag_all in (
        ("tag_rows", "cleaned bodies (kept)", ctx.tag_all),
        ("tag_text", "cleaned bodies (kept), as Mention objects", ctx.tag_all_mentions),
    ):
        found, result = measure(
            name,
            what,
            lambda tag_all=tag_all: tag_all(bodies, dates),
            len(bodies),
            words,
            warmup=lambda tag_all=tag_all: tag_all(bodies[:20], dates[:20]),
        )
        result.extra = {"spans": sum(len(m) for m in found)}
        tagged.append(result)
        del found
    args = (ctx.dictionary, ctx.entity_params)
    (ctx.sentences, ctx.mentions), stage = measure(
        "tag_articles",
        "articles (sentences + quotes + tags)",
        lambda: tag_articles(ctx.articles, *args, progress=False),
        len(bodies),
        words,
        warmup=lambda: tag_articles(ctx.articles.head(50), *args, progress=False),
    )
    stage.extra = {"sentences": len(ctx.sentences), "mentions": len(ctx.mentions)}
    return [*tagged, stage]


def bench_stance(ctx: Context) -> list[Result]:
    """The lexicon path as the stage runs it: evidence_batch + code_relations over the
    sentences, then score_articles over the kept articles with that evidence (it also scores
    the evidence sentences from the relations, as the stage does before it); the aggregates and
    summary made from the article stance; its story-level rows (``count_unit: stories``); then
    the learned model scoring every evidence sentence in batches."""
    sentences, mentions = ctx.sentences, ctx.mentions
    lexicon, params = ctx.lexicon, ctx.stance_params
    some = set(ctx.kept["doc_id"].head(20))
    few_s = sentences[sentences["doc_id"].isin(some)]
    few_m = mentions[mentions["doc_id"].isin(some)]

    def coded(s: pd.DataFrame, m: pd.DataFrame) -> tuple[EvidenceBatch, pd.DataFrame]:
        ev = evidence_batch(s, m, lexicon)
        return ev, code_relations(s, m, lexicon, progress=False, evidence=ev)

    (evidence, relations), rel = measure(
        "code_relations",
        "sentences (evidence_batch + code_relations)",
        lambda: coded(sentences, mentions),
        len(sentences),
        n_words(sentences["text"].tolist()),
        warmup=lambda: coded(few_s, few_m),
    )
    rel.extra = {"relations": len(relations)}
    few_ev, few_r = coded(few_s, few_m)
    few_a = ctx.articles[ctx.articles["doc_id"].isin(some)]
    articles = ctx.articles
    (stance, _), score = measure(
        "score_articles",
        "kept bodies (lexicon sentence scores + bootstrap + framing)",
        lambda: score_articles(
            articles, sentences, mentions, relations, lexicon, params, evidence=evidence
        ),
        len(ctx.kept),
        n_words(ctx.kept["body"].tolist()),
        warmup=lambda: score_articles(few_a, few_s, few_m, few_r, lexicon, params, evidence=few_ev),
    )
    few_st = stance[stance["doc_id"].isin(some)]

    def corpus_figures(st: pd.DataFrame, a: pd.DataFrame) -> Any:
        summary = stance_summary(corpus_units(st, a, params.count_unit)[0], params)
        return aggregate_units(st, a, params), summary

    # What the stance notebook computes next from article_stance (not part of the lexicon
    # target): aggregates by month, outlet and wire, and the summary with the trend.
    _, figures = measure(
        "stance_aggregates",
        f"article stance (aggregate_units + stance_summary, count_unit {params.count_unit})",
        lambda: corpus_figures(stance, articles),
        len(stance),
        rel.words,
        warmup=lambda: corpus_figures(few_st, few_a),
    )
    # What count_unit stories computes those figures from: one row per story of the articles.
    (units, _), stories = measure(
        "stories",
        "article stance (corpus_units, count_unit stories: story_level)",
        lambda: corpus_units(stance, articles, "stories"),
        len(stance),
        rel.words,
        warmup=lambda: corpus_units(few_st, few_a, "stories"),
    )
    stories.extra = {"stories": len(units)}
    # The model path (not part of the lexicon target): masked evidence sentences, batched.
    syn = load_synthetic(ROOT / "data" / "annotations" / "synthetic_sentences.csv")
    marked = [parse_markup(t) for t in syn["text"]]
    coder = synthetic_coder_features([t for t, _ in marked], [sp for _, sp in marked], lexicon)
    masked = with_coder([mask(t, sp) for t, sp in marked], coder)
    model = fit_model(masked, syn["alignment"], params.model_c, 1)
    keys = evidence.keys
    texts = model_inputs(sentences, mentions, lexicon, keys, relations)
    _, scored = measure(
        "stance_model",
        "evidence sentences (mask + predict_scores, batches of 4096)",
        lambda: predict_scores(model, model_inputs(sentences, mentions, lexicon, keys, relations)),
        len(keys),
        n_words(texts),
        warmup=lambda: predict_scores(model, texts[:64]),
    )
    return [rel, score, figures, stories, scored]


def spacy_pipeline(dictionary: Dictionary) -> Any:
    """spaCy blank("id") + sentencizer + entity_ruler with every dictionary surface as a phrase."""
    import spacy

    nlp = spacy.blank("id")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": p.target, "pattern": s} for s, p in dictionary.patterns.items()])
    return nlp


def spacy_spans(nlp: Any, paragraphs: list[str]) -> list[list[tuple[int, int, str]]]:
    """Entity spans per paragraph: nlp.pipe, batch_size=64, n_process=1."""
    docs = nlp.pipe(paragraphs, batch_size=64, n_process=1)
    return [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in docs]


def bench_spacy(ctx: Context) -> list[Result]:
    """The spaCy baseline on the kept bodies split into paragraphs (on blank lines)."""
    t0 = time.perf_counter()
    nlp = spacy_pipeline(ctx.dictionary)
    setup = time.perf_counter() - t0
    paragraphs = [p for b in ctx.kept["body"] for p in b.split("\n\n") if p.strip()]

    def fresh() -> Callable[[], Any]:
        other = spacy_pipeline(ctx.dictionary)
        spacy_spans(other, paragraphs[:64])
        return lambda: spacy_spans(other, paragraphs)

    found, r = measure(
        "spacy_baseline",
        "paragraphs of the kept bodies",
        lambda: spacy_spans(nlp, paragraphs),
        len(paragraphs),
        n_words(paragraphs),
        warmup=lambda: spacy_spans(nlp, paragraphs[:64]),
        traced=fresh,
    )
    r.extra = {
        "spans": sum(len(x) for x in found),
        "setup_seconds": round(setup, 3),
        "patterns": len(ctx.dictionary.patterns),
    }
    return [r]


def bench_scaling(ctx: Context, n: int) -> list[dict[str, Any]]:
    """clean_article, tag_rows and find_duplicates rates on corpus prefixes of n/10, n/2.5, n."""
    kept = ctx.articles["status"].eq("kept").tolist()
    bodies, dates = ctx.kept["body"].tolist(), ctx.kept["published"].tolist()
    out = []
    for k in sorted({max(1, n // 10), max(1, int(n / 2.5)), n}):
        texts = ctx.texts[:k]
        nk = sum(kept[:k])
        first = set(ctx.articles["doc_id"].head(k))
        cands = [c for c in ctx.cands if c.doc_id in first]
        t_clean = rate(lambda texts=texts: [clean_article(t, ctx.rules) for t in texts])
        t_tag = rate(lambda nk=nk: ctx.tag_all(bodies[:nk], dates[:nk]))
        t_dedup = rate(lambda cands=cands: ctx.dedup(cands))
        out.append(
            {
                "n": k,
                "clean_article_words_per_s": n_words(texts) / t_clean,
                "tag_rows_words_per_s": n_words(bodies[:nk]) / t_tag,
                "dedup_docs": len(cands),
                "dedup_docs_per_s": len(cands) / t_dedup,
            }
        )
    return out


def check_targets(by: dict[str, Result]) -> list[dict[str, Any]]:
    """Each target of the project's issues against the measured figure."""
    # The path reads every sentence of the kept articles (titles and bodies): their words.
    stance_words = by["code_relations"].words
    stance_s = by["code_relations"].seconds + by["score_articles"].seconds
    rows = [
        ("clean core (clean_article) words/s per core", "clean_core", by["clean_article"]),
        ("dictionary tagging (tag_rows) words/s per core", "tagging", by["tag_rows"]),
    ]
    out: list[dict[str, Any]] = [
        {"target": t, "goal": TARGETS[k], "measured": r.words_per_s} for t, k, r in rows
    ]
    out.append(
        {
            "target": "stance lexicon path (code_relations + score_articles) words/s per core, "
            "words of the kept articles' sentences (titles and bodies)",
            "goal": TARGETS["stance_lexicon"],
            "measured": stance_words / stance_s,
        }
    )
    for t in out:
        t["met"] = t["measured"] >= t["goal"]
    minutes = DEDUP_TARGET_DOCS / by["find_duplicates"].items_per_s / 60
    out.append(
        {
            "target": f"near-duplicate detection on {DEDUP_TARGET_DOCS:,} articles (minutes, "
            "extrapolated linearly from find_duplicates docs/s)",
            "goal": DEDUP_TARGET_MINUTES,
            "measured": minutes,
            "met": minutes <= DEDUP_TARGET_MINUTES,
        }
    )
    return out


def run(n: int, seed: int) -> dict[str, Any]:
    """Every benchmark on a corpus of ``n`` generated articles."""
    t0 = time.perf_counter()
    docs = generate(n, seed)
    gen_seconds = time.perf_counter() - t0
    dictionary = load_dictionary(LEXICONS / "actors.yaml")
    ctx = Context(
        texts=[t for _, t in docs],
        records=[RawRecord(source=name, content=text.encode(), text=text) for name, text in docs],
        rules=load_rules(LEXICONS / "boilerplate.yaml"),
        dictionary=dictionary,
        automaton=build_automaton(dictionary),
        lexicon=load_lexicon(LEXICONS / "stance.yaml"),
    )
    results = bench_clean(ctx) + bench_dedup(ctx, n) + bench_entities(ctx) + bench_stance(ctx)
    results += bench_spacy(ctx)
    scaling = bench_scaling(ctx, n)
    by = {r.name: r for r in results}
    return {
        "machine": machine(),
        "code": code_state(),
        "corpus": {
            "n": n,
            "seed": seed,
            "raw_words": n_words(ctx.texts),
            "kept_articles": len(ctx.kept),
            "kept_body_words": by["tag_rows"].words,
            "generate_seconds": round(gen_seconds, 3),
        },
        "results": [
            asdict(r) | {"words_per_s": r.words_per_s, "items_per_s": r.items_per_s}
            for r in results
        ],
        "scaling": scaling,
        "spans": {
            "tag_rows": by["tag_rows"].extra["spans"],
            "spacy_entity_ruler": by["spacy_baseline"].extra["spans"],
        },
        "targets": check_targets(by),
    }


def _fmt(x: float) -> str:
    return f"{x / 1e6:.2f} M" if x >= 1e6 else f"{x / 1e3:.0f} k" if x >= 1e3 else f"{x:.1f}"


def markdown(res: dict[str, Any]) -> str:
    """The figures of :func:`run` as Markdown tables."""
    m, c = res["machine"], res["corpus"]
    lines = [
        f"Machine: {m['platform']}, {m['cpu']}, {m['cpu_count']} CPUs, Python {m['python']}, "
        f"{m['date']}; pipeline sources {res['code']['sha256']} "
        f"(last changed {res['code']['newest_change']})",
        f"Corpus: {c['n']} generated articles (seed {c['seed']}), {c['raw_words']:,} raw words; "
        f"{c['kept_articles']} kept, {c['kept_body_words']:,} body words.",
        "",
        "| benchmark | input | items | words | seconds | words/s | items/s "
        "| tracemalloc peak MB | ru_maxrss Δ MB |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in res["results"]:
        lines.append(
            f"| {r['name']} | {r['input']} | {r['items']:,} | {r['words']:,} | {r['seconds']:.2f} "
            f"| {_fmt(r['words_per_s'])} | {r['items_per_s']:,.0f} | {r['traced_peak_mb']:.1f} "
            f"| {r['maxrss_delta_mb']:.1f} |"
        )
    lines += [
        "",
        "| n | clean_article words/s | tag_rows words/s | find_duplicates docs/s |",
        "|--:|--:|--:|--:|",
    ]
    for s in res["scaling"]:
        lines.append(
            f"| {s['n']:,} | {_fmt(s['clean_article_words_per_s'])} "
            f"| {_fmt(s['tag_rows_words_per_s'])} | {s['dedup_docs_per_s']:,.0f} |"
        )
    sp = res["spans"]
    lines += [
        "",
        f"Entity spans on the same texts: tag_rows {sp['tag_rows']:,}, "
        f"spaCy entity_ruler {sp['spacy_entity_ruler']:,}.",
        "",
        "| target | goal | measured | met |",
        "|---|--:|--:|---|",
    ]
    for t in res["targets"]:
        unit = " min" if "minutes" in t["target"] else ""
        goal = f"≤ {t['goal']:.0f}{unit}" if unit else f"≥ {_fmt(t['goal'])}"
        val = f"{t['measured']:.1f}{unit}" if unit else _fmt(t["measured"])
        lines.append(f"| {t['target']} | {goal} | {val} | {'yes' if t['met'] else 'no'} |")
    return "\n".join(lines)


def dedup_check(n: int, seed: int) -> dict[str, Any]:
    """find_duplicates alone on ``n`` generated articles (bodies from clean_article)."""
    rules = load_rules(LEXICONS / "boilerplate.yaml")
    t0 = time.perf_counter()
    cands = []
    for name, text in generate(n, seed):
        c = clean_article(text, rules)
        when = c.byline_date or c.body_date
        day = when.toordinal() if when else unknown_date_ord()
        cands.append(Candidate(name, c.body, day, name))
    prep = time.perf_counter() - t0
    threshold = CleanParams().near_duplicate_threshold
    dups, r = measure(
        "find_duplicates",
        f"{n:,} generated articles (clean_article bodies)",
        lambda: find_duplicates(cands, threshold),
        len(cands),
        n_words([c.body for c in cands]),
        warmup=lambda: find_duplicates(cands[:50], threshold),
    )
    kinds = [reason.split(" (")[0] for _, reason in dups.values()]
    r.extra = {
        "exact": kinds.count("exact duplicate"),
        "near": kinds.count("near duplicate"),
        "planted_exact": round(n * EXACT_SHARE),
        "planted_near": round(n * NEAR_SHARE),
        "generate_and_clean_seconds": round(prep, 1),
    }
    return {
        "machine": machine(),
        "code": code_state(),
        "result": asdict(r) | {"words_per_s": r.words_per_s, "items_per_s": r.items_per_s},
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print Markdown, write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="articles to generate (default 5000)")
    parser.add_argument("--quick", action="store_true", help="n=500")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=OUT, help="JSON output path")
    parser.add_argument(
        "--dedup-n",
        type=int,
        metavar="N",
        help="only time find_duplicates on N articles (e.g. 100000); JSON to bench/out/dedup.json",
    )
    args = parser.parse_args(argv)
    if args.dedup_n:
        res = dedup_check(args.dedup_n, args.seed)
        out = args.out if args.out != OUT else OUT.with_name("dedup.json")
        r, x = res["result"], res["result"]["extra"]
        text = (
            f"find_duplicates on {r['items']:,} articles ({r['words']:,} words): "
            f"{r['seconds']:.1f} s = {r['seconds'] / 60:.1f} min, {r['items_per_s']:,.0f} docs/s, "
            f"tracemalloc peak {r['traced_peak_mb']:.0f} MB, "
            f"ru_maxrss Δ {r['maxrss_delta_mb']:.0f} MB; "
            f"found {x['exact']} exact / {x['near']} near duplicates "
            f"(planted {x['planted_exact']} / {x['planted_near']})"
        )
    else:
        res = run(500 if args.quick else args.n, args.seed)
        out, text = args.out, markdown(res)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=2, default=str) + "\n", encoding="utf-8")
    print(text)  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
