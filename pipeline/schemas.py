"""Data contracts of the stage outputs (DESIGN.md), validated at every stage boundary."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

import pandas as pd

from pipeline.errors import ContractError

ENTITY_TYPES = ("COUNTRY", "ORG", "PERSON", "LOC", "OTHER")
KINDS = ("name", "alias", "metonym", "role", "discovered")
BLOCS = ("russia", "west", "focal", "none")
STATUSES = ("kept", "duplicate", "excluded")
DATE_SOURCES = ("metadata", "byline", "body", "url", "none")
# articles.published_tz: the zone the page states with its publication time
TZ_PATTERN = r"^(?:WIB|WITA|WIT|(?:UTC|GMT)(?:[+-]\d{1,2}(?::\d{2})?)?)$"
ALIGNMENT_LABELS = ("pro_russia", "neutral", "pro_west")
FRAMING_LABELS = ("pro_russia", "neutral", "western")

# Column order of each output, exactly as DESIGN.md lists it.
COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (
        "doc_id",
        "source",
        "outlet",
        "url",
        "title",
        "published",
        "date_source",
        "published_tz",
        "author",
        "wires",
        "dateline",
        "lang",
        "body",
        "n_words",
        "status",
        "reason",
        "duplicate_of",
        "story_id",
    ),
    "cleaning_log": ("doc_id", "line_no", "text", "rule", "score"),
    "sentences": ("doc_id", "sent_id", "start", "end", "text", "quote_speaker"),
    "mentions": (
        "doc_id",
        "sent_id",
        "start",
        "end",
        "surface",
        "entity_id",
        "entity_type",
        "kind",
        "bloc",
        "method",
    ),
    "relations": (
        "doc_id",
        "sent_id",
        "source",
        "target",
        "relation",
        "negated",
        "cue",
        "weight",
        "alignment",
    ),
    "article_stance": (
        "doc_id",
        "published",
        "outlet",
        "alignment",
        "alignment_label",
        "alignment_ci_low",
        "alignment_ci_high",
        "n_evidence",
        "framing",
        "framing_label",
    ),
    # Not in DESIGN.md's list: the framing components behind `framing` (an addition).
    "framing_components": (
        "doc_id",
        "framing_evaluative",
        "framing_sourcing",
        "framing_voices",
        "n_framing_terms",
    ),
    # Not in DESIGN.md's list: each evidence sentence's score under every stance method.
    "sentence_stance": (
        "doc_id",
        "sent_id",
        "alignment",
        "lexicon",
        "model",
        "combined",
        "contribution",
    ),
    # Not in DESIGN.md's list: alignment and framing by month, outlet and wire agency.
    "aggregates": (
        "dimension",
        "group",
        "n_articles",
        "alignment",
        "ci_low",
        "ci_high",
        "framing",
    ),
}
AGGREGATE_DIMENSIONS = ("month", "outlet", "wire")


def _is_date_or_null(v: Any) -> bool:
    return v is None or (isinstance(v, date) and not isinstance(v, pd.Timestamp)) or pd.isna(v)


def _is_str_list(v: Any) -> bool:
    return hasattr(v, "__iter__") and not isinstance(v, str) and all(isinstance(x, str) for x in v)


@cache
def _schemas() -> dict[str, Any]:
    import pandera.pandas as pa

    def s(nullable: bool = False, *checks: Any, unique: bool = False) -> Any:
        return pa.Column(str, list(checks), nullable=nullable, unique=unique)

    def i(*checks: Any) -> Any:
        return pa.Column("int64", list(checks))

    def f(*checks: Any, nullable: bool = False) -> Any:
        return pa.Column("float64", list(checks), nullable=nullable)

    isin = pa.Check.isin
    unit = pa.Check.in_range(-1.0, 1.0)
    nonneg = pa.Check.ge(0)
    date_col = pa.Column(
        object,
        pa.Check(_is_date_or_null, element_wise=True, name="is_date_or_null"),
        nullable=True,
    )

    def frame(name: str, cols: dict[str, Any], checks: list[Any] | None = None) -> Any:
        assert tuple(cols) == COLUMNS[name], name
        return pa.DataFrameSchema(cols, checks=checks or [], strict=True, ordered=True, name=name)

    articles = frame(
        "articles",
        {
            "doc_id": s(False, pa.Check.str_matches(r"^[0-9a-f]{16}$"), unique=True),
            "source": s(),
            "outlet": s(True),
            "url": s(True),
            "title": s(True),
            "published": date_col,
            "date_source": s(False, isin(DATE_SOURCES)),
            "published_tz": s(True, pa.Check.str_matches(TZ_PATTERN)),
            "author": s(True),
            "wires": pa.Column(object, pa.Check(_is_str_list, element_wise=True, name="is_list")),
            "dateline": s(True),
            "lang": s(True),
            "body": s(),
            "n_words": i(nonneg),
            "status": s(False, isin(STATUSES)),
            "reason": s(True),
            "duplicate_of": s(True),
            "story_id": s(True),
        },
        [
            pa.Check(
                lambda d: (d["status"] == "kept") | d["reason"].notna(),
                name="reason is given for every article not kept",
            ),
            pa.Check(
                lambda d: (d["status"] == "duplicate") == d["duplicate_of"].notna(),
                name="duplicate_of is set exactly for duplicates",
            ),
            pa.Check(
                lambda d: (d["date_source"] == "none") == d["published"].isna(),
                name="date_source is 'none' exactly when published is null",
            ),
        ],
    )
    cleaning_log = frame(
        "cleaning_log",
        {
            "doc_id": s(),
            "line_no": i(pa.Check.ge(1)),
            "text": s(),
            "rule": s(),
            "score": f(pa.Check.in_range(0.0, 1.0), nullable=True),
        },
    )
    sentences = frame(
        "sentences",
        {
            "doc_id": s(),
            "sent_id": i(nonneg),
            # offsets into the body; the headline's (sentence 0) are negative: counted back
            # from the body's start (pipeline.entities.stage.with_headline)
            "start": i(),
            "end": i(),
            "text": s(),
            "quote_speaker": s(True),
        },
        [pa.Check(lambda d: d["end"] > d["start"], name="end > start")],
    )
    mentions = frame(
        "mentions",
        {
            "doc_id": s(),
            "sent_id": i(nonneg),
            # offsets into the body; the headline's (sentence 0) are negative: counted back
            # from the body's start (pipeline.entities.stage.with_headline)
            "start": i(),
            "end": i(),
            "surface": s(),
            "entity_id": s(),
            "entity_type": s(False, isin(ENTITY_TYPES)),
            "kind": s(False, isin(KINDS)),
            "bloc": s(False, isin(BLOCS)),
            "method": s(),
        },
        [pa.Check(lambda d: d["end"] > d["start"], name="end > start")],
    )
    relations = frame(
        "relations",
        {
            "doc_id": s(),
            "sent_id": i(nonneg),
            "source": s(),
            "target": s(),
            "relation": s(),
            "negated": pa.Column(bool),
            "cue": s(),
            "weight": f(nonneg),
            "alignment": f(unit),
        },
    )
    article_stance = frame(
        "article_stance",
        {
            "doc_id": s(unique=True),
            "published": date_col,
            "outlet": s(True),
            "alignment": f(unit),
            "alignment_label": s(False, isin(ALIGNMENT_LABELS)),
            "alignment_ci_low": f(unit),
            "alignment_ci_high": f(unit),
            "n_evidence": i(nonneg),
            "framing": f(unit),
            "framing_label": s(False, isin(FRAMING_LABELS)),
        },
        [
            pa.Check(
                lambda d: (
                    (d["alignment_ci_low"] <= d["alignment"] + 1e-9)
                    & (d["alignment"] <= d["alignment_ci_high"] + 1e-9)
                ),
                name="alignment lies within its interval",
            ),
        ],
    )
    framing_components = frame(
        "framing_components",
        {
            "doc_id": s(unique=True),
            "framing_evaluative": f(unit),
            "framing_sourcing": f(unit),
            "framing_voices": f(unit),
            "n_framing_terms": i(nonneg),
        },
    )
    sentence_stance = frame(
        "sentence_stance",
        {
            "doc_id": s(),
            "sent_id": i(nonneg),
            "alignment": f(unit),
            "lexicon": f(unit),
            "model": f(unit),
            "combined": f(unit),
            # alignment / the article's denominator: its share of the article's alignment
            "contribution": f(),
        },
        [
            pa.Check(
                lambda d: ~d.duplicated(["doc_id", "sent_id"]),
                name="one row per sentence",
            )
        ],
    )
    aggregates = frame(
        "aggregates",
        {
            "dimension": s(False, isin(AGGREGATE_DIMENSIONS)),
            "group": s(),
            "n_articles": i(pa.Check.ge(1)),
            "alignment": f(unit),
            "ci_low": f(unit),
            "ci_high": f(unit),
            "framing": f(unit),
        },
        [
            pa.Check(
                lambda d: (
                    (d["ci_low"] <= d["alignment"] + 1e-9) & (d["alignment"] <= d["ci_high"] + 1e-9)
                ),
                name="alignment lies within its interval",
            ),
            pa.Check(
                lambda d: ~d.duplicated(["dimension", "group"]),
                name="one row per dimension and group",
            ),
        ],
    )
    return {
        "sentence_stance": sentence_stance,
        "aggregates": aggregates,
        "framing_components": framing_components,
        "articles": articles,
        "cleaning_log": cleaning_log,
        "sentences": sentences,
        "mentions": mentions,
        "relations": relations,
        "article_stance": article_stance,
    }


def _row_label(df: pd.DataFrame, idx: Any) -> str:
    try:
        row = df.loc[idx]
    except (KeyError, TypeError):
        return f"row {idx}"
    if "doc_id" in df.columns:
        extra = f", sent_id={row['sent_id']}" if "sent_id" in df.columns else ""
        return f"row {idx} (doc_id={row['doc_id']}{extra})"
    return f"row {idx}"


def unique_columns(name: str) -> list[str]:
    """The columns contract ``name`` requires to be unique."""
    return [c for c, col in _schemas()[name].columns.items() if col.unique]


def validate(df: pd.DataFrame, name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Check ``df`` against contract ``name``; :class:`ContractError` names columns and rows.

    ``columns``: ``df`` holds only these columns of the contract (a table read in part), checked
    column by column; the table-wide checks ran when the whole table was written."""
    import pandera.errors as pe
    import pandera.pandas as pa

    schema = _schemas()[name]
    if columns is not None:
        part = schema.select_columns(list(columns))
        schema = pa.DataFrameSchema(part.columns, strict=True, name=part.name)
    try:
        return schema.validate(df, lazy=True)
    except pe.SchemaErrors as err:
        cases = err.failure_cases
        lines = [f"{name} violates its data contract (DESIGN.md):"]
        for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=True):
            rows = [_row_label(df, ix) for ix in group["index"].dropna().unique()[:5]]
            values = list(dict.fromkeys(repr(v)[:60] for v in group["failure_case"]))[:3]
            where = f"column '{column}'" if isinstance(column, str) and column else "table"
            more = f" and {len(group) - len(rows)} more" if len(group) > len(rows) else ""
            lines.append(
                f"  {where}: check '{check}' failed for {', '.join(rows) or 'the table'}{more}"
                f" (values: {', '.join(values)})"
            )
        raise ContractError("\n".join(lines)) from None


def arrow_schema(name: str) -> Any:
    """The Parquet (Arrow) schema of output ``name``: fixed types, so files are byte-stable."""
    import pyarrow as pa

    string, i64, f64 = pa.string(), pa.int64(), pa.float64()
    types: dict[str, Any] = {
        "published": pa.date32(),
        "wires": pa.list_(string),
        "n_words": i64,
        "line_no": i64,
        "sent_id": i64,
        "start": i64,
        "end": i64,
        "negated": pa.bool_(),
        "weight": f64,
        "alignment": f64,
        "alignment_ci_low": f64,
        "alignment_ci_high": f64,
        "n_evidence": i64,
        "framing": f64,
        "framing_evaluative": f64,
        "framing_sourcing": f64,
        "framing_voices": f64,
        "n_framing_terms": i64,
        "lexicon": f64,
        "model": f64,
        "combined": f64,
        "contribution": f64,
        "n_articles": i64,
        "ci_low": f64,
        "ci_high": f64,
        "score": f64,
    }
    return pa.schema([(c, types.get(c, string)) for c in COLUMNS[name]])
