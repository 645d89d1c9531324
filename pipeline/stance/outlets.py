"""Per-outlet framing: the mean framing and mean of each framing component per outlet, as the
stance stage writes it into ``stance_summary.json`` (``framing_by_outlet``) for the report."""

from __future__ import annotations

from typing import Any

import pandas as pd

UNKNOWN_OUTLET = "(unknown)"
ALL_OUTLETS = "all outlets"
COMPONENTS = ("framing_evaluative", "framing_sourcing", "framing_voices")
FRAMING_COLUMNS = ("outlet", "articles", "framing", *COMPONENTS, "n_framing_terms")


def framing_by_outlet(stance: pd.DataFrame, components: pd.DataFrame) -> pd.DataFrame:
    """Mean framing and mean of each framing component per outlet (and overall, first row
    ``all outlets``); outlets ordered from the Russian side, then by name."""
    cols = list(FRAMING_COLUMNS)
    df = stance[["doc_id", "outlet", "framing"]].merge(components, on="doc_id", how="inner")
    if df.empty:
        return pd.DataFrame(columns=cols)
    df = df.assign(outlet=df["outlet"].fillna(UNKNOWN_OUTLET))
    agg = {c: (c, "mean") for c in ("framing", *COMPONENTS)}
    g = df.groupby("outlet").agg(
        articles=("doc_id", "size"), n_framing_terms=("n_framing_terms", "sum"), **agg
    )
    g = g.reset_index().sort_values(["framing", "outlet"])
    overall = pd.DataFrame(
        [
            {
                "outlet": ALL_OUTLETS,
                "articles": len(df),
                "n_framing_terms": int(df["n_framing_terms"].sum()),
                **{c: float(df[c].mean()) for c in ("framing", *COMPONENTS)},
            }
        ]
    )
    return pd.concat([overall, g], ignore_index=True)[cols]


def framing_records(table: pd.DataFrame, digits: int = 6) -> list[dict[str, Any]]:
    """:func:`framing_by_outlet` as JSON rows (means rounded to ``digits``: stable bytes)."""
    return [
        {
            "outlet": str(r["outlet"]),
            "articles": int(r["articles"]),
            **{c: round(float(r[c]), digits) for c in ("framing", *COMPONENTS)},
            "n_framing_terms": int(r["n_framing_terms"]),
        }
        for r in table.to_dict("records")
    ]
