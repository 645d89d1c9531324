import csv
import time
import zipfile
from pathlib import Path

import pandas as pd

from pipeline.report.exports import WORKBOOK, write_exports
from tests.report.sample import sample_exports, sample_inputs

NAMES = [
    "article_scores",
    "evidence_sentences",
    "aggregates",
    "framing_by_outlet",
    "discovered_names",
]


def test_exports_hold_the_stage_outputs_joined_with_their_articles() -> None:
    i = sample_inputs()
    named = sample_exports()
    assert list(named) == NAMES
    scores = named["article_scores"]
    assert len(scores) == len(i.stance) and {"title", "source", "framing_sourcing"} <= set(scores)
    assert sorted(scores["alignment"]) == sorted(i.stance["alignment"])
    ev = named["evidence_sentences"]
    assert len(ev) == len(i.relations) and ev["text"].notna().all()
    assert len(named["aggregates"]) == len(i.aggregates)
    assert named["framing_by_outlet"].iloc[0]["outlet"] == "all outlets"


def test_exports_are_byte_identical_run_to_run(tmp_path: Path) -> None:
    first = write_exports(sample_exports(), tmp_path / "a" / "exports")
    time.sleep(1.1)  # a timestamp in the workbook would now differ
    second = write_exports(sample_exports(), tmp_path / "b" / "exports")
    assert first == second
    assert [e["file"] for e in first] == [f"exports/{n}.csv" for n in NAMES] + [
        f"exports/{WORKBOOK}"
    ]
    for e in first:
        a = (tmp_path / "a" / e["file"]).read_bytes()
        b = (tmp_path / "b" / e["file"]).read_bytes()
        assert a == b, e["file"]
    scores = pd.read_csv(tmp_path / "a/exports/article_scores.csv")
    assert len(scores) == first[0]["rows"]


def test_the_workbook_has_a_sheet_per_table_and_no_formula_from_text(tmp_path: Path) -> None:
    named = sample_exports()
    named["evidence_sentences"].loc[0, "text"] = '=HYPERLINK("http://evil.example","x")'
    write_exports(named, tmp_path / "exports")
    with zipfile.ZipFile(tmp_path / "exports" / WORKBOOK) as z:
        book = z.read("xl/workbook.xml").decode()
        assert all(f'name="{n}"' in book for n in NAMES)
        sheets = "".join(
            z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")
        )
        assert "<f>" not in sheets  # written as text, never as a formula
        assert "HYPERLINK" in z.read("xl/sharedStrings.xml").decode()
        assert "1980-01-01T00:00:00Z" in z.read("docProps/core.xml").decode()
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_csv_cells_a_spreadsheet_would_run_are_prefixed_and_numbers_stay(tmp_path: Path) -> None:
    """OWASP CSV injection: text starting with = + - @ tab or CR gets a leading ' in the CSV;
    the workbook keeps the same text unprefixed, as a string cell."""
    named = sample_exports()
    hostile = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx=1", "\rx=1"]
    ev = named["evidence_sentences"]
    ev = pd.concat([ev] * len(hostile), ignore_index=True).head(len(hostile))
    ev["text"] = hostile
    ev["cue"] = "plain - text"
    named["evidence_sentences"] = ev
    write_exports(named, tmp_path / "exports")
    with (tmp_path / "exports/evidence_sentences.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["text"] for r in rows] == ["'" + h for h in hostile]
    assert {r["cue"] for r in rows} == {"plain - text"}  # only the first character counts
    # negative numbers stay numbers
    assert [float(r["alignment"]) for r in rows] == list(ev["alignment"])
    with zipfile.ZipFile(tmp_path / "exports" / WORKBOOK) as z:
        strings = z.read("xl/sharedStrings.xml").decode()
        sheets = "".join(
            z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")
        )
    assert "<f>" not in sheets and "<t>=1+1</t>" in strings and "<t>'=1+1</t>" not in strings
