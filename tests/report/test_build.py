from datetime import date

import pandas as pd
import pytest

from pipeline.io import empty_frame
from pipeline.report.build import ReportInputs, build_report, highlight, outlet_table, safe_url


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.kompas.com/a", True),
        ("http://tempo.co/x?y=1", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("  javascript:alert(1)", False),
        ("data:text/html,<script>", False),
        ('https://x.com/"onmouseover="alert(1)', False),
        ("//evil.com/x", False),
        (None, False),
    ],
)
def test_only_http_urls_become_links(url, ok: bool) -> None:
    assert (safe_url(url) is not None) == ok


def test_highlight_escapes_text_and_titles() -> None:
    html = str(
        highlight('<b>Rusia</b> & "NATO"', [(3, 8, "bloc-russia", '<img src=x onerror="a()">')])
    )
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert (
        '<mark class="bloc-russia" title="&lt;img src=x onerror=&quot;a()&quot;&gt;">Rusia</mark>'
        in html
    )


def _hostile_inputs() -> ReportInputs:
    evil = '<script>alert("x")</script><img src=x onerror="alert(1)">'
    body = f"Rusia membantu Armenia. {evil}"
    doc = "a" * 16
    articles = pd.DataFrame(
        [
            {
                "doc_id": doc,
                "source": f"{evil}.txt",
                "outlet": evil,
                "url": "javascript:alert(1)",
                "title": evil,
                "published": date(2024, 6, 13),
                "date_source": "body",
                "author": None,
                "wires": ["AFP"],
                "dateline": None,
                "lang": "id",
                "body": body,
                "n_words": 6,
                "status": "kept",
                "reason": None,
                "duplicate_of": None,
            }
        ]
    )
    sentences = pd.DataFrame(
        [
            {
                "doc_id": doc,
                "sent_id": 0,
                "start": 0,
                "end": len(body),
                "text": body,
                "quote_speaker": None,
            }
        ]
    )
    mentions = pd.DataFrame(
        [
            {
                "doc_id": doc,
                "sent_id": 0,
                "start": 0,
                "end": 5,
                "surface": "Rusia",
                "entity_id": "RUS",
                "entity_type": "COUNTRY",
                "kind": "name",
                "bloc": "russia",
                "method": "dictionary",
            },
            {
                "doc_id": doc,
                "sent_id": 0,
                "start": 15,
                "end": 22,
                "surface": "Armenia",
                "entity_id": "ARM",
                "entity_type": "COUNTRY",
                "kind": "name",
                "bloc": "focal",
                "method": "dictionary",
            },
        ]
    )
    relations = pd.DataFrame(
        [
            {
                "doc_id": doc,
                "sent_id": 0,
                "source": "RUS",
                "target": "ARM",
                "relation": "cooperation",
                "negated": False,
                "cue": "membantu",
                "weight": 1.0,
                "alignment": -1.0,
            }
        ]
    )
    stance = pd.DataFrame(
        [
            {
                "doc_id": doc,
                "published": date(2024, 6, 13),
                "outlet": evil,
                "alignment": -0.5,
                "alignment_label": "pro_russia",
                "alignment_ci_low": -0.5,
                "alignment_ci_high": -0.5,
                "n_evidence": 1,
                "framing": 0.0,
                "framing_label": "neutral",
            }
        ]
    )
    components = pd.DataFrame(
        [
            {
                "doc_id": doc,
                "framing_evaluative": 0.0,
                "framing_sourcing": 1.0,
                "framing_voices": 0.0,
                "n_framing_terms": 0,
            }
        ]
    )
    monthly = pd.DataFrame(
        [
            {
                "month": "2024-06",
                "n_articles": 1,
                "alignment": -0.5,
                "ci_low": -0.5,
                "ci_high": -0.5,
                "framing": 0.0,
            }
        ]
    )
    return ReportInputs(
        articles,
        empty_frame("cleaning_log"),
        sentences,
        mentions,
        relations,
        stance,
        components,
        monthly,
        {"clean": {"articles": 1}},
    )


def test_hostile_article_is_inert_in_the_report(tmp_path) -> None:
    html, metrics = build_report(
        _hostile_inputs(),
        title="T",
        top_actors=10,
        per_article=5,
        labels={"RUS": "Rusia"},
        wire_bloc={"AFP": 1},
        params_text="a: 1",
        root=tmp_path,
        notebooks=["01_clean"],
    )
    assert "<script>alert" not in html
    assert 'onerror="alert' not in html
    assert "javascript:" not in html
    assert "&lt;script&gt;alert" in html
    assert html.count("<script>") == 1  # only the report's own table sorter
    assert metrics == {"clean": {"articles": 1}}
    assert '<mark class="cue"' in html and 'class="bloc-russia"' in html


def test_outlet_table_orders_by_alignment() -> None:
    stance = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "outlet": ["X", None, "X"],
            "alignment": [0.5, -0.2, 0.1],
            "alignment_ci_low": [0.0, -0.4, 0.0],
            "alignment_ci_high": [0.6, 0.0, 0.2],
            "framing": [0.0, 0.1, 0.2],
        }
    )
    table = outlet_table(stance)
    assert table["outlet"].tolist() == ["(unknown)", "X"]
    assert table["alignment"].tolist() == [-0.2, 0.3]
