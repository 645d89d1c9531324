import json
import os
import stat
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.io import atomic_path, read_table, write_json, write_table
from tests.test_schemas import _stance


def test_writes_replace_the_file_in_one_rename(tmp_path: Path) -> None:
    table, metrics = tmp_path / "out" / "stance.parquet", tmp_path / "out" / "m.json"
    write_table(_stance(), table, "article_stance")
    write_json({"b": 1, "a": [1, 2]}, metrics)
    assert len(read_table(table, "article_stance")) == len(_stance())
    assert json.loads(metrics.read_text()) == {"a": [1, 2], "b": 1}
    assert sorted(p.name for p in table.parent.iterdir()) == ["m.json", "stance.parquet"]
    plain = tmp_path / "plain"
    plain.write_text("x")
    assert stat.S_IMODE(os.stat(table).st_mode) == stat.S_IMODE(os.stat(plain).st_mode)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "stance.parquet"
    write_table(_stance(), path, "article_stance")
    before = path.read_bytes()
    with pytest.raises(RuntimeError), atomic_path(path) as tmp:
        tmp.write_bytes(b"half a file")
        raise RuntimeError("disk full")
    assert path.read_bytes() == before and pq.read_table(path).num_rows == len(_stance())
    with pytest.raises(TypeError):
        write_json({"x": object()}, tmp_path / "m.json")  # not JSON: nothing written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stance.parquet"]


def test_a_table_read_in_part_holds_those_columns_and_is_still_checked(tmp_path: Path) -> None:
    import pandas as pd

    from pipeline.errors import ContractError

    table = tmp_path / "stance.parquet"
    write_table(_stance(), table, "article_stance")
    part = read_table(table, "article_stance", ["doc_id", "alignment"])
    assert list(part.columns) == ["doc_id", "alignment"] and len(part) == len(_stance())
    bad = tmp_path / "bad.parquet"
    _stance().assign(alignment=7.0).to_parquet(bad)  # outside −1…+1
    with pytest.raises(ContractError, match="alignment"):
        read_table(bad, "article_stance", ["doc_id", "alignment"])
    assert isinstance(part, pd.DataFrame)


def test_a_filtered_read_equals_filtering_a_full_read_batch_by_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pandas as pd

    import pipeline.io as io
    from pipeline.errors import ContractError

    table = tmp_path / "stance.parquet"
    stance = pd.concat([_stance()] * 3, ignore_index=True)
    stance["doc_id"] = [f"{i:016x}" for i in range(len(stance))]
    write_table(stance, table, "article_stance")
    monkeypatch.setattr(io, "READ_BATCH_ROWS", 2)  # rows of one label spread over batches
    full = read_table(table, "article_stance")
    for label in full["alignment_label"].unique():
        want = full[full["alignment_label"] == label].reset_index(drop=True)
        pd.testing.assert_frame_equal(
            read_table(table, "article_stance", where=("alignment_label", label)), want
        )
        cols = ["alignment", "doc_id"]  # the filter column need not be read
        pd.testing.assert_frame_equal(
            read_table(table, "article_stance", cols, ("alignment_label", label)), want[cols]
        )
    none = read_table(table, "article_stance", ["doc_id"], ("alignment_label", "nothing"))
    assert none.empty and none["doc_id"].dtype == full["doc_id"].dtype
    bad = tmp_path / "bad.parquet"
    stance.assign(alignment=7.0).to_parquet(bad)
    with pytest.raises(ContractError, match="alignment"):
        read_table(bad, "article_stance", ["doc_id", "alignment"], ("doc_id", stance["doc_id"][0]))


def _articles(n: int):
    """An articles table of ``n`` rows with every kind of column (dates, lists, nulls)."""
    import datetime as dt

    import pandas as pd

    kept = [i % 3 != 0 for i in range(n)]
    return pd.DataFrame(
        {
            "doc_id": [f"{i:016x}" for i in range(n)],
            "source": [f"a/{i}.txt" for i in range(n)],
            "outlet": [None if i % 4 == 0 else f"outlet{i % 5}" for i in range(n)],
            "url": [None] * n,
            "title": [f"Judul {i}" for i in range(n)],
            "published": [dt.date(2023, 1 + i % 12, 1) if i % 5 else None for i in range(n)],
            "date_source": ["byline" if i % 5 else "none" for i in range(n)],
            "published_tz": [None] * n,
            "author": [None] * n,
            "wires": [["Antara"] if i % 2 else [] for i in range(n)],
            "dateline": [None] * n,
            "lang": ["id"] * n,
            "body": [f"Armenia dan Rusia {i}" for i in range(n)],
            "n_words": [4] * n,
            "status": ["kept" if k else "excluded" for k in kept],
            "reason": [None if k else "too short" for k in kept],
            "duplicate_of": [None] * n,
            "story_id": [None] * n,
        }
    )


def test_an_arrow_table_is_written_as_its_frame_would_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow as pa

    import pipeline.io as io

    monkeypatch.setattr(io, "VALIDATE_BATCH_ROWS", 7)  # several batches
    df = _articles(40)
    table = pa.Table.from_pandas(df, preserve_index=False)
    chunked = pa.concat_tables([table.slice(0, 13), table.slice(13, 20), table.slice(33)])
    write_table(df, tmp_path / "frame.parquet", "articles")
    write_table(chunked, tmp_path / "arrow.parquet", "articles")
    assert (tmp_path / "arrow.parquet").read_bytes() == (tmp_path / "frame.parquet").read_bytes()
    empty = table.slice(0, 0)
    write_table(empty, tmp_path / "empty.parquet", "articles")
    write_table(df.iloc[:0], tmp_path / "empty-frame.parquet", "articles")
    assert (tmp_path / "empty.parquet").read_bytes() == (
        tmp_path / "empty-frame.parquet"
    ).read_bytes()


def test_an_arrow_table_that_breaks_the_contract_is_named_by_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow as pa

    import pipeline.io as io
    from pipeline.errors import ContractError

    monkeypatch.setattr(io, "VALIDATE_BATCH_ROWS", 7)
    df = _articles(40)
    bad = df.copy()
    bad.loc[30, "status"] = "lost"  # in the fifth batch
    with pytest.raises(ContractError, match="status") as err:
        write_table(pa.Table.from_pandas(bad, preserve_index=False), tmp_path / "x", "articles")
    assert "30" in str(err.value)
    twice = df.copy()
    twice.loc[35, "doc_id"] = twice.loc[2, "doc_id"]  # a duplicate across two batches
    with pytest.raises(ContractError, match="doc_id"):
        write_table(pa.Table.from_pandas(twice, preserve_index=False), tmp_path / "x", "articles")
    with pytest.raises(ContractError, match="missing"):
        table = pa.Table.from_pandas(df.drop(columns=["body"]), preserve_index=False)
        write_table(table, tmp_path / "x", "articles")
    assert not (tmp_path / "x").exists()
