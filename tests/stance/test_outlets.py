import json

import pandas as pd
import pytest

from pipeline.stance.outlets import FRAMING_COLUMNS, framing_by_outlet, framing_records


def _inputs() -> tuple[pd.DataFrame, pd.DataFrame]:
    stance = pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "outlet": ["X", "Y", None], "framing": [0.5, -0.5, 0.1]}
    )
    comps = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "framing_evaluative": [0.2, -0.4, 0.0],
            "framing_sourcing": [1.0, -1.0, 0.0],
            "framing_voices": [0.0, 0.0, 0.5],
            "n_framing_terms": [1, 2, 0],
        }
    )
    return stance, comps


def test_framing_by_outlet_starts_with_all_outlets() -> None:
    table = framing_by_outlet(*_inputs())
    assert table["outlet"].tolist() == ["all outlets", "Y", "(unknown)", "X"]
    assert table.iloc[0]["articles"] == 3 and table.iloc[0]["n_framing_terms"] == 3
    assert table.iloc[0]["framing"] == pytest.approx(0.1 / 3)
    assert table.iloc[1]["framing_sourcing"] == pytest.approx(-1.0)
    assert tuple(table.columns) == FRAMING_COLUMNS


def test_framing_records_are_json_rows_with_stable_bytes() -> None:
    rows = framing_records(framing_by_outlet(*_inputs()))
    assert rows[0]["framing"] == round(0.1 / 3, 6) and isinstance(rows[0]["articles"], int)
    assert json.dumps(rows) == json.dumps(framing_records(framing_by_outlet(*_inputs())))
    empty = framing_by_outlet(*(df.head(0) for df in _inputs()))
    assert empty.empty and framing_records(empty) == []
