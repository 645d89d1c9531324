"""Reading and writing stage tables: validated, deterministic Parquet."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.schemas import COLUMNS, arrow_schema, validate


def empty_frame(name: str) -> pd.DataFrame:
    """An empty table with the contract's columns and types."""
    return arrow_schema(name).empty_table().to_pandas()


def write_table(df: pd.DataFrame, path: str | Path, name: str) -> Path:
    """Validate ``df`` against contract ``name`` and write it as byte-stable Parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if df.empty:  # no rows: the contract's dtypes, whatever the producer inferred
        df = empty_frame(name)
    df = validate(df.reset_index(drop=True), name)
    table = pa.Table.from_pandas(
        df[list(COLUMNS[name])], schema=arrow_schema(name), preserve_index=False
    )
    table = table.replace_schema_metadata(None)  # no pandas/version metadata in the file
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd", write_statistics=False)
    return path


def read_table(path: str | Path, name: str) -> pd.DataFrame:
    """Read a stage table and check it still honours contract ``name``."""
    df = pd.read_parquet(path)
    return validate(df, name)


def write_json(data: Any, path: str | Path) -> Path:
    """Write JSON with sorted keys and a trailing newline (stable bytes)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return path
