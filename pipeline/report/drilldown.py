"""Drill-down sections of the report: outlet by outlet (its articles over time, its framing
components, its sourcing) and actor by actor (the sentences that name it).

Everything shown is a stage output or a count of rows: article scores are the stance stage's,
the framing components per outlet its ``framing_by_outlet``. Text is untrusted and escaped
(:func:`pipeline.report.markup.highlight`); long lists are cut and say how many they leave out.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from pipeline.report.evidence import BLOC_CLASS
from pipeline.report.markup import highlight
from pipeline.report.tables import UNKNOWN_OUTLET, WIRE_SIDES, kept, month_of, none_if_na, records

MAX_OUTLET_ARTICLES = 200  # articles listed per outlet (its counts cover all)
MAX_ACTOR_SENTENCES = 20  # sentences shown per actor


def outlet_drilldown(
    articles: pd.DataFrame,
    stance: pd.DataFrame,
    framing: pd.DataFrame,
    wire_bloc: dict[str, int],
    limit: int = MAX_OUTLET_ARTICLES,
) -> list[dict[str, Any]]:
    """One entry per outlet of the analysed articles, largest first: articles per month, the
    stance stage's framing row, wire credits by agency and its articles by date with scores."""
    k = kept(articles).assign(outlet=lambda d: d["outlet"].fillna(UNKNOWN_OUTLET))
    if k.empty:
        return []
    scores = stance[["doc_id", "alignment", "alignment_label", "framing", "framing_label"]]
    k = k.merge(scores, on="doc_id", how="left")
    framing_rows = {r["outlet"]: r for r in records(framing)}
    sizes = k.groupby("outlet").size().sort_values(ascending=False, kind="stable")
    out = []
    for outlet in sorted(sizes.index, key=lambda o: (-int(sizes[o]), str(o))):
        rows = k[k["outlet"] == outlet]
        months = month_of(rows["published"]).value_counts().sort_index()
        wires = pd.Series([w for ws in rows["wires"] for w in ws], dtype=str).value_counts()
        listed = rows.sort_values(["published", "source"], na_position="last", kind="stable")
        out.append(
            {
                "outlet": outlet,
                "n_articles": len(rows),
                "months": [{"month": m, "articles": int(n)} for m, n in months.items()],
                "framing": framing_rows.get(outlet),
                "wires": [
                    {
                        "wire": w,
                        "bloc": WIRE_SIDES.get(wire_bloc.get(w, 0), "none"),
                        "articles": int(n),
                    }
                    for w, n in sorted(wires.items(), key=lambda x: (-x[1], x[0]))
                ],
                "articles": [
                    {
                        "published": none_if_na(r["published"]),
                        "title": none_if_na(r["title"]) or r["source"],
                        "source": r["source"],
                        "alignment": none_if_na(r["alignment"]),
                        "alignment_label": none_if_na(r["alignment_label"]),
                        "framing": none_if_na(r["framing"]),
                    }
                    for r in listed.head(limit).to_dict("records")
                ],
                "articles_cut": max(0, len(listed) - limit),
            }
        )
    return out


def actor_drilldown(
    mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    actors: pd.DataFrame,
    per_actor: int = MAX_ACTOR_SENTENCES,
) -> list[dict[str, Any]]:
    """For each actor of ``actors`` (columns entity_id, label, bloc), the sentences naming it
    (its mentions highlighted), in article and sentence order, at most ``per_actor`` shown."""
    if actors.empty or mentions.empty:
        return []
    by_key = sentences.set_index(["doc_id", "sent_id"])
    text, offset = by_key["text"], by_key["start"]  # mention offsets are the article's
    meta = articles.set_index("doc_id")[["source", "published", "outlet"]]
    out = []
    for a in records(actors):
        m = mentions[mentions["entity_id"] == a["entity_id"]]
        keys = m[["doc_id", "sent_id"]].drop_duplicates().sort_values(["doc_id", "sent_id"])
        shown = []
        for doc_id, sent_id in keys.head(per_actor).itertuples(index=False):
            sentence = text.get((doc_id, sent_id))
            if sentence is None:
                continue
            here = m[(m["doc_id"] == doc_id) & (m["sent_id"] == sent_id)]
            base = int(offset.get((doc_id, sent_id)))
            spans = [
                (int(s) - base, int(e) - base, BLOC_CLASS.get(a["bloc"], "n"), "")
                for s, e in zip(here["start"], here["end"], strict=True)
            ]
            info = meta.loc[doc_id] if doc_id in meta.index else None
            shown.append(
                {
                    "source": None if info is None else info["source"],
                    "published": None if info is None else none_if_na(info["published"]),
                    "outlet": None if info is None else none_if_na(info["outlet"]),
                    "html": highlight(str(sentence), spans),
                }
            )
        out.append(
            {
                **a,
                "n_sentences": len(keys),
                "n_articles": int(m["doc_id"].nunique()),
                "sentences": shown,
                "sentences_cut": max(0, len(keys) - per_actor),
            }
        )
    return out
