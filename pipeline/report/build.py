"""Assemble the self-contained HTML report (``reports/index.html``).

Everything taken from articles (text, titles, outlets, URLs) is untrusted: Jinja2 autoescapes it,
highlights are built from escaped fragments, and only http(s) URLs become links.
"""

from __future__ import annotations

import json
import platform
import subprocess
from dataclasses import dataclass
from html import escape
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pandas as pd
import yaml
from markupsafe import Markup

from pipeline.report import figures

PACKAGES = (
    "pandas",
    "pyarrow",
    "numpy",
    "dvc",
    "papermill",
    "nbconvert",
    "jupytext",
    "scikit-learn",
    "seaborn",
    "matplotlib",
    "pyahocorasick",
    "pandera",
    "pydantic",
    "trafilatura",
    "py3langid",
    "datasketch",
    "dateparser",
)


def safe_url(url: object) -> str | None:
    """``url`` if it is an absolute http(s) URL, else None (never ``javascript:`` and the like)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    parsed = urlparse(url)
    if (
        parsed.scheme.lower() in ("http", "https")
        and parsed.netloc
        and not any(c in url for c in "\"'<>` \n\r\t")
    ):
        return url
    return None


def highlight(text: str, spans: list[tuple[int, int, str, str]]) -> Markup:
    """Escape ``text`` and wrap ``(start, end, css_class, title)`` spans (non-overlapping)."""
    out, pos = [], 0
    for s, e, cls, title in sorted(spans):
        if s < pos or e <= s:
            continue
        out.append(escape(text[pos:s]))
        out.append(
            f'<mark class="{escape(cls)}" title="{escape(title)}">{escape(text[s:e])}</mark>'
        )
        pos = e
    out.append(escape(text[pos:]))
    return Markup("".join(out))


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {k: (None if (not isinstance(v, list | tuple) and pd.isna(v)) else v) for k, v in r.items()}
        for r in df.to_dict("records")
    ]


def git_state(root: Path) -> dict[str, Any]:
    """Commit and whether tracked sources differ from it (outputs and dvc.lock ignored)."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=True
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    commit = git("rev-parse", "HEAD")
    changed = git(
        "status", "--porcelain", "--untracked-files=no", "--", ".", ":!dvc.lock", ":!reports"
    )
    return {
        "commit": commit or "unknown (not a git checkout)",
        "dirty": bool(changed),
        "changed": changed.splitlines()[:20],
    }


def dvc_hashes(root: Path) -> list[dict[str, str]]:
    """Output hashes recorded in ``dvc.lock`` for the stages before the report."""
    lock = root / "dvc.lock"
    if not lock.exists():
        return []
    data = yaml.safe_load(lock.read_text(encoding="utf-8")) or {}
    rows = []
    for stage, spec in sorted((data.get("stages") or {}).items()):
        if stage == "report":
            continue
        for out in spec.get("outs") or []:
            rows.append({"stage": stage, "path": out.get("path", ""), "md5": out.get("md5", "")})
    return rows


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


@dataclass
class ReportInputs:
    articles: pd.DataFrame
    cleaning_log: pd.DataFrame
    sentences: pd.DataFrame
    mentions: pd.DataFrame
    relations: pd.DataFrame
    stance: pd.DataFrame
    components: pd.DataFrame
    monthly: pd.DataFrame
    stage_metrics: dict[str, Any]


def actor_counts(mentions: pd.DataFrame, labels: dict[str, str], top: int) -> pd.DataFrame:
    """Mentions per actor (locations excluded), most frequent first."""
    actors = mentions[mentions["entity_type"] != "LOC"]
    counts = (
        actors.groupby(["entity_id", "bloc"])
        .size()
        .rename("mentions")
        .reset_index()
        .sort_values(["mentions", "entity_id"], ascending=[False, True])
        .head(top)
    )
    counts["label"] = [labels.get(e, e) for e in counts["entity_id"]]
    return counts.reset_index(drop=True)


def cooccurrence_matrix(mentions: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """Number of sentences naming both actors, for the actors in ``ids``."""
    m = mentions[mentions["entity_id"].isin(ids)].drop_duplicates(
        ["doc_id", "sent_id", "entity_id"]
    )
    if m.empty:
        return pd.DataFrame()
    onehot = pd.crosstab([m["doc_id"], m["sent_id"]], m["entity_id"]).clip(upper=1)
    co = onehot.T @ onehot
    order = [i for i in ids if i in co.index]
    return co.loc[order, order].astype(int)


def outlet_table(stance: pd.DataFrame) -> pd.DataFrame:
    """Mean alignment and framing per outlet, with the min–max of article intervals."""
    if stance.empty:
        return pd.DataFrame(
            columns=["outlet", "articles", "alignment", "ci_low", "ci_high", "framing"]
        )
    s = stance.assign(outlet=stance["outlet"].fillna("(unknown)"))
    g = s.groupby("outlet").agg(
        articles=("doc_id", "size"),
        alignment=("alignment", "mean"),
        ci_low=("alignment_ci_low", "mean"),
        ci_high=("alignment_ci_high", "mean"),
        framing=("framing", "mean"),
    )
    return g.reset_index().sort_values(["alignment", "outlet"]).round(3).reset_index(drop=True)


def evidence(
    inputs: ReportInputs, labels: dict[str, str], per_article: int
) -> list[dict[str, Any]]:
    """For every scored article: metadata, scores and its evidence sentences, highlighted."""
    art = inputs.articles.set_index("doc_id")
    comps = inputs.components.set_index("doc_id")
    sent_text = {
        (d, s): (t, st)
        for d, s, t, st in zip(
            inputs.sentences["doc_id"],
            inputs.sentences["sent_id"],
            inputs.sentences["text"],
            inputs.sentences["start"],
            strict=True,
        )
    }
    ments: dict[tuple[str, int], list[tuple[int, int, str, str]]] = {}
    for d, sid, s, e, eid, bloc in zip(
        inputs.mentions["doc_id"],
        inputs.mentions["sent_id"],
        inputs.mentions["start"],
        inputs.mentions["end"],
        inputs.mentions["entity_id"],
        inputs.mentions["bloc"],
        strict=True,
    ):
        ments.setdefault((d, sid), []).append((s, e, f"bloc-{bloc}", labels.get(eid, eid)))
    rel = inputs.relations
    out = []
    ordered = inputs.stance.sort_values(["published", "doc_id"], na_position="last")
    for r in _records(ordered):
        d = r["doc_id"]
        a = art.loc[d]
        rows = rel[rel["doc_id"] == d]
        sents = []
        for sid, grp in rows.groupby("sent_id", sort=True):
            text, start = sent_text[(d, sid)]
            spans = [(s - start, e - start, c, t) for s, e, c, t in ments.get((d, sid), [])]
            lower = text.lower()
            for cue in grp["cue"].unique():
                pos = lower.find(cue)
                if pos >= 0 and not any(pos < e and s < pos + len(cue) for s, e, _, _ in spans):
                    spans.append((pos, pos + len(cue), "cue", "cue"))
            sents.append(
                {
                    "sent_id": int(sid),
                    "html": highlight(text, spans),
                    "relations": _records(
                        grp[
                            [
                                "source",
                                "target",
                                "relation",
                                "negated",
                                "cue",
                                "weight",
                                "alignment",
                            ]
                        ]
                    ),
                    "score": round(float(grp["alignment"].sum()), 3),
                }
            )
        sents.sort(key=lambda x: -abs(x["score"]))
        c = comps.loc[d] if d in comps.index else None
        out.append(
            {
                **r,
                "title": a["title"],
                "source": a["source"],
                "url": safe_url(a["url"]),
                "wires": list(a["wires"]),
                "n_words": int(a["n_words"]),
                "components": None
                if c is None
                else {
                    k: float(c[k])
                    for k in ("framing_evaluative", "framing_sourcing", "framing_voices")
                },
                "sentences": sents[:per_article],
                "n_sentences_hidden": max(0, len(sents) - per_article),
            }
        )
    return out


def summary(
    inputs: ReportInputs, outlets: pd.DataFrame, wire_bloc: dict[str, int]
) -> dict[str, Any]:
    """Headline numbers for the top of the report."""
    a, s = inputs.articles, inputs.stance
    kept = a[a["status"] == "kept"]
    dates = kept["published"].dropna()
    wires = [w for ws in kept["wires"] for w in ws]
    m = inputs.monthly
    trend = None
    if len(m) >= 1:
        first, last = m.iloc[0], m.iloc[-1]
        trend = {
            "first_month": first["month"],
            "first": float(first["alignment"]),
            "first_ci": (float(first["ci_low"]), float(first["ci_high"])),
            "last_month": last["month"],
            "last": float(last["alignment"]),
            "last_ci": (float(last["ci_low"]), float(last["ci_high"])),
        }
    return {
        "n_raw": len(a),
        "n_kept": len(kept),
        "n_duplicate": int((a["status"] == "duplicate").sum()),
        "n_excluded": int((a["status"] == "excluded").sum()),
        "first_date": min(dates) if len(dates) else None,
        "last_date": max(dates) if len(dates) else None,
        "n_undated": int(kept["published"].isna().sum()),
        "mean_alignment": round(float(s["alignment"].mean()), 3) if len(s) else None,
        "mean_framing": round(float(s["framing"].mean()), 3) if len(s) else None,
        "trend": trend,
        "most_western": _records(outlets.tail(1))[0] if len(outlets) else None,
        "least_western": _records(outlets.head(1))[0] if len(outlets) else None,
        "wire_total": len(wires),
        "wire_west": sum(1 for w in wires if wire_bloc.get(w) == 1),
        "wire_russia": sum(1 for w in wires if wire_bloc.get(w) == -1),
    }


def render(context: dict[str, Any]) -> str:
    """Render the report template (autoescaped)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = lambda v, d=2: "–" if v is None else f"{v:+.{d}f}"
    env.filters["tojson_pretty"] = lambda v: json.dumps(
        v, indent=2, sort_keys=True, default=str, ensure_ascii=False
    )
    return env.get_template("report.html.j2").render(**context)


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
) -> tuple[str, dict[str, Any]]:
    """``(html, combined metrics)`` for the whole pipeline."""
    outlets = outlet_table(inputs.stance)
    counts = actor_counts(inputs.mentions, labels, top_actors)
    co = cooccurrence_matrix(inputs.mentions, list(counts["entity_id"][:12]))
    co.index = co.columns = [labels.get(i, i) for i in co.index] if len(co) else co.index
    a = inputs.articles
    kept = a[a["status"] == "kept"]
    month = pd.to_datetime(kept["published"]).dt.strftime("%Y-%m").fillna("(undated)")
    by_outlet_month = (
        pd.crosstab(kept["outlet"].fillna("(unknown)"), month) if len(kept) else pd.DataFrame()
    )
    speakers = inputs.sentences.dropna(subset=["quote_speaker"])
    bloc_lookup = dict(zip(inputs.mentions["entity_id"], inputs.mentions["bloc"], strict=False))
    voices = (
        speakers.assign(
            bloc=speakers["quote_speaker"].map(bloc_lookup).fillna("none"),
            speaker=speakers["quote_speaker"].map(lambda e: labels.get(e, e)),
        )
        .groupby(["bloc", "speaker"])
        .size()
        .rename("quotes")
        .reset_index()
        .sort_values(["bloc", "quotes"], ascending=[True, False])
    )
    wires = pd.Series([w for ws in kept["wires"] for w in ws], dtype=str)
    wire_table = wires.value_counts().rename_axis("wire").rename("articles").reset_index()
    wire_table["bloc"] = [
        {1: "west", -1: "russia"}.get(wire_bloc.get(w, 0), "none") for w in wire_table["wire"]
    ]
    rules = (
        inputs.cleaning_log.groupby("rule")
        .agg(lines=("text", "size"), articles=("doc_id", "nunique"), example=("text", "first"))
        .sort_values("lines", ascending=False)
        .reset_index()
    )
    metrics = {k: {kk: vv for kk, vv in v.items()} for k, v in inputs.stage_metrics.items()}
    context = {
        "title": title,
        "summary": summary(inputs, outlets, wire_bloc),
        "fig_time": figures.alignment_over_time(inputs.monthly),
        "fig_actors": figures.top_actors(counts),
        "fig_cooc": figures.cooccurrence(co),
        "fig_outlets": figures.by_outlet(outlets),
        "monthly": _records(inputs.monthly),
        "outlets": _records(outlets),
        "by_outlet_month": by_outlet_month,
        "not_kept": _records(
            a.loc[a["status"] != "kept", ["source", "status", "reason", "duplicate_of"]]
        ),
        "rules": _records(rules),
        "actors": _records(counts),
        "voices": _records(voices),
        "wires": _records(wire_table),
        "components": _records(
            inputs.components.merge(
                inputs.stance[["doc_id", "framing", "framing_label"]], on="doc_id"
            ).merge(a[["doc_id", "source"]], on="doc_id")
        ),
        "articles": evidence(inputs, labels, per_article),
        "metrics": metrics,
        "metrics_json": metrics,
        "params_text": params_text,
        "git": git_state(root),
        "hashes": dvc_hashes(root),
        "packages": package_versions(),
        "notebooks": notebooks,
        "bloc_colours": figures.BLOC_COLOURS,
    }
    return render(context), metrics
