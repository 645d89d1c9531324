"""Assemble the self-contained HTML report (``reports/index.html``) from every stage's outputs.

The tables come from :mod:`pipeline.report.tables`, the evidence explorer from
:mod:`pipeline.report.evidence`, figures from :mod:`pipeline.report.figures`; this module only
gathers them into the template's context and renders it. Everything from articles is untrusted:
Jinja2 autoescapes it, highlights are built from escaped fragments (:mod:`.markup`), only http(s)
URLs become links, and the Content-Security-Policy lets no script run but the report's own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup

from pipeline.entities.cooccurrence import cooccurrence_matrix
from pipeline.report import figures, metrics, tables
from pipeline.report.cached import Where, cached
from pipeline.report.drilldown import MAX_ACTOR_SENTENCES, actor_drilldown, outlet_drilldown
from pipeline.report.evidence import BLOC_CLASS, RULE, build_evidence, explorer_json
from pipeline.report.focal import bloc_names, focal_state
from pipeline.report.markup import content_security_policy, highlight, safe_url
from pipeline.report.provenance import citation, dvc_hashes, git_state, package_versions
from pipeline.schemas import COLUMNS

__all__ = ["ReportInputs", "annotated_count", "build_report", "highlight", "render", "safe_url"]

TEMPLATES = Path(__file__).parent / "templates"
BLOCS = ("russia", "west", "focal", "none")
MIN_OUTLET_ARTICLES = 5  # outlets smaller than this are not named in the summary's extremes
MAX_LIST_ROWS = 1000  # long lists (articles not kept, speakers, discovered names) are cut here
# The evidence explorer's share of the report (target: the whole file under 10 MB). Beyond it,
# fewer sentences per article are shown, and the report says so.
EVIDENCE_BUDGET_BYTES = 8_000_000
# The figures' PNG bytes depend on these libraries' versions (their cache keys include them).
FIGURE_LIBRARIES = ("matplotlib", "seaborn")
EXPLORER_PAGE_ROWS = 100  # explorer rows laid out at a time (report.js pages through the rest)
# The articles' columns the report reads: all but the bodies (only counted, by annotated_count).
ARTICLE_COLUMNS = [c for c in COLUMNS["articles"] if c != "body"]


@dataclass
class ReportInputs:
    """Every stage output the report reads. Its statistics (intervals, trend, means) are the
    stance stage's (``aggregates``, ``monthly``, ``summary``): the report never recomputes one."""

    articles: pd.DataFrame
    cleaning_log: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    relations: pd.DataFrame
    sentence_stance: pd.DataFrame  # each evidence sentence's score and contribution
    stance: pd.DataFrame
    components: pd.DataFrame
    monthly: pd.DataFrame
    aggregates: pd.DataFrame
    summary: dict[str, Any]  # data/processed/stance_summary.json
    stage_metrics: dict[str, Any]
    # kept articles whose clean body is an annotated page's (:func:`annotated_count`)
    annotated_kept: int = 0


def capped(df: pd.DataFrame, limit: int) -> tuple[list[dict[str, Any]], int]:
    """The first ``limit`` rows as records and how many were left out."""
    return tables.records(df.head(limit)), max(0, len(df) - limit)


SMALL_CORPUS = 30  # fewer analysed articles than this: the report says what it cannot conclude


def caveats(
    inputs: ReportInputs, n_undated: int, per_article: int, cap: int, hidden: int, n_capped: int
) -> list[str]:
    """Data-driven limitations of this particular run, in plain words."""
    out = []
    s = inputs.stance
    n_kept = int((inputs.articles["status"] == "kept").sum())
    if n_kept < SMALL_CORPUS:
        outlets = inputs.articles.loc[inputs.articles["status"] == "kept", "outlet"].nunique()
        out.append(
            f"This corpus has {n_kept} analysed article{'s' if n_kept != 1 else ''} from "
            f"{outlets} named outlet{'s' if outlets != 1 else ''}: every figure describes these "
            "articles only. Comparisons of outlets or months, trends and intervals need many "
            f"more articles per group (dozens at least) before they say anything about an "
            "outlet or a period."
        )
    no_evidence = int((s["n_evidence"] == 0).sum()) if len(s) else 0
    if len(s) and no_evidence == len(s):
        out.append(
            "No analysed article names the focal state together with a bloc actor: the corpus "
            "gives no evidence about the focal state's alignment, and every alignment is 0 by "
            "construction, not a measured balance."
        )
    elif no_evidence:
        out.append(
            f"{no_evidence} of {len(s)} scored articles have no coded relation: their alignment "
            "is 0 by construction (no signal), which pulls means towards 0."
        )
    if n_undated:
        out.append(
            f"{n_undated} analysed articles have no publication date: they count in every total "
            "and by-outlet figure but not in the monthly series or the trend."
        )
    if hidden and cap == 0:
        out.append(
            f"The corpus is too large for evidence sentences in one file: the explorer lists "
            f"scores only; its {hidden} evidence sentences are in data/processed/."
        )
    elif hidden:
        why = (
            "report.max_evidence_per_article"
            if cap == per_article
            else f"lowered from report.max_evidence_per_article = {per_article} to keep the file "
            "small"
        )
        out.append(
            f"The evidence explorer shows at most {cap} sentence{'s' if cap != 1 else ''} per "
            f"article ({why}): {hidden} "
            f"further sentences of {n_capped} articles are not shown; all are in data/processed/."
        )
    return out


HEADLINE_NAMES = {
    "test_boilerplate_removed": "boilerplate lines removed (share)",
    "test_body_kept": "body lines kept (share)",
    "test_dates_exact": "publication dates exact (share)",
    "test_outlet_correct": "outlet correct (share)",
    "test_pairs_recall": "syndicated pairs found (recall)",
    "test_pairs_precision": "syndicated pairs found (precision)",
    "test_furniture_ids": "entity ids tagged that occur only in furniture (count)",
    "test_entity_f1": "actor ids per page (F1)",
    "test_discovery_precision": "people found outside the dictionary (precision)",
    "test_alignment_macro_f1": "article alignment (macro-F1)",
    "test_framing_macro_f1": "article framing (macro-F1)",
    "test_prokremlin_framing_recall": "pro-Kremlin framing (recall)",
    "test_prokremlin_framing_precision": "pro-Kremlin framing (precision)",
    "tune_cv_model_alignment_macro_f1": "model alone, article alignment (macro-F1), tune, "
    "cross-validated by outlet",
}


def annotated_count(kept_bodies: pd.Series, annotated_bodies: pd.Series) -> int:
    """How many of the kept articles' bodies are the clean body of an annotated page."""
    return int(kept_bodies.isin(frozenset(annotated_bodies.dropna())).sum())


def evaluation_summary(
    stage_metrics: dict[str, Any], articles: pd.DataFrame, annotated_kept: int
) -> dict[str, Any] | None:
    """What the evaluation section says before its tables: which corpus, which split, which
    focal state, and how much of the measured corpus is annotated (None: no evaluation ran)."""
    details = stage_metrics.get("evaluation") or {}
    head = details.get("headline")
    if not head:
        return None
    n_kept = int((articles["status"] == "kept").sum())
    tune = details.get("tune_in_sample", {})
    return {
        "focal_note": details["focal"]["note"],
        "applies": details["focal"]["applies_to_measured_corpus"],
        "test_pages": head.get("test_pages", 0),
        "test_outlets": head.get("test_outlets", 0),
        "tune_pages": tune.get("pages", 0),
        "tune_outlets": tune.get("outlets", 0),
        "n_kept": n_kept,
        "n_annotated": annotated_kept,
        "headline": [
            {"name": name, "value": head.get(key)}
            for key, name in HEADLINE_NAMES.items()
            if key in head
        ],
    }


def render(context: dict[str, Any]) -> str:
    """Render the report template (autoescaped, undefined names are errors)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = lambda v, d=2: "–" if v is None else f"{v:+.{d}f}"
    env.filters["pct"] = lambda v: "–" if v is None else f"{100 * v:.0f}%"
    env.filters["count"] = lambda v: "–" if v is None else f"{int(v):,}"
    env.filters["tojson_pretty"] = lambda v: json.dumps(
        v, indent=2, sort_keys=True, default=str, ensure_ascii=False
    )
    script = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    return env.get_template("report.html.j2").render(
        **context, csp=content_security_policy(script), script=Markup(script)
    )


def build_report(
    inputs: ReportInputs,
    *,
    title: str,
    top_actors: int,
    per_article: int,
    labels: dict[str, str],
    wire_bloc: dict[str, int],
    params_text: str,
    root: Path,
    notebooks: list[str],
    framing_terms: dict[str, int] | None = None,
    focal: str | None = None,
    exports: list[dict[str, Any]] | None = None,
    cache: Where = None,
) -> tuple[str, dict[str, Any]]:
    """``(html, combined metrics)`` for the whole pipeline; ``focal`` is the focal state's label
    (the text says "the focal state" without it); ``exports`` lists the files
    :func:`pipeline.report.exports.write_exports` wrote (linked relative to the report).

    ``cache`` (root, compute settings): the evidence explorer and the figures are taken from the
    cache when what they read is unchanged (:mod:`pipeline.report.cached`); same bytes."""
    a, s = inputs.articles, inputs.stance

    def figure(part: str, fn: Any, *args: Any) -> str | None:
        return cached(f"figure-{part}", fn, args, cache, FIGURE_LIBRARIES)

    k = tables.kept(a)
    first, last, n_undated = tables.date_span(a)

    stats = inputs.summary
    outlets = tables.aggregates_for(inputs.aggregates, "outlet")
    wires_agg = tables.aggregates_for(inputs.aggregates, "wire")
    most, least, min_n = tables.extreme_groups(outlets, MIN_OUTLET_ARTICLES)
    shares = tables.wire_shares(a, wire_bloc)

    per_bloc = max(3, top_actors // 2)
    by_bloc = tables.top_by_bloc(inputs.mentions, labels, per_bloc, BLOCS)
    counts = tables.actor_counts(inputs.mentions, labels, top_actors)
    co_ids = list(counts["entity_id"][:15])
    co = cooccurrence_matrix(inputs.mentions, co_ids)
    if len(co):
        co.index = co.columns = [tables.short_label(i, labels) for i in co.index]
    discovered, discovered_cut = capped(
        tables.discovered_names(inputs.mentions, inputs.sentences), MAX_LIST_ROWS
    )

    voices_table = tables.voices(inputs.sentences, inputs.mentions, labels)
    voice_blocs = tables.bloc_totals(voices_table, "quotes", BLOCS)
    wire_credit_blocs = tables.bloc_totals(
        pd.DataFrame(
            {
                "bloc": ["west", "russia", "none"],
                "credits": [shares["west"], shares["russia"], shares["other"]],
            }
        ),
        "credits",
        ("russia", "west", "none"),
    )
    speakers, speakers_cut = capped(voices_table, MAX_LIST_ROWS)
    framing_outlets = tables.framing_table(stats)
    not_kept, not_kept_cut = capped(tables.not_kept(a), MAX_LIST_ROWS)
    per_month = tables.articles_per_month(a)

    # the explorer reads the scored articles' rows only: an article added but not kept leaves
    # its inputs, and so its cache key, unchanged
    scored_articles = a[a["doc_id"].isin(s["doc_id"])].reset_index(drop=True)
    ev_args = (
        scored_articles,
        inputs.sentences,
        inputs.mentions,
        inputs.relations,
        inputs.sentence_stance,
        s,
        inputs.components,
        labels,
        framing_terms or {},
        per_article,
        EVIDENCE_BUDGET_BYTES,
    )
    ev = cached("explorer", build_evidence, ev_args, cache, ("markupsafe",))
    combined = {k_: dict(v) for k_, v in inputs.stage_metrics.items()}
    test_articles = metrics.held_out_articles(combined)
    shown = {t["path"] for t in test_articles}
    shown_errors = {f"{p} › errors" for p in shown}
    git, hashes = git_state(root), dvc_hashes(root)
    context = {
        "title": title,
        "focal_state": focal_state(focal),
        "summary": {
            "n_raw": len(a),
            "n_kept": len(k),
            "n_duplicate": int((a["status"] == "duplicate").sum()),
            "n_excluded": int((a["status"] == "excluded").sum()),
            "first_date": first,
            "last_date": last,
            "n_undated": n_undated,
            "n_outlets": int(k["outlet"].nunique()),
            "mean_alignment": stats["mean_alignment"],
            "mean_framing": stats["mean_framing"],
            "trend": tables.described_trend(stats["trend"]),
            "most_western": most,
            "least_western": least,
            "min_outlet_articles": min_n,
            "wires": shares,
        },
        "blocs": BLOCS,
        "bloc_names": bloc_names(focal),
        "bloc_colours": figures.BLOC_COLOURS,
        "bloc_class": BLOC_CLASS,
        "ci_level": stats["ci_level"],
        "ci_samples": stats["bootstrap_samples"],
        "fig_months": figure("months", figures.articles_per_month, per_month),
        "by_outlet_month": tables.by_outlet_month(a),
        "reasons": tables.records(tables.reason_counts(a)),
        "not_kept": not_kept,
        "not_kept_cut": not_kept_cut,
        "rules": tables.records(tables.cleaning_rules(inputs.cleaning_log)),
        "n_removed_lines": len(inputs.cleaning_log),
        "fig_actors": figure("actors", figures.top_actors_by_bloc, by_bloc, list(BLOCS)),
        "actors": tables.records(by_bloc),
        "per_bloc": per_bloc,
        "fig_cooc": figure("cooccurrence", figures.cooccurrence, co),
        "discovered": discovered,
        "discovered_cut": discovered_cut,
        "fig_time": figure("time", figures.alignment_over_time, inputs.monthly, stats["ci_level"]),
        "monthly": tables.records(inputs.monthly),
        "fig_outlets": figure("outlets", figures.by_group, outlets, "outlet"),
        "outlets": tables.records(outlets),
        "fig_wires": figure("wires", figures.by_group, wires_agg, "wire agency credited"),
        "wire_groups": tables.records(wires_agg),
        "fig_framing": figure("framing", figures.framing_components, framing_outlets),
        "framing_outlets": tables.records(framing_outlets),
        "label_counts": tables.label_counts(s),
        "fig_sourcing": figure(
            "sourcing", figures.sourcing_and_voices, wire_credit_blocs, voice_blocs
        ),
        "wires": tables.records(tables.wire_table(a, wire_bloc)),
        "voice_blocs": tables.records(voice_blocs),
        "speakers": speakers,
        "speakers_cut": speakers_cut,
        "evidence": ev,
        "explorer_json": Markup(explorer_json(ev)),  # script-safe JSON (no "<", ">", "&")
        "evidence_rule": RULE,
        "page_size": EXPLORER_PAGE_ROWS,
        "per_article": per_article,
        "scores": metrics.score_rows(combined),
        # test alignment and framing have their own block (test_articles); not listed twice
        "test_articles": test_articles,
        "confusions": [c for c in metrics.confusions(combined) if c["measure"] not in shown],
        "errors": [e for e in metrics.error_lists(combined) if e["measure"] not in shown_errors],
        "scalars": metrics.scalar_rows(combined),
        "metrics_json": combined,
        "evaluation": evaluation_summary(combined, a, inputs.annotated_kept),
        "caveats": caveats(
            inputs, n_undated, per_article, ev.cap, ev.sentences_hidden, ev.articles_capped
        ),
        "max_list_rows": MAX_LIST_ROWS,
        "params_text": params_text,
        "git": git,
        "hashes": hashes,
        "citation": citation(root, git["commit"], hashes),
        "packages": package_versions(),
        "notebooks": notebooks,
        "exports": exports or [],
        "actor_max": MAX_ACTOR_SENTENCES,
        "outlet_drill": outlet_drilldown(a, s, framing_outlets, wire_bloc),
        "actor_drill": actor_drilldown(
            inputs.mentions, inputs.sentences, a, by_bloc[["entity_id", "label", "bloc"]]
        ),
    }
    return render(context), combined
