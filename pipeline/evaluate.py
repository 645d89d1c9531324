"""The evaluate stage: every stage's figures on annotated pages, by split.

Headline figures come from the development corpus's ``test`` pages (outlets never looked at
while writing rules, lexicons or features); ``tune`` figures are in-sample for the rules and are
labelled so; the learned parts are also cross-validated on ``tune`` grouped by outlet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline.annotated import (
    CorpusInfo,
    Processed,
    doc_ids,
    gold_articles,
    gold_sentences,
    outlet_groups,
)
from pipeline.clean.ingest import read_corpus
from pipeline.clean.lines import LineClassifier, LineLexicon, fit_classifier
from pipeline.clean.rules import load_rules
from pipeline.clean.stage import clean_corpus
from pipeline.config import CleanParams, load_yaml
from pipeline.devcorpus import DevCorpus
from pipeline.evaluation import (
    duplicate_scores,
    entity_presence,
    field_scores,
    label_scores,
    line_scores,
    mention_scores,
    outlet_key,
    title_scores,
)
from pipeline.schemas import ALIGNMENT_LABELS, FRAMING_LABELS
from pipeline.stance.gold import match_gold
from pipeline.stance.measure import StanceResult
from pipeline.stance.methods import METHODS, class_report, classes
from pipeline.train import line_training_set

SPLIT_NOTES = {
    "test": "out-of-sample: outlets never read while writing rules, lexicons or features",
    "tune_in_sample": "tune pages: in-sample for rules and lexicons (written while reading them)",
}


def sentence_scores(
    dev: DevCorpus, ids: list[str], processed: Processed, table: pd.DataFrame, threshold: float
) -> dict[str, Any]:
    """Every method's sentence classes against the labelled sentences of pages ``ids``.

    A labelled sentence the pipeline did not take as evidence scores 0 under every method.
    """
    matched, unmatched = match_gold(
        gold_sentences(dev, ids), processed.articles, processed.sentences
    )
    rows = matched[["doc_id", "sent_id", "alignment"]].merge(
        table, on=["doc_id", "sent_id"], how="left", suffixes=("_gold", "")
    )
    out: dict[str, Any] = {
        m: class_report(
            rows["alignment_gold"].to_numpy(np.int64),
            classes(rows[m].fillna(0.0).to_numpy(), threshold),
        )
        for m in METHODS
    }
    out["matched"] = int(len(matched))
    out["unmatched"] = int(len(unmatched))
    out["evidence"] = int(rows["lexicon"].notna().sum())
    return out


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def split_figures(
    dev: DevCorpus,
    ids: list[str],
    processed: Processed,
    result: StanceResult,
    gold_mentions: pd.DataFrame,
    threshold: float,
) -> dict[str, Any]:
    """Cleaning, entity and stance figures on the pages ``ids``."""
    idmap = {i: d for i, d in doc_ids(dev, processed.articles).items() if i in ids}
    arts = processed.articles.set_index("doc_id")
    # the body cleaning produced, whatever the status (a duplicate is cleaned all the same)
    bodies = {i: _text(arts.at[d, "body"]) for i, d in idmap.items()}
    labels = dev.articles[dev.articles["id"].isin(ids)]
    mentions_gold = gold_mentions[gold_mentions["id"].isin(ids)]
    clean = {
        "lines": line_scores(dev.lines[dev.lines["id"].isin(ids)], bodies),
        **field_scores(labels, processed.articles, idmap),
        "duplicates": duplicate_scores(labels, processed.articles, idmap),
        "titles": title_scores(labels, dev.lines, processed.articles, idmap),
        "excluded": sorted(i for i, d in idmap.items() if arts.at[d, "status"] == "excluded"),
    }
    kept = {i: d for i, d in idmap.items() if arts.at[d, "status"] == "kept"}  # tagged pages
    entities = entity_presence(labels, processed.mentions, kept)
    if len(mentions_gold):
        entities["mentions"] = mention_scores(
            mentions_gold.assign(file=[dev.page(i).name for i in mentions_gold["id"]]),
            processed.articles,
            processed.mentions,
        )
    gold = gold_articles(dev, ids)
    stance = {
        "alignment": label_scores(
            gold, processed.articles, result.stance, "alignment_label", ALIGNMENT_LABELS
        ),
        "framing": label_scores(
            gold, processed.articles, result.stance, "framing_label", FRAMING_LABELS
        ),
        "sentences": sentence_scores(dev, ids, processed, result.sentence_stance, threshold),
    }
    return {
        "pages": len(ids),
        "outlets": int(labels["outlet"].nunique()),
        "clean": clean,
        "entities": entities,
        "stance": stance,
    }


def _get(d: dict[str, Any], *path: str) -> Any:
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return None
        d = d[p]
    return d


def headline(details: dict[str, Any]) -> dict[str, Any]:
    """The few figures a researcher reads first (DVC metrics): test split, and tune CV."""
    t = details.get("test", {})
    return {
        "focal": details["focal"]["labels_for"],
        "test_pages": t.get("pages", 0),
        "test_outlets": t.get("outlets", 0),
        "test_boilerplate_removed": _get(t, "clean", "lines", "boilerplate_removed", "share"),
        "test_body_kept": _get(t, "clean", "lines", "body_kept", "share"),
        "test_dates_exact": _get(t, "clean", "dates", "share"),
        "test_outlet_correct": _get(t, "clean", "outlets", "share"),
        "test_pairs_recall": _get(t, "clean", "duplicates", "recall"),
        "test_pairs_precision": _get(t, "clean", "duplicates", "precision"),
        "test_titles_normalised": _get(t, "clean", "titles", "normalised", "share"),
        "test_furniture_ids": _get(t, "entities", "furniture_only_ids_tagged"),
        "test_entity_f1": _get(t, "entities", "presence", "f1"),
        "test_discovery_precision": _get(t, "entities", "discovery", "precision"),
        "test_alignment_macro_f1": _get(t, "stance", "alignment", "macro_f1"),
        "test_framing_macro_f1": _get(t, "stance", "framing", "macro_f1"),
        "test_prokremlin_framing_recall": _get(
            t, "stance", "framing", "by_class", "pro_russia", "recall"
        ),
        "test_prokremlin_framing_precision": _get(
            t, "stance", "framing", "by_class", "pro_russia", "precision"
        ),
        "tune_looo_outlet_correct": _get(
            details, "tune_leave_one_outlet_out", "outlet_correct", "share"
        ),
        "tune_looo_dates_exact": _get(details, "tune_leave_one_outlet_out", "dates_exact", "share"),
        "tune_cv_model_alignment_macro_f1": _get(
            details, "tune_cross_validation", "article", "model", "macro_f1"
        ),
    }


def focal_note(info: CorpusInfo, measured_focal: str) -> dict[str, Any]:
    """Which focal state the labels are about, and whether that is the measured corpus's."""
    same = info.focal == measured_focal
    return {
        "labels_for": info.focal,
        "measured_focal": measured_focal,
        "applies_to_measured_corpus": same,
        "note": (
            f"The annotated corpora label alignment for {info.focal}, the focal state measured."
            if same
            else f"The annotated corpora label alignment for {info.focal}; the measured corpus "
            f"is scored for {measured_focal}. These figures are {info.focal}'s and say nothing "
            f"direct about how well {measured_focal} is measured: no {measured_focal} labels "
            "exist."
        ),
    }


def _rule_outlets(rules_path: str | Path) -> list[str]:
    """The outlet sections of the rules file, by name."""
    data = load_yaml(Path(rules_path).read_text(encoding="utf-8")) or {}
    return list(data.get("outlets") or {})


def leave_one_outlet_out(
    dev: DevCorpus,
    ids: list[str],
    rules_path: str | Path,
    line_lexicon: LineLexicon,
    clean: CleanParams,
    seed: int,
) -> dict[str, Any]:
    """Cleaning figures of each outlet's pages when the rules and the line classifier have not
    seen that outlet: an estimate, on ``tune`` alone, of how the cleaning does on new outlets.

    For each outlet of the pages ``ids``, its section of the rules file (matched by
    :func:`outlet_key`) is left out and the line classifier is refitted without its lines; the
    pages ``ids`` are cleaned together (corpus repetition as usual) and that outlet's pages
    scored. Pages without a named outlet form a group each.
    """
    max_bytes = int(clean.max_file_mb * 1e6)
    names = {dev.page(i).name for i in ids}
    records = [r for r in read_corpus(dev.root / "articles", max_bytes) if r.source in names]
    x, y, groups = line_training_set(dev, ids, line_lexicon, max_bytes)
    group = outlet_groups(dev)
    sections = _rule_outlets(rules_path)
    labels = dev.articles[dev.articles["id"].isin(ids)]
    by_group: dict[str, list[str]] = {}
    for i in ids:
        by_group.setdefault(group[i], []).append(i)
    dates: list[dict[str, Any]] = []
    outlets: list[dict[str, Any]] = []
    line_counts = dict.fromkeys(("removed", "furniture", "kept", "body", "titles", "headlines"), 0)
    left_out: dict[str, list[str]] = {}
    for name, members in sorted(by_group.items()):
        drop = [s for s in sections if outlet_key(s) == outlet_key(name)]
        left_out[name] = drop
        rules = load_rules(rules_path, without=drop)
        keep = np.asarray([g != name for g in groups])
        model = fit_classifier(x[keep], [v for v, k in zip(y, keep, strict=True) if k], seed)
        articles, _ = clean_corpus(
            records,
            {},
            rules,
            clean,
            progress=False,
            classifier=LineClassifier(model, line_lexicon),
        )
        idmap = {i: d for i, d in doc_ids(dev, articles).items() if i in members}
        fields = field_scores(labels[labels["id"].isin(members)], articles, idmap)
        dates += [{"id": i, "outlet": name} for i in members]
        dates_err = {e["id"]: e for e in fields["dates"]["errors"]}
        outlet_err = {e["id"]: e for e in fields["outlets"]["errors"]}
        for row in dates[-len(members) :]:
            row["date_ok"] = row["id"] not in dates_err
            row["outlet_ok"] = row["id"] not in outlet_err
        outlets += [{**e, "outlet": name} for e in fields["outlets"]["errors"]]
        outlets += [{**e, "outlet": name, "kind": "date"} for e in fields["dates"]["errors"]]
        arts = articles.set_index("doc_id")
        bodies = {i: _text(arts.at[d, "body"]) for i, d in idmap.items()}
        lines = line_scores(dev.lines[dev.lines["id"].isin(members)], bodies)
        line_counts["removed"] += lines["boilerplate_removed"]["n"]
        line_counts["furniture"] += lines["boilerplate_removed"]["of"]
        line_counts["kept"] += lines["body_kept"]["n"]
        line_counts["body"] += lines["body_kept"]["of"]
        titles = title_scores(labels[labels["id"].isin(members)], dev.lines, articles, idmap)
        line_counts["titles"] += titles["normalised"]["n"]
        line_counts["headlines"] += titles["normalised"]["of"]
        outlets += [{**e, "outlet": name, "kind": "title"} for e in titles["errors"]]
    n = len(dates)
    guessed = sum(1 for e in outlets if e.get("kind") == "date" and e["gold"] is None)
    outlets = [{"kind": "outlet", **e} if "kind" not in e else e for e in outlets]
    return {
        "scheme": "leave one outlet out: its rules section and its classifier lines removed",
        "pages": n,
        "outlets": len(by_group),
        "dates_exact": _share_of(sum(r["date_ok"] for r in dates), n),
        "dates_guessed": guessed,
        "outlet_correct": _share_of(sum(r["outlet_ok"] for r in dates), n),
        "boilerplate_removed": _share_of(line_counts["removed"], line_counts["furniture"]),
        "body_kept": _share_of(line_counts["kept"], line_counts["body"]),
        "titles_normalised": _share_of(line_counts["titles"], line_counts["headlines"]),
        "rules_left_out": {k: v for k, v in left_out.items() if v},
        "errors": outlets,
    }


def _share_of(part: int, whole: int) -> dict[str, Any]:
    return {"share": round(part / whole, 4) if whole else None, "n": int(part), "of": int(whole)}
