"""Leave-one-outlet-out on tune: an outlet's rules and classifier lines left out for its pages."""

from __future__ import annotations

from pipeline import devcorpus
from pipeline.clean.lines import load_line_lexicon
from pipeline.config import load_params
from pipeline.evaluate import leave_one_outlet_out
from tests.conftest import ROOT


def test_leave_one_outlet_out_on_two_tune_outlets() -> None:
    dev = devcorpus.load(ROOT / "data/annotations/dev")
    tune = dev.articles[dev.articles["split"] == "tune"]
    ids = sorted(tune.loc[tune["outlet"].isin(["Kompas TV", "Okezone"]), "id"])
    cfg = load_params(ROOT / "params.yaml")
    out = leave_one_outlet_out(
        dev,
        ids,
        ROOT / "data/lexicons/boilerplate.yaml",
        load_line_lexicon(ROOT / "data/lexicons/line_features.yaml"),
        cfg.clean,
        cfg.stance.seed,
    )
    assert out["pages"] == len(ids) and out["outlets"] == 2
    assert out["rules_left_out"] == {"Kompas TV": ["Kompas TV"], "Okezone": ["Okezone"]}
    assert 0.0 <= out["outlet_correct"]["share"] <= 1.0
    assert out["dates_exact"]["of"] == len(ids)
    assert {e["id"] for e in out["errors"]} <= set(ids)  # only these pages were scored


def test_titles_are_scored_against_the_labelled_headline_the_slug_names() -> None:
    import pandas as pd

    from pipeline.evaluation import gold_titles, title_scores

    gold = pd.DataFrame(
        {
            "id": ["p1", "p2", "p3"],
            "url": [
                "https://x.com/read/2024/05/08/123456/armenia-bekukan-csto-pashinyan-ke-moskow",
                "https://x.com/berita/armenia-beli-radar",
                "https://y.ru/248311-posle-zvartnoca-rossijskie",  # another language
            ],
        }
    )
    lines = pd.DataFrame(
        {
            "id": ["p1", "p1", "p2", "p3"],
            "label": ["metadata", "metadata", "metadata", "metadata"],
            "text": [
                "Armenia Bekukan CSTO, Pashinyan ke Moskow - X News",  # the <title>
                "Armenia Bekukan CSTO, Pashinyan ke Moskow",  # the <h1>
                "Armenia Beli Radar",
                "Setelah Zvartnots, penjaga perbatasan Rusia tetap",
            ],
        }
    )
    heads = gold_titles(gold, lines)
    assert heads == {
        "p1": "Armenia Bekukan CSTO, Pashinyan ke Moskow",
        "p2": "Armenia Beli Radar",
        "p3": None,
    }
    articles = pd.DataFrame(
        {
            "doc_id": ["d1", "d2", "d3"],
            "title": ["armenia bekukan CSTO, pashinyan ke moskow", None, "x"],
        }
    )
    out = title_scores(gold, lines, articles, {"p1": "d1", "p2": "d2", "p3": "d3"})
    assert out["exact"]["n"] == 1 and out["normalised"] == {"share": 0.5, "n": 1, "of": 2}
    assert out["no_headline"] == ["p3"] and out["errors"][0]["id"] == "p2"


def test_gold_stories_are_chains_of_duplicate_of_links() -> None:
    import pandas as pd

    from pipeline.evaluation import duplicate_scores, story_pairs

    links = [("b08", "b01"), ("b01", "g03"), ("c10", "c08")]
    known = {"b08", "b01", "g03", "c10", "c08"}
    assert story_pairs(links, known) == {
        frozenset(p) for p in (("b01", "b08"), ("b01", "g03"), ("b08", "g03"), ("c08", "c10"))
    }
    assert story_pairs(links, known - {"b01"}) == {
        frozenset(("b08", "g03")),
        frozenset(("c08", "c10")),
    }
    gold = pd.DataFrame({"id": ["g03", "b01", "b08", "x"], "duplicate_of": ["", "g03", "b01", ""]})
    ids = {i: f"doc-{i}" for i in gold["id"]}
    stages = pd.DataFrame(
        {"doc_id": list(ids.values()), "story_id": ["doc-g03", "doc-g03", "doc-g03", "doc-x"]}
    )
    out = duplicate_scores(gold, stages, ids)
    assert (out["tp"], out["fp"], out["fn"], out["false_pairs"]) == (3, 0, 0, [])
    split = stages.assign(story_id=["doc-g03", "doc-g03", "doc-b08", "doc-x"])
    out = duplicate_scores(gold, split, ids)
    assert (out["tp"], out["fn"]) == (1, 2) and out["missed"] == [["b01", "b08"], ["b08", "g03"]]
