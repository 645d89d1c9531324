from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import ContractError
from pipeline.io import empty_frame, read_table, write_table
from pipeline.schemas import COLUMNS


def _stance(**over) -> pd.DataFrame:
    row = {
        "doc_id": "a" * 16,
        "published": date(2020, 1, 1),
        "outlet": "X",
        "alignment": 0.5,
        "alignment_label": "pro_west",
        "alignment_ci_low": 0.1,
        "alignment_ci_high": 0.9,
        "n_evidence": 2,
        "framing": 0.0,
        "framing_label": "neutral",
    }
    row.update(over)
    return pd.DataFrame([row, {**row, "doc_id": "b" * 16}])


def test_valid_table_round_trips_byte_stable(tmp_path: Path) -> None:
    a, b = tmp_path / "a.parquet", tmp_path / "b.parquet"
    write_table(_stance(), a, "article_stance")
    write_table(read_table(a, "article_stance"), b, "article_stance")
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize(
    ("over", "column", "check"),
    [
        ({"alignment": 1.5}, "alignment", "in_range"),
        ({"alignment_label": "maybe"}, "alignment_label", "isin"),
        ({"n_evidence": -1}, "n_evidence", "greater_than_or_equal_to"),
        ({"published": "2020-01-01"}, "published", "is_date_or_null"),
    ],
)
def test_violations_name_column_and_rows(
    tmp_path: Path, over: dict, column: str, check: str
) -> None:
    with pytest.raises(ContractError) as err:
        write_table(_stance(**over), tmp_path / "x.parquet", "article_stance")
    msg = str(err.value)
    assert f"column '{column}'" in msg and check in msg and "doc_id=aaaaaaaaaaaaaaaa" in msg


def test_missing_and_extra_columns_are_named(tmp_path: Path) -> None:
    with pytest.raises(ContractError, match="framing_label"):
        write_table(
            _stance().drop(columns="framing_label"), tmp_path / "x.parquet", "article_stance"
        )
    with pytest.raises(ContractError, match="extra"):
        write_table(_stance().assign(extra=1), tmp_path / "x.parquet", "article_stance")


def test_cross_column_rules_of_articles(tmp_path: Path) -> None:
    row = {
        "doc_id": "c" * 16,
        "source": "a.txt",
        "outlet": None,
        "url": None,
        "title": None,
        "published": None,
        "date_source": "body",
        "published_tz": "WIB",
        "author": None,
        "wires": [],
        "dateline": None,
        "lang": "id",
        "body": "x",
        "n_words": 1,
        "status": "duplicate",
        "reason": None,
        "duplicate_of": None,
        "story_id": None,
    }
    with pytest.raises(ContractError) as err:
        write_table(pd.DataFrame([row]), tmp_path / "a.parquet", "articles")
    msg = str(err.value)
    assert (
        "reason is given" in msg and "duplicate_of is set" in msg and "date_source is 'none'" in msg
    )


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_empty_tables_are_valid(tmp_path: Path, name: str) -> None:
    write_table(empty_frame(name), tmp_path / f"{name}.parquet", name)
