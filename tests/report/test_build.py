import base64
import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest

from pipeline.report.build import TEMPLATES, build_report
from pipeline.report.tables import AGGREGATE_COLUMNS
from tests.report.htmlcheck import parse
from tests.report.sample import EVIL, FRAMING_TERMS, LABELS, WIRE_BLOC, sample_inputs, summary

SECTIONS = (
    "1. Summary",
    "2. Corpus",
    "3. Entities",
    "4. Alignment over time and by outlet",
    "5. Framing, sourcing and voices",
    "6. Evidence explorer",
    "7. Evaluation against the annotated sets",
    "8. Methods and provenance",
)


def _build(tmp_path: Path, inputs=None, title: str = "T <b>", **kw) -> tuple[str, dict]:
    return build_report(
        inputs or sample_inputs(),
        title=title,
        top_actors=10,
        per_article=5,
        labels=LABELS,
        wire_bloc=WIRE_BLOC,
        params_text="report:\n  top_actors: 10  # <script>",
        root=tmp_path,
        notebooks=["01_clean", "04_report"],
        framing_terms=FRAMING_TERMS,
        **kw,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    return _build(tmp_path_factory.mktemp("report"))


def test_every_section_is_there(built) -> None:
    page = parse(built[0])
    headings = [t for t in page.text.splitlines() if t.strip()]
    for section in SECTIONS:
        assert section in headings
    assert len(page.tags("img")) >= 6


def test_hostile_article_is_inert(built) -> None:
    html, metrics = built
    page = parse(html)
    own = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    assert page.scripts == [own]
    assert page.event_handlers() == []
    assert page.script_urls() == []
    assert "javascript:" not in html
    assert all(str(t["src"]).startswith("data:image/png;base64,") for t in page.tags("img"))
    assert EVIL in page.text  # shown as text ...
    assert EVIL not in html  # ... because it is escaped in the markup
    assert "T <b>" in page.text and "# <script>" in page.text
    assert metrics == sample_inputs().stage_metrics


def test_content_security_policy_allows_only_the_reports_own_script(built) -> None:
    page = parse(built[0])
    (meta,) = [m for m in page.tags("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    digest = hashlib.sha256(page.scripts[0].encode("utf-8")).digest()
    csp = str(meta["content"])
    assert f"script-src 'sha256-{base64.b64encode(digest).decode()}';" in csp
    assert "default-src 'none'" in csp and "img-src data:" in csp


def test_summary_states_the_headline_numbers(built) -> None:
    text = " ".join(parse(built[0]).text.split())
    assert "1 of 2 wire credits (50%) name Russian agencies (TASS)" in text
    assert "1 (50%) Western agencies (AFP)" in text
    assert "most Western-aligned Kompas.com" in text  # the hostile outlet is less Western
    assert "too few dated articles" in text and "(only 2 dated articles: not a finding)" in text


def test_discovered_names_section_is_honest_when_there_are_none(built) -> None:
    assert 'None found: no mention with <code>kind = "discovered"</code>' in built[0]


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The report with a discovered name, stance aggregates and an http(s) URL."""
    inputs = sample_inputs(url="https://example.org/berita?id=1&x=2")
    extra = inputs.mentions.iloc[[0]].assign(
        surface="Zangezur", entity_id="new:zangezur", kind="discovered", bloc="none"
    )
    inputs.mentions = pd.concat([inputs.mentions, extra], ignore_index=True)
    inputs.aggregates = pd.concat(
        [
            inputs.aggregates,
            pd.DataFrame(
                [("outlet", "Outlet From Stance", 7, 0.3, 0.1, 0.5, 0.2)],
                columns=AGGREGATE_COLUMNS,
            ),
        ],
        ignore_index=True,
    )
    return _build(tmp_path_factory.mktemp("variant"), inputs)[0]


def test_discovered_names_are_listed(variant: str) -> None:
    assert "None found" not in variant and "new:zangezur" in variant


def test_stance_aggregates_are_rendered_as_the_stage_wrote_them(built, variant: str) -> None:
    assert "Outlet From Stance" in variant
    assert "aggregates.parquet</code> (stance stage)" in variant
    assert "Outlet From Stance" not in built[0]


def _interval_levels(html: str) -> set[str]:
    """Every "NN% ... interval" label of the report's text."""
    text = " ".join(parse(html).text.split())
    return set(re.findall(r"(\d+)% (?:percentile )?(?:bootstrap )?interval", text))


def test_interval_labels_follow_the_stance_stages_level(built, tmp_path: Path) -> None:
    inputs = sample_inputs()
    inputs.summary = {**inputs.summary, **summary(ci_level=0.95)}
    assert _interval_levels(_build(tmp_path, inputs)[0]) == {"95"}
    assert _interval_levels(built[0]) == {"90"}


def test_the_same_inputs_give_the_same_bytes(built, tmp_path: Path) -> None:
    assert _build(tmp_path)[0] == built[0]


def test_only_http_urls_become_links(variant: str) -> None:
    page = parse(variant)
    hrefs = [str(a.get("href")) for a in page.tags("a")]
    # the explorer's links are made by report.js from its data block's url field
    urls = [r["url"] for r in page.data_rows() if r["url"] is not None]
    assert "https://example.org/berita?id=1&x=2" in urls
    assert "https://www.kompas.com/a" in urls
    assert all(h.startswith(("#", "notebooks/", "https://")) for h in hrefs + urls)


def test_drill_downs_downloads_and_citation_are_in_the_report(tmp_path: Path) -> None:
    (tmp_path / "CITATION.cff").write_text(
        (Path(__file__).resolve().parents[2] / "CITATION.cff").read_text()
    )
    exports = [
        {
            "name": "article_scores",
            "file": "exports/article_scores.csv",
            "rows": 2,
            "description": "scores",
        },
    ]
    html, _ = _build(tmp_path, exports=exports)
    page = parse(html)
    text = page.text
    for heading in (
        "Downloads",
        "Actor by actor: the sentences that name it",
        "Outlet by outlet: articles over time, framing and sourcing",
        "How to cite this report",
    ):
        assert heading in text, heading
    assert "exports/article_scores.csv" in [a.get("href") for a in page.tags("a")]
    assert "Kompas.com (1 analysed article)" in " ".join(text.split())
    assert "Haluan maintainers (2026)" in text
    # the sourcing sentence names the agencies credited (TASS, AFP)
    sourcing = next(line for line in text.splitlines() if "wire credits (" in line)
    assert "(TASS)" in sourcing and "(AFP)" in sourcing


def test_the_evaluation_counts_kept_articles_that_are_annotated_pages() -> None:
    from pipeline.report.build import annotated_count, evaluation_summary

    kept = pd.Series(["body a", "body b", "body b", "body c"])
    assert annotated_count(kept, pd.Series(["body b", None, "body c", "body x"])) == 3
    assert annotated_count(kept, pd.Series([], dtype=str)) == 0
    details = {
        "evaluation": {
            "focal": {"note": "n", "applies_to_measured_corpus": True},
            "headline": {"test_pages": 4, "test_alignment_macro_f1": 0.5},
        }
    }
    articles = sample_inputs().articles
    out = evaluation_summary(details, articles, 1)
    assert out is not None and (out["n_kept"], out["n_annotated"]) == (
        int((articles["status"] == "kept").sum()),
        1,
    )
    assert evaluation_summary({}, articles, 1) is None


def test_the_report_reads_no_article_body(built, tmp_path: Path) -> None:
    from pipeline.report.build import ARTICLE_COLUMNS

    inputs = sample_inputs()
    assert "body" not in ARTICLE_COLUMNS
    inputs.articles = inputs.articles[ARTICLE_COLUMNS]  # as notebooks/04_report.py reads it
    assert _build(tmp_path, inputs)[0] == _build(tmp_path)[0]
