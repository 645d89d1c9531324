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
