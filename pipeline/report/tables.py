"""The report's tables and headline numbers: small pure functions over the stage outputs.

Nothing here writes files or renders HTML; the template only formats what these return.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from pipeline.schemas import COLUMNS

UNKNOWN_OUTLET = "(unknown)"
UNDATED = "(undated)"
AGGREGATE_COLUMNS = tuple(COLUMNS["aggregates"])
WIRE_SIDES = {1: "west", -1: "russia", 0: "none"}


def kept(articles: pd.DataFrame) -> pd.DataFrame:
    """The articles that were analysed (``status == "kept"``)."""
    return articles[articles["status"] == "kept"]


def none_if_na(v: Any) -> Any:
    """``None`` for pandas/NumPy missing scalars, the value otherwise."""
    if isinstance(v, list | tuple | np.ndarray | dict):
        return v
    try:
        return None if pd.isna(v) else v
    except (TypeError, ValueError):
        return v


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts with missing values as ``None`` (what the template tests with ``is none``)."""
    return [{k: none_if_na(v) for k, v in r.items()} for r in df.to_dict("records")]


def aggregates_for(aggregates: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """The ``dimension`` rows of the stance stage's aggregates, Russian side first.

    The report renders these figures and never recomputes them: a dimension with no rows
    (no article with evidence) gives an empty table.
    """
    missing = [c for c in AGGREGATE_COLUMNS if c not in aggregates.columns]
    if missing:
        raise ValueError(f"aggregates.parquet lacks the columns {missing}")
    table = aggregates[aggregates["dimension"] == dimension]
    table = table.loc[:, list(AGGREGATE_COLUMNS)].sort_values(["alignment", "group"])
    return table.reset_index(drop=True)


def extreme_groups(
    table: pd.DataFrame, min_articles: int, exclude: tuple[str, ...] = (UNKNOWN_OUTLET,)
) -> tuple[dict[str, Any] | None, dict[str, Any] | None, int]:
    """Most and least Western-aligned groups among those with ≥ ``min_articles`` articles.

    Groups in ``exclude`` (articles of unknown outlet) are never named. If no group is that
    large, every group counts. Returns ``(most, least, threshold used)``.
    """
    table = table[~table["group"].isin(exclude)]
    if table.empty:
        return None, None, 0
    big = table[table["n_articles"] >= min_articles]
    used = min_articles if len(big) else 1
    pool = (big if len(big) else table).sort_values(["alignment", "group"])
    return records(pool.tail(1))[0], records(pool.head(1))[0], used


def described_trend(trend: dict[str, Any] | None) -> dict[str, Any] | None:
    """The stance stage's trend (``stance_summary.json``) with what it says in words."""
    if trend is None:
        return None
    if not trend["reliable"]:
        direction = f"too few dated articles ({trend['n']}) to call a trend"
    elif trend["ci_low"] > 0:
        direction = "towards the Western side"
    elif trend["ci_high"] < 0:
        direction = "towards the Russian side"
    else:
        direction = "no clear trend (the interval includes 0)"
    return {**trend, "direction": direction}


def wire_shares(articles: pd.DataFrame, wire_bloc: dict[str, int]) -> dict[str, Any]:
    """Wire credits of the kept articles by side (per ``wire_bloc``: +1 West, −1 Russia).

    Shares are of all wire credits and of articles crediting at least one wire of that side;
    ``west_names`` / ``russia_names`` are the agencies of that side actually credited in the
    corpus (not every agency the dictionary knows).
    """
    k = kept(articles)
    wires = [w for ws in k["wires"] for w in ws]
    sides = [wire_bloc.get(w) for w in wires]
    n = len(wires)
    arts = [{wire_bloc.get(w) for w in ws} for ws in k["wires"]]
    n_art = len(k)

    def share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    return {
        "credits": n,
        "west": sides.count(1),
        "russia": sides.count(-1),
        "other": n - sides.count(1) - sides.count(-1),
        "west_share": share(sides.count(1), n),
        "russia_share": share(sides.count(-1), n),
        "articles": n_art,
        "articles_with_wire": sum(1 for ws in k["wires"] if len(ws)),
        "articles_west": sum(1 for a in arts if 1 in a),
        "articles_russia": sum(1 for a in arts if -1 in a),
        "articles_west_share": share(sum(1 for a in arts if 1 in a), n_art),
        "articles_russia_share": share(sum(1 for a in arts if -1 in a), n_art),
        "west_names": sorted({w for w in wires if wire_bloc.get(w) == 1}),
        "russia_names": sorted({w for w in wires if wire_bloc.get(w) == -1}),
    }


def wire_table(articles: pd.DataFrame, wire_bloc: dict[str, int]) -> pd.DataFrame:
    """Kept articles crediting each wire agency, with the agency's side."""
    wires = pd.Series([w for ws in kept(articles)["wires"] for w in ws], dtype=str)
    table = wires.value_counts().rename_axis("wire").rename("articles").reset_index()
    table["bloc"] = [WIRE_SIDES.get(wire_bloc.get(w, 0), "none") for w in table["wire"]]
    return table.sort_values(["articles", "wire"], ascending=[False, True]).reset_index(drop=True)


def actor_counts(mentions: pd.DataFrame, labels: dict[str, str], top: int) -> pd.DataFrame:
    """Mentions per actor (places excluded), most frequent first; ``bloc`` is the commonest."""
    actors = mentions[mentions["entity_type"] != "LOC"]
    if actors.empty:
        return pd.DataFrame(columns=["entity_id", "bloc", "mentions", "label"])
    counts = actors.groupby("entity_id").size().rename("mentions").to_frame()
    counts["bloc"] = commonest(actors, "entity_id", "bloc")
    counts = (
        counts.reset_index()
        .sort_values(["mentions", "entity_id"], ascending=[False, True])
        .head(top)[["entity_id", "bloc", "mentions"]]
    )
    counts["label"] = [labels.get(e, e) for e in counts["entity_id"]]
    return counts.reset_index(drop=True)


def commonest(df: pd.DataFrame, by: str, column: str) -> pd.Series:
    """Per ``by`` value, its commonest ``column`` value (missing values not counted); a tie goes
    to the value met first, as ``value_counts().index[0]`` of each group gives it, in one
    groupby (a ``value_counts`` per group took seconds for thousands of groups)."""
    t = pd.DataFrame(
        {"key": df[by].to_numpy(), "value": df[column].to_numpy(), "pos": np.arange(len(df))}
    )
    g = t.groupby(["key", "value"], sort=False, dropna=True)["pos"].agg(["size", "min"])
    g = g.reset_index().sort_values(
        ["key", "size", "min"], ascending=[True, False, True], kind="stable"
    )
    first = g.drop_duplicates("key")
    return pd.Series(first["value"].to_numpy(), index=pd.Index(first["key"], name=by), name=column)


def top_by_bloc(
    mentions: pd.DataFrame, labels: dict[str, str], per_bloc: int, blocs: Sequence[str]
) -> pd.DataFrame:
    """The ``per_bloc`` most mentioned actors of each bloc (:func:`actor_counts` + ``short``)."""
    all_counts = actor_counts(mentions, labels, top=10**9)
    all_counts["short"] = [short_label(e, labels) for e in all_counts["entity_id"]]
    parts = [all_counts[all_counts["bloc"] == b].head(per_bloc) for b in blocs]
    parts = [p for p in parts if len(p)]
    if not parts:
        return all_counts.head(0)
    return pd.concat(parts, ignore_index=True)


def short_label(entity_id: str, labels: dict[str, str], width: int = 24) -> str:
    """The entity's label, or its id when the label is longer than ``width`` (e.g. "CSTO")."""
    label = labels.get(entity_id, entity_id)
    if len(label) <= width or entity_id.startswith("person:"):
        return label
    return entity_id.split(":", 1)[-1]


def discovered_names(mentions: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Names the tagger found outside the dictionary (``kind == "discovered"``), commonest first.

    One row per surface form and proposed id, with its mention and article counts and the first
    sentence it occurs in.
    """
    cols = ["surface", "entity_id", "entity_type", "bloc", "mentions", "articles", "example"]
    d = mentions[mentions["kind"] == "discovered"]
    if d.empty:
        return pd.DataFrame(columns=cols)
    text = sentences.set_index(["doc_id", "sent_id"])["text"]
    g = d.groupby(["surface", "entity_id"], sort=False).agg(
        entity_type=("entity_type", "first"),
        bloc=("bloc", "first"),
        mentions=("doc_id", "size"),
        articles=("doc_id", "nunique"),
        doc_id=("doc_id", "first"),
        sent_id=("sent_id", "first"),
    )
    g = g.reset_index()
    g["example"] = [text.get((di, si)) for di, si in zip(g["doc_id"], g["sent_id"], strict=True)]
    g = g.sort_values(["mentions", "surface"], ascending=[False, True])
    return g[cols].reset_index(drop=True)


def entity_blocs(mentions: pd.DataFrame) -> dict[str, str]:
    """Each entity's commonest bloc among its mentions."""
    if mentions.empty:
        return {}
    counts = mentions.groupby(["entity_id", "bloc"]).size().reset_index(name="n")
    counts = counts.sort_values(["entity_id", "n", "bloc"], ascending=[True, False, True])
    return dict(counts.drop_duplicates("entity_id")[["entity_id", "bloc"]].itertuples(False))


def voices(sentences: pd.DataFrame, mentions: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Quoted sentences per speaker (``sentences.quote_speaker``) with the speaker's bloc."""
    cols = ["bloc", "speaker", "entity_id", "quotes", "articles"]
    q = sentences.dropna(subset=["quote_speaker"])
    if q.empty:
        return pd.DataFrame(columns=cols)
    blocs = entity_blocs(mentions)
    g = q.groupby("quote_speaker").agg(quotes=("doc_id", "size"), articles=("doc_id", "nunique"))
    g = g.reset_index().rename(columns={"quote_speaker": "entity_id"})
    g["bloc"] = [blocs.get(e, "none") for e in g["entity_id"]]
    g["speaker"] = [labels.get(e, e) for e in g["entity_id"]]
    g = g.sort_values(["quotes", "entity_id"], ascending=[False, True])
    return g[cols].reset_index(drop=True)


def bloc_totals(table: pd.DataFrame, value: str, blocs: Sequence[str]) -> pd.DataFrame:
    """Sum of ``value`` per bloc in ``blocs`` order (zeros included), with each bloc's share."""
    totals = table.groupby("bloc")[value].sum() if len(table) else pd.Series(dtype=int)
    out = pd.DataFrame({"bloc": list(blocs), value: [int(totals.get(b, 0)) for b in blocs]})
    whole = out[value].sum()
    out["share"] = out[value] / whole if whole else 0.0
    return out


def month_of(published: pd.Series) -> pd.Series:
    """``YYYY-MM`` of each date, :data:`UNDATED` for missing ones."""
    return pd.Series(
        [UNDATED if none_if_na(d) is None else f"{d.year:04d}-{d.month:02d}" for d in published],
        index=published.index,
        dtype=object,
    )


def by_outlet_month(articles: pd.DataFrame) -> pd.DataFrame:
    """Kept articles per outlet (rows) and month (columns), with a ``total`` column."""
    k = kept(articles)
    if k.empty:
        return pd.DataFrame()
    table = pd.crosstab(k["outlet"].fillna(UNKNOWN_OUTLET), month_of(k["published"]))
    months = sorted(c for c in table.columns if c != UNDATED)
    table = table[months + ([UNDATED] if UNDATED in table.columns else [])]
    table["total"] = table.sum(axis=1)
    table.index.name = "outlet"
    table.columns.name = None
    return table.sort_values(["total"], ascending=False, kind="stable")


def articles_per_month(articles: pd.DataFrame) -> pd.DataFrame:
    """Kept, dated articles per month (``month``, ``articles``), months in order."""
    k = kept(articles)
    months = month_of(k["published"])
    counts = months[months != UNDATED].value_counts().sort_index()
    return counts.rename_axis("month").rename("articles").reset_index()


_DETAIL = re.compile(r"\s*\([^)]*\)")
_DOC_REF = re.compile(r"\s*(?:of\s+)?\b[0-9a-f]{16}\b")


def reason_category(reason: str | None) -> str:
    """A reason without its particulars: parenthesised details and document ids removed."""
    if reason is None:
        return ""
    text = _DOC_REF.sub("", _DETAIL.sub("", str(reason)))
    return " ".join(text.split()).rstrip(":;,") or str(reason)


def not_kept(articles: pd.DataFrame) -> pd.DataFrame:
    """Every excluded or duplicate article: source, status, reason and the source it duplicates."""
    cols = ["source", "status", "reason", "duplicate_of"]
    rest = articles[articles["status"] != "kept"]
    if rest.empty:
        return pd.DataFrame(columns=cols)
    source_of = dict(zip(articles["doc_id"], articles["source"], strict=True))
    out = rest[["source", "status", "reason"]].copy()
    out["duplicate_of"] = [
        None if none_if_na(d) is None else source_of.get(d, d) for d in rest["duplicate_of"]
    ]
    return out.sort_values(["status", "source"]).reset_index(drop=True)


def reason_counts(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles not kept, by status and reason category."""
    rest = articles[articles["status"] != "kept"]
    if rest.empty:
        return pd.DataFrame(columns=["status", "reason", "articles"])
    cat = [reason_category(none_if_na(r)) for r in rest["reason"]]
    g = rest.assign(reason=cat).groupby(["status", "reason"]).size().rename("articles")
    return g.reset_index().sort_values(["articles", "reason"], ascending=[False, True])


def cleaning_rules(log: pd.DataFrame) -> pd.DataFrame:
    """Removed lines per cleaning rule: lines, articles and the commonest removed line."""
    cols = ["rule", "lines", "articles", "example"]
    if log.empty:
        return pd.DataFrame(columns=cols)
    g = log.groupby("rule").agg(lines=("text", "size"), articles=("doc_id", "nunique"))
    g["example"] = commonest(log, "rule", "text")
    g = g.reset_index().sort_values(["lines", "rule"], ascending=[False, True])
    return g[cols].reset_index(drop=True)


COMPONENTS = ("framing_evaluative", "framing_sourcing", "framing_voices")
FRAMING_COLUMNS = ("outlet", "articles", "framing", *COMPONENTS, "n_framing_terms")


def framing_table(summary: dict[str, Any]) -> pd.DataFrame:
    """The stance stage's per-outlet framing (``stance_summary.json``, ``framing_by_outlet``)
    as a table; the report renders it and never recomputes it."""
    if "framing_by_outlet" not in summary:
        raise ValueError("stance_summary.json lacks framing_by_outlet: rerun the stance stage")
    return pd.DataFrame(summary["framing_by_outlet"], columns=list(FRAMING_COLUMNS))


def label_counts(stance: pd.DataFrame) -> pd.DataFrame:
    """Articles per alignment label × framing label."""
    if stance.empty:
        return pd.DataFrame()
    table = pd.crosstab(stance["alignment_label"], stance["framing_label"])
    table.index.name, table.columns.name = "alignment label", None
    return table


def date_span(articles: pd.DataFrame) -> tuple[date | None, date | None, int]:
    """First and last publication date of the kept articles, and how many are undated."""
    k = kept(articles)
    dates = [d for d in k["published"] if none_if_na(d) is not None]
    return (min(dates) if dates else None, max(dates) if dates else None, len(k) - len(dates))
