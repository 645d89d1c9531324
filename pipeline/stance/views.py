"""Tables the stance notebook shows: relations with their sentences, the evidence behind each
article score, the comparison of methods and the errors on the annotated set."""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd

from pipeline.stance.methods import METHODS


def relations_view(
    relations: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame
) -> pd.DataFrame:
    """Every coded relation with its cue, negation flag and sentence, by article file."""
    files = articles[["doc_id", "source"]].rename(columns={"source": "file"})
    out = relations.merge(sentences[["doc_id", "sent_id", "text"]], on=["doc_id", "sent_id"])
    out = out.merge(files, on="doc_id")
    cols = ["file", "sent_id", "source", "target", "relation", "cue", "negated", "weight"]
    return out[[*cols, "alignment", "text"]].sort_values(["file", "sent_id"], kind="stable")


def evidence_view(
    sentence_stance: pd.DataFrame,
    relations: pd.DataFrame,
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
) -> pd.DataFrame:
    """Each evidence sentence with every method's score and the cues behind the lexicon's."""
    cues = (
        relations.assign(
            cue=lambda r: (
                r["cue"].astype(str)
                + np.where(r["negated"].astype(bool).to_numpy(), " (negated)", "")
            )
        )
        .groupby(["doc_id", "sent_id"], sort=False)["cue"]
        .agg(lambda c: "; ".join(dict.fromkeys(c)))
        .rename("cues")
        .reset_index()
    )
    out = (
        sentence_stance.merge(sentences[["doc_id", "sent_id", "text"]], on=["doc_id", "sent_id"])
        .merge(cues, on=["doc_id", "sent_id"], how="left")
        .merge(articles[["doc_id", "source"]].rename(columns={"source": "file"}), on="doc_id")
        .fillna({"cues": ""})
    )
    cols = ["file", "sent_id", "alignment", *METHODS, "cues", "text"]
    return out[cols].sort_values(["file", "sent_id"], kind="stable").reset_index(drop=True)


def article_heading(row: pd.Series) -> str:
    """A Markdown line naming an article and its score; article data is escaped (untrusted)."""
    when = row["published"] if pd.notna(row["published"]) else "undated"
    outlet = row["outlet"] if pd.notna(row["outlet"]) else "outlet unknown"
    name = html.escape(f"{row['source']} ({when}, {outlet})")
    return (
        f"**{name}**: alignment {row['alignment']:+.3f} "
        f"[{row['alignment_ci_low']:+.3f}, {row['alignment_ci_high']:+.3f}], "
        f"{html.escape(str(row['alignment_label']))}, {row['n_evidence']} evidence sentences"
    )


def method_comparison(methods: dict[str, Any]) -> pd.DataFrame:
    """Sentence macro-F1 and accuracy, article accuracy and macro-F1 of each method."""
    rows = []
    for m in METHODS:
        s, a = methods["sentence"][m], methods["article"][m]
        rows.append(
            {
                "method": m,
                "sentence_macro_f1": s["macro_f1"],
                "sentence_accuracy": s["accuracy"],
                "article_accuracy": a.get("accuracy"),
                "article_macro_f1": a.get("macro_f1"),
            }
        )
    return pd.DataFrame(rows).set_index("method")


def gold_errors(rows: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Annotated sentences that at least one method classes differently from the annotator."""
    wrong = pd.concat([rows[f"{m}_class"] != rows["gold"] for m in METHODS], axis=1).any(axis=1)
    out = rows[wrong].merge(
        gold[["doc_id", "sent_id", "file", "text", "relation"]], on=["doc_id", "sent_id"]
    )
    cols = ["file", "gold", *(f"{m}_class" for m in METHODS), "evidence", "relation", "text"]
    return out[cols].sort_values("file", kind="stable").reset_index(drop=True)
