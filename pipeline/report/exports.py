"""The report stage's exports (``reports/exports/``): the tables a researcher takes elsewhere,
as CSV files and one Excel workbook, each byte-identical for the same inputs.

Nothing here computes a statistic: the tables are the stage outputs joined with the article and
sentence they describe. The workbook writes every cell as the value it is (no text becomes a
formula or a link: article text is untrusted) and has fixed document properties and zip entry
timestamps, so its bytes depend on the data alone. In the CSV files a text cell that a
spreadsheet would read as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) is prefixed with ``'`` (OWASP, "CSV Injection"); numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.report import tables
from pipeline.report.cached import Where, cached

WORKBOOK = "haluan.xlsx"
# Fixed creation time written into the workbook (Excel's epoch for zip entries is 1980 too).
FIXED_CREATED = datetime(1980, 1, 1)
EXCEL_MAX_CHARS = 32_767  # Excel's limit for one cell
# A text cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DESCRIPTIONS = {
    "article_scores": "one row per scored article: alignment with its interval, framing and its "
    "components, outlet, date, title, file",
    "evidence_sentences": "one row per coded relation: the article, the sentence, the actors, "
    "the cue and the relation's alignment",
    "aggregates": "the stance stage's aggregates by month, outlet and wire agency, with their "
    "intervals",
    "framing_by_outlet": "the stance stage's mean framing and components per outlet",
    "discovered_names": "names the entity stage found outside the dictionary, with counts and "
    "an example sentence",
}


def export_tables(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    relations: pd.DataFrame,
    stance: pd.DataFrame,
    components: pd.DataFrame,
    aggregates: pd.DataFrame,
    framing_by_outlet: pd.DataFrame,
) -> dict[str, pd.DataFrame]:
    """The exported tables by name (:data:`DESCRIPTIONS`), rows in a fixed order."""
    meta = articles[["doc_id", "source", "title", "url"]]
    scores = (
        stance.merge(components, on="doc_id", how="left")
        .merge(meta, on="doc_id", how="left")
        .sort_values(["published", "source"], na_position="last", kind="stable")
        .reset_index(drop=True)
    )
    scores["published"] = [
        None if tables.none_if_na(d) is None else str(d) for d in scores["published"]
    ]
    evidence = (
        relations.merge(sentences[["doc_id", "sent_id", "text"]], on=["doc_id", "sent_id"])
        .merge(articles[["doc_id", "source"]].rename(columns={"source": "file"}), on="doc_id")
        .rename(columns={"source": "source_actor", "target": "target_actor"})
    )
    evidence = evidence[
        [
            "file",
            "doc_id",
            "sent_id",
            "source_actor",
            "target_actor",
            "relation",
            "cue",
            "negated",
            "weight",
            "alignment",
            "text",
        ]
    ]
    evidence = evidence.sort_values(["file", "sent_id"], kind="stable").reset_index(drop=True)
    return {
        "article_scores": scores,
        "evidence_sentences": evidence,
        "aggregates": aggregates.sort_values(["dimension", "group"]).reset_index(drop=True),
        "framing_by_outlet": framing_by_outlet.reset_index(drop=True),
        "discovered_names": tables.discovered_names(mentions, sentences),
    }


def csv_text(value: Any) -> Any:
    """``value`` as a CSV cell: lists joined with ``"; "``, text a spreadsheet would run as a
    formula prefixed with ``'``; anything else (numbers, dates, missing values) unchanged."""
    if isinstance(value, list | tuple):
        value = "; ".join(map(str, value))
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    value = tables.none_if_na(value)
    if isinstance(value, list | tuple):
        return "; ".join(map(str, value))
    if isinstance(value, str) and len(value) > EXCEL_MAX_CHARS:
        return value[: EXCEL_MAX_CHARS - 1] + "…"
    if hasattr(value, "item"):  # NumPy scalars
        return value.item()
    return value


def workbook_bytes(named: dict[str, pd.DataFrame]) -> bytes:
    """The workbook of :func:`write_workbook` as bytes: one sheet per table, header row frozen;
    byte-identical for the same tables."""
    import xlsxwriter

    buf = io.BytesIO()
    options = {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "nan_inf_to_errors": True,
        "in_memory": True,  # zip entries get the fixed 1980-01-01 time, not temp files' mtime
    }
    with xlsxwriter.Workbook(buf, options) as book:
        book.set_properties(
            {"title": "Haluan exports", "author": "Haluan", "created": FIXED_CREATED}
        )
        bold = book.add_format({"bold": True})
        for name, df in named.items():
            sheet = book.add_worksheet(name[:31])
            sheet.write_row(0, 0, [str(c) for c in df.columns], bold)
            for i, row in enumerate(df.itertuples(index=False, name=None), start=1):
                for j, value in enumerate(row):
                    v = _cell(value)
                    if v is None:
                        continue
                    if isinstance(v, str):
                        sheet.write_string(i, j, v)
                    else:
                        sheet.write(i, j, v)
            sheet.freeze_panes(1, 0)
    return buf.getvalue()


def write_workbook(named: dict[str, pd.DataFrame], path: Path, cache: Where = None) -> Path:
    """:func:`workbook_bytes` written to ``path`` (from the cache when the tables are unchanged:
    :mod:`pipeline.report.cached`)."""
    data = cached("workbook", workbook_bytes, (named,), cache, ("xlsxwriter",))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_exports(
    named: dict[str, pd.DataFrame], directory: Path, cache: Where = None
) -> list[dict[str, Any]]:
    """Each table as ``<name>.csv`` (UTF-8, ``\\n`` line ends, text cells guarded by
    :func:`csv_text`) and all in :data:`WORKBOOK` (text cells written as strings; ``cache``:
    see :func:`write_workbook`); returns what the report links: name, file (relative to
    ``reports/``), rows, description."""
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for name, df in named.items():
        path = directory / f"{name}.csv"
        flat = df.map(csv_text)
        # Every text cell quoted: a carriage return inside one cannot end the row.
        flat.to_csv(
            path, index=False, lineterminator="\n", encoding="utf-8", quoting=csv.QUOTE_NONNUMERIC
        )
        out.append(
            {
                "name": name,
                "file": f"{directory.name}/{path.name}",
                "rows": len(df),
                "description": DESCRIPTIONS.get(name, ""),
            }
        )
    book = write_workbook(named, directory / WORKBOOK, cache)
    out.append(
        {
            "name": "workbook",
            "file": f"{directory.name}/{book.name}",
            "rows": sum(len(df) for df in named.values()),
            "description": "every table above, one sheet each (Excel)",
        }
    )
    return out
