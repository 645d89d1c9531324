"""Reading and writing stage tables: validated, deterministic Parquet."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.errors import ContractError
from pipeline.schemas import COLUMNS, arrow_schema, unique_columns, validate


def empty_frame(name: str) -> pd.DataFrame:
    """An empty table with the contract's columns and types."""
    return arrow_schema(name).empty_table().to_pandas()


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path in ``path``'s folder that replaces ``path`` (one rename) once the block
    ends without error; on an error it is removed and ``path`` is left as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's 0600 would differ from a plain write
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


VALIDATE_BATCH_ROWS = 20_000  # rows of an Arrow table checked at a time by :func:`write_table`


def write_table(data: pd.DataFrame | Any, path: str | Path, name: str) -> Path:
    """Validate ``data`` (a frame, or an Arrow table) against contract ``name`` and write it as
    byte-stable Parquet, atomically (:func:`atomic_path`: a crash never leaves a half-written
    file). An Arrow table is written as it is, checked :data:`VALIDATE_BATCH_ROWS` rows at a
    time (unique columns over the whole table), so a large table is never held in pandas."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if isinstance(data, pa.Table) and data.num_rows:
        table = _checked_arrow(data, name)
    else:
        df = data.to_pandas() if isinstance(data, pa.Table) else data
        if df.empty:  # no rows: the contract's dtypes, whatever the producer inferred
            df = empty_frame(name)
        df = validate(df.reset_index(drop=True), name)
        table = pa.Table.from_pandas(
            df[list(COLUMNS[name])], schema=arrow_schema(name), preserve_index=False
        )
    table = table.replace_schema_metadata(None)  # no pandas/version metadata in the file
    path = Path(path)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd", write_statistics=False)
    return path


def _checked_arrow(table: Any, name: str) -> Any:
    """``table``'s contract columns in the contract's Arrow types, one chunk per column (what
    ``Table.from_pandas`` gives, so the file's bytes are the same), checked against contract
    ``name`` in row batches; a failure names the rows by their position in the whole table."""
    missing = [c for c in COLUMNS[name] if c not in table.column_names]
    extra = [c for c in table.column_names if c not in COLUMNS[name]]
    if missing or extra:
        raise ContractError(
            f"{name} violates its data contract (DESIGN.md): columns missing {missing},"
            f" not in the contract {extra}"
        )
    table = table.select(list(COLUMNS[name])).cast(arrow_schema(name)).combine_chunks()
    for start in range(0, table.num_rows, VALIDATE_BATCH_ROWS):
        part = table.slice(start, VALIDATE_BATCH_ROWS).to_pandas()
        part.index = pd.RangeIndex(start, start + len(part))
        validate(part, name)
    if table.num_rows > VALIDATE_BATCH_ROWS:
        for column in unique_columns(name):  # a batch saw only its own rows
            validate(table.select([column]).to_pandas(), name, [column])
    return table


def read_table(
    path: str | Path,
    name: str,
    columns: Sequence[str] | None = None,
    where: tuple[str, Any] | None = None,
) -> pd.DataFrame:
    """Read a stage table and check it still honours contract ``name``; ``columns`` reads only
    those (a stage that needs a few columns of a large table holds only them in memory);
    ``where`` = ``(column, value)`` only the rows whose ``column`` equals ``value``, in the
    file's order, filtered batch by batch while reading (the other rows are never held)."""
    cols = None if columns is None else list(columns)
    df = pd.read_parquet(path, columns=cols) if where is None else _read_where(path, cols, where)
    return validate(df, name, columns)


READ_BATCH_ROWS = 4096  # rows decoded at a time by a filtered read


def _read_where(
    path: str | Path, columns: list[str] | None, where: tuple[str, Any]
) -> pd.DataFrame:
    """The rows of a Parquet file whose ``where[0]`` equals ``where[1]``, in the file's order,
    decoded :data:`READ_BATCH_ROWS` at a time (the same frame as filtering a full read)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    column, value = where
    file = pq.ParquetFile(path)
    names = file.schema_arrow.names if columns is None else columns
    read = names if column in names else [*names, column]
    parts = [
        batch.filter(pc.equal(batch.column(column), value))
        for batch in file.iter_batches(batch_size=READ_BATCH_ROWS, columns=read)
    ]
    schema = pa.schema([file.schema_arrow.field(n) for n in read])
    table = pa.Table.from_batches(parts, schema=schema)
    return table.select(names).to_pandas()


def write_json(data: Any, path: str | Path) -> Path:
    """Write JSON with sorted keys and a trailing newline (stable bytes), atomically."""
    path = Path(path)
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


# The DVC metrics of each stage (``reports/metrics/<stage>.json``): a few headline figures, each
# a path into the stage's details (``reports/<stage>-details.json``), so `dvc metrics show` stays
# one readable table. Every other figure is in the details.
HEADLINE_METRICS: dict[str, dict[str, tuple[str, ...]]] = {
    "clean": {"articles": ("articles",), "kept": ("by_status", "kept")},
    "entities": {"mentions": ("mentions",)},
    "train": {"sentences": ("sentences",)},
    "stance": {"relations": ("relations",)},
    "evaluation": {
        "alignment_f1": ("headline", "test_alignment_macro_f1"),
        "framing_f1": ("headline", "test_framing_macro_f1"),
    },
}


def headline_metrics(stage: str, details: dict[str, Any]) -> dict[str, Any]:
    """The stage's :data:`HEADLINE_METRICS` taken from its details (missing ones: 0 counts)."""
    out = {}
    for name, path in HEADLINE_METRICS[stage].items():
        value: Any = details
        for part in path:
            value = value.get(part, 0) if isinstance(value, dict) else 0
        out[name] = value
    return out


def write_metrics(
    stage: str, details: dict[str, Any], details_path: str | Path, metrics_path: str | Path
) -> None:
    """Write the stage's details and its headline DVC metrics (:func:`headline_metrics`)."""
    write_json(details, details_path)
    write_json(headline_metrics(stage, details), metrics_path)
