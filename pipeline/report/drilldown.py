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
    (its mentions highlighted), in article and sentence order, at most ``per_actor`` shown.

    One pass over the mentions of all the actors (a filter of the whole table per actor and
    per shown sentence took seconds at 20,000 articles)."""
    if actors.empty or mentions.empty:
        return []
    cols = ["entity_id", "doc_id", "sent_id", "start", "end"]
    m = mentions.loc[mentions["entity_id"].isin(set(actors["entity_id"])), cols]
    keys = m[["entity_id", "doc_id", "sent_id"]].drop_duplicates()
    keys = keys.sort_values(["entity_id", "doc_id", "sent_id"], kind="stable")
    n_sentences = keys.groupby("entity_id").size().to_dict()
    n_articles = m.groupby("entity_id")["doc_id"].nunique().to_dict()
    listed = keys.groupby("entity_id", sort=False).head(per_actor)
    # the shown sentences' text and offset (mention offsets are the article's)
    shown_keys = listed[["doc_id", "sent_id"]].drop_duplicates()
    found = shown_keys.merge(
        sentences[["doc_id", "sent_id", "text", "start"]], on=["doc_id", "sent_id"]
    )
    sent = {
        (d, int(i)): (t, int(st))
        for d, i, t, st in zip(
            found["doc_id"], found["sent_id"], found["text"], found["start"], strict=True
        )
    }
    spans: dict[tuple[str, str, int], list[tuple[int, int]]] = {}
    here = m.merge(listed, on=["entity_id", "doc_id", "sent_id"])
    for e, d, i, s, end in zip(*(here[c] for c in cols), strict=True):
        spans.setdefault((e, d, int(i)), []).append((int(s), int(end)))
    docs = set(shown_keys["doc_id"])
    meta_rows = articles.loc[
        articles["doc_id"].isin(docs), ["doc_id", "source", "published", "outlet"]
    ]
    meta = {r["doc_id"]: r for r in meta_rows.to_dict("records")}
    by_actor: dict[str, list[tuple[str, int]]] = {}
    for e, d, i in zip(listed["entity_id"], listed["doc_id"], listed["sent_id"], strict=True):
        by_actor.setdefault(e, []).append((d, int(i)))
    out = []
    for a in records(actors):
        eid = a["entity_id"]
        shown = []
        for doc_id, sent_id in by_actor.get(eid, []):
            if (doc_id, sent_id) not in sent:
                continue
            sentence, base = sent[(doc_id, sent_id)]
            marks = [
                (s - base, e - base, BLOC_CLASS.get(a["bloc"], "n"), "")
                for s, e in spans.get((eid, doc_id, sent_id), [])
            ]
            info = meta.get(doc_id)
            shown.append(
                {
                    "source": None if info is None else info["source"],
                    "published": None if info is None else none_if_na(info["published"]),
                    "outlet": None if info is None else none_if_na(info["outlet"]),
                    "html": highlight(str(sentence), marks),
                }
            )
        n = int(n_sentences.get(eid, 0))
        out.append(
            {
                **a,
                "n_sentences": n,
                "n_articles": int(n_articles.get(eid, 0)),
                "sentences": shown,
                "sentences_cut": max(0, n - per_actor),
            }
        )
    return out
