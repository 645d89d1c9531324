"""Hostile articles through the whole pipeline: nothing of them is live in the report."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd
import pytest

from pipeline.report.build import TEMPLATES
from pipeline.report.provenance import dvc_hashes
from tests.report.htmlcheck import parse

pytestmark = pytest.mark.e2e

MARKERS = ("PWNED-script", "PWNED-onerror", "PWNED-href", "PWNED-onclick", "PWNED-outlet")


def test_the_hostile_articles_reach_the_report(hostile_repo: Path) -> None:
    """Precondition: both are analysed, so the report really shows their text."""
    articles = pd.read_parquet(hostile_repo / "data/interim/articles.parquet")
    hostile = articles[articles["source"].str.startswith("hostile")]
    assert sorted(hostile["source"]) == ["hostile.html", "hostile.jsonl#L1"]
    assert (hostile["status"] == "kept").all()
    stance = pd.read_parquet(hostile_repo / "data/processed/article_stance.parquet")
    assert set(hostile["doc_id"]) <= set(stance["doc_id"])
    page = parse((hostile_repo / "reports/index.html").read_text(encoding="utf-8"))
    shown = page.data_strings()  # the explorer's rows, as report.js shows them
    text = " ".join([page.text, *shown, *(parse(s).text for s in shown)])
    for marker in (*MARKERS, "PWNED-title", "PWNED-escaped"):
        assert marker in text, marker
    assert "<b onmouseover=\"document.title='PWNED-outlet'\">Kabar Jahat</b>" in text


def test_nothing_from_the_articles_is_live_in_the_report(hostile_repo: Path) -> None:
    html = (hostile_repo / "reports/index.html").read_text(encoding="utf-8")
    page = parse(html)
    assert page.scripts == [(TEMPLATES / "report.js").read_text(encoding="utf-8")]
    # One data block, which no text can end or turn into markup, holds the explorer's rows.
    block = page.data["explorer-data"]
    assert list(page.data) == ["explorer-data"] and "</" not in block and "<!" not in block
    rows = page.data_rows()
    assert rows and {r["url"] for r in rows} <= {None} | {
        r["url"] for r in rows if str(r["url"]).startswith(("http://", "https://"))
    }
    # The sentences' highlight markup (what report.js sets as HTML) holds only <mark> elements.
    fragments = [parse(x[3]) for r in rows for x in r["sentences"]]
    assert fragments and {t for f in fragments for t, _ in f.elements} <= {"mark"}
    assert not [a for f in fragments for a in f.attributes() if a[1] not in ("class", "title")]
    assert page.event_handlers() == []
    assert page.script_urls() == []
    assert not [a for a in page.attributes() if "PWNED" in a[2]]
    assert not [t for t, _ in page.elements if t in ("iframe", "object", "embed", "base", "form")]
    assert all(str(i.get("src")).startswith("data:image/png;base64,") for i in page.tags("img"))
    hrefs = [str(a.get("href")) for a in page.tags("a")]
    # no URL is known: only anchors, the stage notebooks and the exports beside the report
    assert hrefs and all(h.startswith(("#", "notebooks/", "exports/")) for h in hrefs)
    exports = [h for h in hrefs if h.startswith("exports/")]
    assert exports and all((hostile_repo / "reports" / h).is_file() for h in exports)


def test_nothing_is_live_in_the_executed_notebooks(hostile_repo: Path) -> None:
    exports = sorted((hostile_repo / "reports/notebooks").glob("*.html"))
    # The measuring stages read the hostile articles and ran; train and evaluate read only the
    # annotations, and evaluate is up to date in a copy (its outputs are committed, cache: false).
    measuring = {"01_clean", "02_entities", "03_stance", "04_report"}
    stems = {p.stem for p in exports}
    assert measuring <= stems <= measuring | {"05_train", "06_evaluate"}
    for path in exports:
        page = parse(path.read_text(encoding="utf-8"))
        assert not [s for s in page.scripts if "PWNED" in s], path.name
        assert not [a for a in page.attributes() if "PWNED" in a[2]], path.name
        assert page.script_urls() == [], path.name


def test_provenance_matches_the_run(hostile_repo: Path) -> None:
    html = (hostile_repo / "reports/index.html").read_text(encoding="utf-8")
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=hostile_repo, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert f"Git commit <code>{commit}</code> (clean tree" in html
    hashes = dvc_hashes(hostile_repo)
    assert {h["path"] for h in hashes} >= {"data/raw", "data/processed/article_stance.parquet"}
    for h in hashes:
        assert f"<code>{h['md5']}</code>" in html, h["path"]
    for name in ("01_clean", "02_entities", "03_stance", "04_report"):
        assert f'href="notebooks/{name}.html"' in html
        assert (hostile_repo / "reports/notebooks" / f"{name}.html").exists()


def test_the_explorer_shows_contributions_that_make_each_article_score(hostile_repo: Path) -> None:
    """On a real run: every evidence sentence of the stance stage is shown with its
    ``contribution``, and clip(Σ contributions, −1, 1) is the article's alignment."""
    page = parse((hostile_repo / "reports/index.html").read_text(encoding="utf-8"))
    rows = {r["source"]: r for r in page.data_rows()}
    articles = pd.read_parquet(hostile_repo / "data/interim/articles.parquet")
    table = pd.read_parquet(hostile_repo / "data/processed/sentence_stance.parquet").merge(
        articles[["doc_id", "source"]], on="doc_id"
    )
    stance = pd.read_parquet(hostile_repo / "data/processed/article_stance.parquet").merge(
        articles[["doc_id", "source"]], on="doc_id"
    )
    assert len(table) and (table["contribution"] != table["alignment"]).any()
    for source, group in table.groupby("source"):
        row = rows[source]
        shown = sorted(x[1] for x in row["sentences"] if x[0] == 0)
        assert row["n_hidden"] == 0 and shown == sorted(group["contribution"]), source
        alignment = stance.loc[stance["source"] == source, "alignment"].item()
        assert max(-1.0, min(1.0, sum(shown))) == pytest.approx(alignment, abs=1e-4), source
