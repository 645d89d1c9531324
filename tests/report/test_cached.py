"""Report parts from the cache are the bytes of computing them, and are recomputed exactly
when what they read changes (pipeline/report/cached.py)."""

import logging
import re
from pathlib import Path

import pandas as pd
import pytest

from pipeline.config import ComputeParams
from pipeline.report.build import build_report
from pipeline.report.cached import cached, content_key
from pipeline.report.exports import workbook_bytes, write_exports
from tests.report.sample import FRAMING_TERMS, LABELS, WIRE_BLOC, sample_exports, sample_inputs

ROOT = Path(__file__).resolve().parents[2]


LOGGED = re.compile(r"report-([\w-]+): \d+ of \d+ shards cached, computing (\d+)")


def _computed(caplog: pytest.LogCaptureFixture) -> dict[str, int]:
    """Parts computed (not cached), from pipeline.shards' log."""
    out = {}
    for rec in caplog.records:
        m = LOGGED.match(rec.getMessage())
        if m:
            out[m[1]] = int(m[2])
    return out


def _build(root: Path, inputs, cache) -> str:
    return build_report(
        inputs,
        title="T",
        top_actors=10,
        per_article=5,
        labels=LABELS,
        wire_bloc=WIRE_BLOC,
        params_text="",
        root=root,
        notebooks=["04_report"],
        framing_terms=FRAMING_TERMS,
        cache=cache,
    )[0]


def test_a_report_from_the_cache_is_the_computed_report(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = (ROOT, ComputeParams(cache_dir=str(tmp_path / "cache")))
    plain = _build(tmp_path, sample_inputs(), None)
    with caplog.at_level(logging.INFO, logger="pipeline.shards"):
        assert _build(tmp_path, sample_inputs(), cache) == plain
        first = _computed(caplog)
        assert first["explorer"] == 1 and first["figure-actors"] == 1 and len(first) >= 6
        caplog.clear()
        assert _build(tmp_path, sample_inputs(), cache) == plain
        assert set(_computed(caplog).values()) == {0}  # every part from the cache
        # an article that is not kept: the explorer's and figures' inputs are unchanged
        grown = sample_inputs()
        extra = grown.articles.iloc[[0]].assign(doc_id="c" * 16, source="new.txt")
        extra = extra.assign(status="duplicate", reason="exact duplicate of good.txt")
        grown.articles = pd.concat([extra, grown.articles], ignore_index=True)
        caplog.clear()
        html = _build(tmp_path, grown, cache)
        assert _computed(caplog)["explorer"] == 0
        assert html == _build(tmp_path, grown, None) and html != plain
        # a changed score: the explorer is computed again
        changed = sample_inputs()
        changed.stance.loc[0, "alignment"] = -0.99
        caplog.clear()
        assert _build(tmp_path, changed, cache) == _build(tmp_path, changed, None)
        assert _computed(caplog)["explorer"] == 1


def test_the_cached_workbook_is_the_computed_one(tmp_path: Path) -> None:
    named = sample_exports()
    cache = (ROOT, ComputeParams(cache_dir=str(tmp_path / "cache")))
    for _ in range(2):  # computed, then from the cache
        write_exports(named, tmp_path / "exports", cache)
        assert (tmp_path / "exports" / "haluan.xlsx").read_bytes() == workbook_bytes(named)
    named["aggregates"].loc[0, "alignment"] = 0.123
    write_exports(named, tmp_path / "exports", cache)
    assert (tmp_path / "exports" / "haluan.xlsx").read_bytes() == workbook_bytes(named)


def _double(df: pd.DataFrame) -> pd.DataFrame:
    return df * 2


def test_a_key_changes_with_values_index_names_and_types(tmp_path: Path) -> None:
    df = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}, index=["r", "s"])
    keys = {
        content_key(v)
        for v in (
            df,
            df.assign(a=[1, 3]),
            df.set_axis(["r", "t"]),
            df.rename(columns={"b": "c"}),
            df.astype({"a": float}),
            {"t": df},
            (df, 1),
        )
    }
    assert len(keys) == 7
    assert content_key(df) == content_key(df.copy())
    where = (ROOT, ComputeParams(cache_dir=str(tmp_path / "c")))
    pd.testing.assert_frame_equal(cached("double", _double, (df[["a"]],), where), df[["a"]] * 2)
    pd.testing.assert_frame_equal(cached("double", _double, (df[["a"]],), where), df[["a"]] * 2)
